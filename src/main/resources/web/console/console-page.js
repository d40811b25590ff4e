// <bp-console-page>: the organizer console (/console). Sign in as an organizer, then: conferences (list, create,
// each with its overview, sites, delegates, agenda, run of show and attendance dashboard), sites and accounts. The
// address's hash says where one is (#/conferences, #/conferences/<id>/<tab>, #/sites, #/accounts), so reload and back
// work.
import { html } from 'lit';
import './account-list.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import './conference-list.js';
import './conference-page.js';
import { SIGNED_OUT, session, signOut } from './session.js';
import './sign-in.js';
import './site-list.js';

/** The place the hash names: {view: 'conferences' | 'sites' | 'accounts' | 'conference', conferenceId?, tab?}. */
function parseRoute(hash) {
    const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'sites' || parts[0] === 'accounts') {
        return { view: parts[0] };
    }
    if (parts[0] === 'conferences' && parts[1]) {
        return { view: 'conference', conferenceId: parts[1], tab: parts[2] ?? 'overview' };
    }
    return { view: 'conferences' };
}

class ConsolePage extends BpElement {
    static properties = {
        signedIn: { state: true },
        route: { state: true },
        message: { state: true },
    };

    #onHashChange = () => {
        const before = this.route;
        this.route = parseRoute(location.hash);
        if (before.view !== this.route.view || before.conferenceId !== this.route.conferenceId) {
            this.#focusHeading = true;
        }
    };
    #onSignedOut = (e) => {
        this.signedIn = false;
        this.message = e.detail?.expired ? t('error.sessionExpired') : e.detail?.revoked ? t('error.revoked') : null;
    };
    #focusHeading = false;

    constructor() {
        super();
        this.signedIn = session.get()?.role === 'ORGANIZER';
        this.route = parseRoute(location.hash);
    }

    connectedCallback() {
        super.connectedCallback();
        window.addEventListener('hashchange', this.#onHashChange);
        window.addEventListener(SIGNED_OUT, this.#onSignedOut);
    }

    disconnectedCallback() {
        window.removeEventListener('hashchange', this.#onHashChange);
        window.removeEventListener(SIGNED_OUT, this.#onSignedOut);
        super.disconnectedCallback();
    }

    updated() {
        if (this.#focusHeading) {
            this.#focusHeading = false;
            // a new view: its heading gets the focus, so that keyboard and screen reader users start there
            this.querySelector('main h1')?.focus({ preventScroll: true });
        }
    }

    #signOut() {
        signOut();
        this.signedIn = false;
        this.message = t('console.signIn.signedOut');
    }

    render() {
        const route = this.route;
        return html`<header class="topbar console-topbar">
                <span class="topbar__brand">${t('app.name')}<span class="topbar__subtitle"> · ${t('console.title')}</span></span>
                <div class="topbar__tools">
                    <bp-language-switch></bp-language-switch>
                    ${this.signedIn
                        ? html`<button type="button" class="topbar__button" @click=${this.#signOut}>
                              ${t('console.signOut')}
                          </button>`
                        : ''}
                </div>
            </header>
            ${this.signedIn
                ? html`<nav class="console-nav" aria-label=${t('console.nav.label')}>
                      ${[
                          ['conferences', route.view === 'conferences' || route.view === 'conference'],
                          ['sites', route.view === 'sites'],
                          ['accounts', route.view === 'accounts'],
                      ].map(([view, current]) => html`<a href="#/${view}" aria-current=${current ? 'page' : 'false'}>${t(`console.nav.${view}`)}</a>`)}
                  </nav>`
                : ''}
            <main id="main" class="page console">${this.#content()}</main>`;
    }

    #content() {
        if (!this.signedIn) {
            return html`<bp-console-sign-in
                .message=${this.message}
                @signed-in=${() => {
                    this.signedIn = true;
                    this.message = null;
                    this.#focusHeading = true;
                }}
            ></bp-console-sign-in>`;
        }
        const route = this.route;
        switch (route.view) {
            case 'sites':
                return html`<bp-site-list></bp-site-list>`;
            case 'accounts':
                return html`<bp-account-list></bp-account-list>`;
            case 'conference':
                return html`<bp-conference-page .conferenceId=${route.conferenceId} .tab=${route.tab}></bp-conference-page>`;
            default:
                return html`<bp-conference-list></bp-conference-list>`;
        }
    }
}
customElements.define('bp-console-page', ConsolePage);
