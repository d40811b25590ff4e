// <bp-host-sign-in>: the sign-in form of a host site's account (an organizer's works too); fires 'sign-in' with
// {detail: {username, password}}. "I have a reset code" turns it into the form that sets a new password with a code
// an organizer gave out; it fires 'reset-password' with {detail: {username, resetCode, newPassword}}.
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { matchingNewPassword, newPasswords } from './password.js';

class HostSignIn extends BpElement {
    static properties = {
        message: {},
        busy: { type: Boolean },
        waiting: { type: Number },
        resetting: { type: Boolean },
        error: { state: true },
    };

    render() {
        const message = this.error ?? this.message;
        return html`<section class="card sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title" tabindex="-1">${t(this.resetting ? 'host.reset.title' : 'host.signIn.title')}</h1>
            <p>${t(this.resetting ? 'host.reset.intro' : 'host.signIn.intro')}</p>
            ${this.waiting ? html`<p class="notice" role="status">${t('host.signIn.waiting', { count: this.waiting })}</p>` : ''}
            ${message ? html`<p class="alert" role="alert">${message}</p>` : ''}
            ${this.resetting ? this.#resetForm() : this.#signInForm()}
        </section>`;
    }

    #signInForm() {
        return html`<form @submit=${this.#submit}>
                <label for="host-username">${t('host.signIn.username')}</label>
                <input id="host-username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" />
                <label for="host-password">${t('host.signIn.password')}</label>
                <input id="host-password" name="password" type="password" required autocomplete="current-password" />
                <button type="submit" class="primary" ?disabled=${this.busy}>
                    ${this.busy ? t('host.signIn.busy') : t('host.signIn.submit')}
                </button>
            </form>
            <button type="button" class="link" @click=${() => this.#switch(true)}>${t('host.reset.link')}</button>`;
    }

    #resetForm() {
        return html`<form @submit=${this.#submitReset}>
                <label for="reset-username">${t('host.signIn.username')}</label>
                <input id="reset-username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" />
                <label for="reset-code">${t('host.reset.code')}</label>
                <input id="reset-code" name="resetCode" required autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX" />
                ${newPasswords()}
                <button type="submit" class="primary" ?disabled=${this.busy}>
                    ${this.busy ? t('host.password.busy') : t('host.reset.submit')}
                </button>
            </form>
            <button type="button" class="link" @click=${() => this.#switch(false)}>${t('host.password.back')}</button>`;
    }

    async #switch(resetting) {
        this.resetting = resetting;
        this.error = null;
        this.dispatchEvent(new CustomEvent('mode'));
        await this.updateComplete;
        this.querySelector('#sign-in-title')?.focus();
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

    #submitReset(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const newPassword = matchingNewPassword(form, this);
        if (newPassword === null) {
            return;
        }
        const detail = { username: form.get('username').trim(), resetCode: form.get('resetCode').trim(), newPassword };
        this.dispatchEvent(new CustomEvent('reset-password', { detail }));
    }
}
customElements.define('bp-host-sign-in', HostSignIn);
