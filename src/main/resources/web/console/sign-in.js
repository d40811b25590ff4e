// <bp-console-sign-in .message>: an organizer signs in (POST /api/auth/token); fires 'signed-in'. Accounts of other
// roles are told that the console is for organizers (a site host has /host).
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { api, session } from './session.js';

class SignIn extends BpElement {
    static properties = { message: {}, busy: { state: true }, error: { state: true } };

    render() {
        const message = this.error ?? this.message;
        return html`<section class="card join" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title" tabindex="-1">${t('console.signIn.title')}</h1>
            <p>${t('console.signIn.intro')}</p>
            ${message ? html`<p class="alert" role="alert">${message}</p>` : ''}
            <form @submit=${this.#submit}>
                <label for="sign-in-username">${t('console.signIn.username')}</label>
                <input id="sign-in-username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" />
                <label for="sign-in-password">${t('console.signIn.password')}</label>
                <input id="sign-in-password" name="password" type="password" required autocomplete="current-password" />
                <button type="submit" class="primary" ?disabled=${this.busy}>
                    ${this.busy ? t('console.signIn.busy') : t('console.signIn.submit')}
                </button>
            </form>
        </section>`;
    }

    async #submit(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        this.busy = true;
        this.error = null;
        try {
            const answer = await api.post('/api/auth/token', {
                username: form.get('username').trim(),
                password: form.get('password'),
            });
            if (answer.role !== 'ORGANIZER') {
                this.error = t('console.signIn.notOrganizer'); // its token is not kept
                return;
            }
            session.save({ ...answer, username: form.get('username').trim() });
            this.dispatchEvent(new CustomEvent('signed-in'));
        } catch (err) {
            this.error = err.status === 401 ? t('console.signIn.wrong') : errorMessage(err);
        } finally {
            this.busy = false;
        }
    }
}
customElements.define('bp-console-sign-in', SignIn);
