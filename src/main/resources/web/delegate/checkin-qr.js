// <bp-checkin-qr payload="BPCHK:…">: the delegate's check-in QR code, drawn on a canvas by qr-creator.
import { html } from 'lit';
import QrCreator from 'qr-creator';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';

class CheckInQr extends BpElement {
    static properties = { payload: {} };

    render() {
        return html`<div class="qr" role="img" aria-label=${t('checkin.qrLabel')} data-payload=${this.payload ?? ''}></div>`;
    }

    updated(changed) {
        if (changed.has('payload') && this.payload) {
            const box = this.querySelector('.qr');
            box.replaceChildren();
            // quiet zone and contrast as scanners like them: black on white, medium error correction
            QrCreator.render({ text: this.payload, radius: 0, ecLevel: 'M', fill: '#000000', background: '#ffffff', size: 240 }, box);
        }
    }
}
customElements.define('bp-checkin-qr', CheckInQr);
