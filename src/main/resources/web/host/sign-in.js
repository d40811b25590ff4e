// <bp-host-sign-in>: the sign-in form of a host site's account (an organizer's works too); fires 'sign-in' with
// {detail: {username, password}}.
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';

class HostSignIn extends BpElement {
    static properties = { message: {}, busy: { type: Boolean }, waiting: { type: Number } };

    render() {
        return html`<section class="card sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">${t('host.signIn.title')}</h1>
            <p>${t('host.signIn.intro')}</p>
            ${this.waiting ? html`<p class="notice" role="status">${t('host.signIn.waiting', { count: this.waiting })}</p>` : ''}
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            <form @submit=${this.#submit}>
                <label for="host-username">${t('host.signIn.username')}</label>
                <input id="host-username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" />
                <label for="host-password">${t('host.signIn.password')}</label>
                <input id="host-password" name="password" type="password" required autocomplete="current-password" />
                <button type="submit" class="primary" ?disabled=${this.busy}>
                    ${this.busy ? t('host.signIn.busy') : t('host.signIn.submit')}
                </button>
            </form>
        </section>`;
    }

    #submit(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const username = form.get('username').trim();
        const password = form.get('password');
        if (username && password) {
            this.dispatchEvent(new CustomEvent('sign-in', { detail: { username, password } }));
        }
    }
}
customElements.define('bp-host-sign-in', HostSignIn);
