// <bp-host-password .message .busy>: a signed-in host changes its own password (the current one and the new one twice);
// fires 'change-password' with {detail: {currentPassword, newPassword}}, or 'cancel'. newPasswords(): the two fields of
// a new password, shared with the sign-in's reset form.
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';

/** The new password and its repetition (fields newPassword and repeatPassword), with what the policy asks for. */
export function newPasswords() {
    return html`<label for="new-password">${t('host.password.new')}</label>
        <input id="new-password" name="newPassword" type="password" required minlength="8" maxlength="200" autocomplete="new-password" />
        <p class="muted">${t('host.password.hint')}</p>
        <label for="repeat-password">${t('host.password.repeat')}</label>
        <input id="repeat-password" name="repeatPassword" type="password" required minlength="8" maxlength="200" autocomplete="new-password" />`;
}

/**
 * The new password of a form with {@link newPasswords}; null when its two fields differ, which is said in the
 * element's {@code error}.
 */
export function matchingNewPassword(form, element) {
    const newPassword = form.get('newPassword');
    element.error = newPassword === form.get('repeatPassword') ? null : t('host.password.mismatch');
    return element.error ? null : newPassword;
}

class HostPassword extends BpElement {
    static properties = { message: {}, busy: { type: Boolean }, error: { state: true } };

    render() {
        const message = this.error ?? this.message;
        return html`<section class="card" aria-labelledby="password-title">
            <h1 id="password-title" tabindex="-1">${t('host.password.title')}</h1>
            ${message ? html`<p class="alert" role="alert">${message}</p>` : ''}
            <form @submit=${this.#submit}>
                <label for="current-password">${t('host.password.current')}</label>
                <input id="current-password" name="currentPassword" type="password" required autocomplete="current-password" />
                ${newPasswords()}
                <div class="actions">
                    <button type="submit" class="primary" ?disabled=${this.busy}>
                        ${this.busy ? t('host.password.busy') : t('host.password.submit')}
                    </button>
                    <button type="button" class="link" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>
                        ${t('host.password.back')}
                    </button>
                </div>
            </form>
        </section>`;
    }

    firstUpdated() {
        this.querySelector('#password-title')?.focus();
    }

    #submit(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const newPassword = matchingNewPassword(form, this);
        if (newPassword === null) {
            return;
        }
        this.dispatchEvent(
            new CustomEvent('change-password', { detail: { currentPassword: form.get('currentPassword'), newPassword } }),
        );
    }
}
customElements.define('bp-host-password', HostPassword);
