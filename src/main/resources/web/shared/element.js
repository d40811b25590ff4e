// The base of every component: Lit, rendered into the light DOM (so the one stylesheet applies and the pages need
// no inline styles under the CSP), re-rendered when the language changes.
import { LitElement } from 'lit';
import { onLanguageChange } from './i18n.js';

export class BpElement extends LitElement {
    #stopListening = null;

    createRenderRoot() {
        return this;
    }

    connectedCallback() {
        super.connectedCallback();
        this.#stopListening = onLanguageChange(() => this.requestUpdate());
    }

    disconnectedCallback() {
        this.#stopListening?.();
        super.disconnectedCallback();
    }
}
