// <bp-join-qr text="…" label="…">: a QR code of a text (a delegate's join link), drawn on a canvas by qr-creator,
// the library the delegate page draws its check-in code with.
import { html } from 'lit';
import QrCreator from 'qr-creator';
import { BpElement } from '../shared/element.js';

class JoinQr extends BpElement {
    static properties = { text: {}, label: {} };

    render() {
        return html`<div class="qr join-qr" role="img" aria-label=${this.label ?? ''} data-qr-text=${this.text ?? ''}></div>`;
    }

    updated(changed) {
        if (changed.has('text') && this.text) {
            const box = this.querySelector('.qr');
            box.replaceChildren();
            QrCreator.render({ text: this.text, radius: 0, ecLevel: 'M', fill: '#000000', background: '#ffffff', size: 220 }, box);
        }
    }
}
customElements.define('bp-join-qr', JoinQr);
