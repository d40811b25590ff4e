// Small components every page uses.
import { html } from 'lit';
import { BpElement } from './element.js';
import { LANGUAGES, language, setLanguage, t } from './i18n.js';
import { LiveStatus } from './live.js';

/** <bp-language-switch>: a button per language; the current one is pressed. */
class LanguageSwitch extends BpElement {
    render() {
        return html`<div class="language-switch" role="group" aria-label=${t('language.choose')}>
            ${LANGUAGES.map(
                (lang) =>
                    html`<button
                        type="button"
                        lang=${lang}
                        data-language=${lang}
                        aria-pressed=${language() === lang ? 'true' : 'false'}
                        @click=${() => setLanguage(lang)}
                    >
                        ${t(`language.${lang}`)}
                    </button>`,
            )}
        </div>`;
    }
}
customElements.define('bp-language-switch', LanguageSwitch);

/**
 * <bp-live-status .status=${LiveStatus…}>: says how the live connection is (data-live-status carries the status
 * for tests and styles); nothing while it is live.
 */
class LiveStatusBanner extends BpElement {
    static properties = { status: {} };

    render() {
        const status = this.status ?? LiveStatus.CONNECTING;
        this.dataset.liveStatus = status;
        if (status === LiveStatus.LIVE) {
            return html`<p class="live-status live-status--live" role="status">${t('live.connected')}</p>`;
        }
        return html`<p class="live-status live-status--${status}" role="status">${t(`live.${status}`)}</p>`;
    }
}
customElements.define('bp-live-status', LiveStatusBanner);
