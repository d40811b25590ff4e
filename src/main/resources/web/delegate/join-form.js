// <bp-join-form>: the join code form; fires 'join' with {detail: code}.
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';

class JoinForm extends BpElement {
    static properties = { message: {}, busy: { type: Boolean } };

    render() {
        return html`<section class="card join" aria-labelledby="join-title">
            <h1 id="join-title">${t('join.title')}</h1>
            <p>${t('join.intro')}</p>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            <form @submit=${this.#submit}>
                <label for="join-code">${t('join.codeLabel')}</label>
                <input
                    id="join-code"
                    name="code"
                    required
                    maxlength="64"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    placeholder="XXXX-XXXX-XXXX-XXXX"
                />
                <button type="submit" class="primary" ?disabled=${this.busy}>
                    ${this.busy ? t('join.joining') : t('join.submit')}
                </button>
            </form>
        </section>`;
    }

    #submit(e) {
        e.preventDefault();
        const code = new FormData(e.target).get('code').trim();
        if (code) {
            this.dispatchEvent(new CustomEvent('join', { detail: code }));
        }
    }
}
customElements.define('bp-join-form', JoinForm);
