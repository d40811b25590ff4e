// <bp-host-page>: the host site page (placeholder).
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';

class HostPage extends BpElement {
    render() {
        return html`<header class="topbar">
                <span class="topbar__brand">${t('app.name')}</span>
                <bp-language-switch></bp-language-switch>
            </header>
            <main id="main" class="page">
                <section class="card">
                    <h1>${t('host.title')}</h1>
                    <p class="muted">${t('host.comingSoon')}</p>
                </section>
            </main>`;
    }
}
customElements.define('bp-host-page', HostPage);
