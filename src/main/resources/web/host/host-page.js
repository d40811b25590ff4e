// <bp-host-page>: the host site's page (/host). Sign in (a SITE_HOST account, or an organizer; or set a new password
// with a reset code from the organizers, which signs in with it), pick the site and the conference it takes part in,
// then the check-in desk (<bp-host-desk>). A signed-in host may change its own password (<bp-host-password>). The page keeps working offline: a service
// worker serves it, the roster and the chosen site and conference are kept on the device, and check-ins made
// without network wait in a queue (IndexedDB) that is uploaded when the network is back.
import { html } from 'lit';
import { createApi, createSession, errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { LiveStatus } from '../shared/live.js';
import { formatDateTime } from '../shared/time.js';
import { CheckInQueue } from './checkin-queue.js';
import './desk.js';
import { keepPageForOffline } from './offline.js';
import './password.js';
import './sign-in.js';
import { store } from './store.js';

const session = createSession('host');
const SITES_LISTED = 50;

class HostPage extends BpElement {
    static properties = {
        view: { state: true }, // 'sign-in' | 'loading' | 'sites' | 'conferences' | 'desk' | 'password' | 'failed'
        message: { state: true }, // a function giving the text in the current language
        notice: { state: true }, // the same, for what went well
        busy: { state: true },
        sites: { state: true },
        site: { state: true },
        conferences: { state: true },
        conference: { state: true },
        offlineReady: { state: true },
        waiting: { state: true },
    };

    #api = createApi(session, { onUnauthorized: () => this.#signedOut(() => t('error.sessionExpired')) });
    /** Without the session's token: a wrong password or reset code is no reason to sign out. */
    #publicApi = createApi(null);
    #queue = new CheckInQueue(this.#api);
    #siteSearch = null;

    constructor() {
        super();
        this.view = 'loading';
        this.busy = false;
        this.offlineReady = false;
        this.waiting = 0;
    }

    connectedCallback() {
        super.connectedCallback();
        this.#queue.addEventListener('change', () => {
            this.waiting = this.#queue.entries.length;
        });
        this.#queue.load().catch(() => {});
        keepPageForOffline()
            .then((ready) => {
                this.offlineReady = ready;
            })
            .catch(() => {
                this.offlineReady = false;
            });
        if (session.token) {
            this.#resume();
        } else {
            this.view = 'sign-in';
        }
    }

    updated() {
        // for tests and whoever inspects the page: whether the page and its bundles are stored for offline use
        this.dataset.offlineReady = String(this.offlineReady);
        this.dataset.view = this.view;
    }

    /** {@code place}: the site and conference this tab had chosen, kept (after a change of password). */
    async #signIn({ username, password }, place = {}) {
        this.busy = true;
        this.message = null;
        try {
            const answer = await this.#api.post('/api/auth/token', { username, password });
            session.save({ ...answer, username, ...place });
            this.#queue.uploadSoon();
            await this.#resume();
        } catch (e) {
            this.message = e.status === 401 ? () => t('host.signIn.wrong') : () => errorMessage(e);
        } finally {
            this.busy = false;
        }
    }

    /** A new password with a reset code, then signed in with it. */
    #resetPassword({ username, resetCode, newPassword }) {
        return this.#setPassword({ username, resetCode, newPassword }, 'host.reset.wrong');
    }

    /** The signed-in account's own new password; every token of it is revoked, so it signs in again at once. */
    #changePassword({ currentPassword, newPassword }) {
        const { username, siteId, conferenceId } = session.get();
        const place = siteId && conferenceId ? { siteId, conferenceId } : {};
        return this.#setPassword({ username, currentPassword, newPassword }, 'host.password.wrongCurrent', place);
    }

    /** POST /api/auth/password, then signs in with the new password (keeping {@code place}); {@code wrong}: a 401's label. */
    async #setPassword(body, wrong, place = {}) {
        this.busy = true;
        this.message = null;
        try {
            await this.#publicApi.post('/api/auth/password', body);
        } catch (e) {
            this.message = e.status === 401 ? () => t(wrong) : () => errorMessage(e);
            this.busy = false;
            return;
        }
        this.notice = () => t('host.password.done');
        await this.#signIn({ username: body.username, password: body.newPassword }, place);
    }

    #openPassword() {
        Object.assign(this, { view: 'password', message: null, notice: null });
    }

    async #signOut() {
        if (navigator.onLine) {
            try {
                await this.#api.post('/api/auth/logout');
            } catch {
                // the token is dropped here anyway
            }
        }
        this.#signedOut(() => t('host.signedOut'));
    }

    #signedOut(message) {
        session.clear();
        Object.assign(this, {
            view: 'sign-in',
            message,
            notice: null,
            site: null,
            conference: null,
            sites: null,
            conferences: null,
        });
    }

    /** Back to where this tab was: the desk when a site and conference were chosen, else the choice. */
    async #resume() {
        const s = session.get();
        if (s.siteId && s.conferenceId) {
            await this.#openDesk(s.siteId, s.conferenceId);
        } else {
            await this.#loadSites();
        }
    }

    async #attempt(work) {
        this.view = 'loading';
        this.message = null;
        try {
            await work();
        } catch (e) {
            if (session.token) {
                this.view = 'failed';
                this.message = () => errorMessage(e);
            }
        }
    }

    #loadSites() {
        return this.#attempt(async () => {
            const s = session.get();
            if (s.role === 'ORGANIZER') {
                // an organizer may work at any site: the first ones by name, and a search
                this.sites = (await this.#api.get(`/api/sites?size=${SITES_LISTED}`)).items;
                this.view = 'sites';
                return;
            }
            const sites = await Promise.all(
                (s.siteIds ?? []).map((id) => this.#api.get(`/api/sites/${encodeURIComponent(id)}`)),
            );
            this.sites = sites.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
            if (this.sites.length === 1) {
                await this.#chooseSite(this.sites[0]);
            } else {
                this.view = 'sites';
            }
        });
    }

    #searchSites(query) {
        clearTimeout(this.#siteSearch);
        this.#siteSearch = setTimeout(async () => {
            try {
                const q = encodeURIComponent(query.trim());
                this.sites = (await this.#api.get(`/api/sites?q=${q}&size=${SITES_LISTED}`)).items;
                this.message = null;
            } catch (e) {
                this.message = () => errorMessage(e);
            }
        }, 250);
    }

    #chooseSite(site) {
        return this.#attempt(async () => {
            this.site = site;
            const siteId = encodeURIComponent(site.id);
            // where a host checks people in: conferences that are on now or coming (check-ins need LIVE or SCHEDULED)
            const [live, scheduled] = await Promise.all(
                ['LIVE', 'SCHEDULED'].map((status) =>
                    this.#api.get(`/api/conferences?siteId=${siteId}&status=${status}&size=100`),
                ),
            );
            this.conferences = [...live.items, ...scheduled.items];
            if (this.conferences.length === 1) {
                this.#chooseConference(this.conferences[0]);
            } else {
                this.view = 'conferences';
            }
        });
    }

    async #chooseConference(conference) {
        session.save({ ...session.get(), siteId: this.site.id, conferenceId: conference.id });
        await Promise.all([
            store.put('state', this.site, `site/${this.site.id}`),
            store.put('state', conference, `conference/${conference.id}`),
        ]);
        this.conference = conference;
        this.view = 'desk';
    }

    /** The desk for this site and conference: fresh from the service, or as stored on the device when offline. */
    #openDesk(siteId, conferenceId) {
        return this.#attempt(async () => {
            let site = null;
            let conference = null;
            if (navigator.onLine) {
                try {
                    [site, conference] = await Promise.all([
                        this.#api.get(`/api/sites/${encodeURIComponent(siteId)}`),
                        this.#api.get(`/api/conferences/${encodeURIComponent(conferenceId)}`),
                    ]);
                    await Promise.all([
                        store.put('state', site, `site/${siteId}`),
                        store.put('state', conference, `conference/${conferenceId}`),
                    ]);
                } catch (e) {
                    if (e.status !== 0) {
                        throw e;
                    }
                }
            }
            site ??= await store.get('state', `site/${siteId}`);
            conference ??= await store.get('state', `conference/${conferenceId}`);
            if (!site || !conference) {
                this.view = 'failed';
                this.message = () => t('host.offline.nothingStored');
                return;
            }
            Object.assign(this, { site, conference, view: 'desk' });
        });
    }

    /** Back to the choice of site and conference; {@code message}: why, shown there. */
    async #change(message = null) {
        const { siteId, conferenceId, ...rest } = session.get();
        session.save(rest);
        this.conference = null;
        await this.#loadSites();
        if (message && (this.view === 'sites' || this.view === 'conferences')) {
            this.message = message;
        }
    }

    /** The desk's stream ended (LiveStatus): sign in again, or choose again when the site left the conference. */
    #liveEnded(status) {
        if (status === LiveStatus.SITE_LEFT) {
            this.#change(() => t('error.siteLeft'));
        } else {
            this.#signedOut(() => t(status === LiveStatus.REVOKED ? 'error.revoked' : 'error.sessionExpired'));
        }
    }

    render() {
        return html`<header class="topbar">
                <span class="topbar__brand">${t('app.name')} · ${t('host.brand')}</span>
                <bp-language-switch></bp-language-switch>
            </header>
            <main id="main" class="page">
                ${this.notice && this.view !== 'sign-in' ? html`<p class="notice" role="status">${this.notice()}</p>` : ''}
                ${this.#content()}
            </main>`;
    }

    #content() {
        switch (this.view) {
            case 'sign-in':
                return html`<bp-host-sign-in
                    .message=${this.message?.()}
                    .busy=${this.busy}
                    .waiting=${this.waiting}
                    @sign-in=${(e) => this.#signIn(e.detail)}
                    @reset-password=${(e) => this.#resetPassword(e.detail)}
                    @mode=${() => (this.message = null)}
                ></bp-host-sign-in>`;
            case 'password':
                return html`<bp-host-password
                    .message=${this.message?.()}
                    .busy=${this.busy}
                    @change-password=${(e) => this.#changePassword(e.detail)}
                    @cancel=${() => this.#resume()}
                ></bp-host-password>`;
            case 'loading':
                return html`<p class="muted" role="status">${t('host.loading')}</p>`;
            case 'failed':
                return html`<p class="alert" role="alert">${this.message?.()}</p>
                    <div class="actions">
                        <button type="button" @click=${() => this.#resume()}>${t('host.retry')}</button>
                        <button type="button" class="link" @click=${() => this.#signOut()}>${t('host.signOut')}</button>
                    </div>`;
            case 'sites':
                return this.#sitesView();
            case 'conferences':
                return this.#conferencesView();
            case 'desk':
                return html`<bp-host-desk
                    .api=${this.#api}
                    .queue=${this.#queue}
                    .site=${this.site}
                    .conference=${this.conference}
                    .role=${session.get()?.role}
                    .token=${() => session.token}
                    .offlineReady=${this.offlineReady}
                    @change-place=${() => this.#change()}
                    @live-ended=${(e) => this.#liveEnded(e.detail)}
                    @change-password=${() => this.#openPassword()}
                    @sign-out=${() => this.#signOut()}
                ></bp-host-desk>`;
            default:
                return '';
        }
    }

    #accountActions() {
        return html`<button type="button" class="link" @click=${() => this.#openPassword()}>${t('host.changePassword')}</button>
            <button type="button" class="link" @click=${() => this.#signOut()}>${t('host.signOut')}</button>`;
    }

    #sitesView() {
        return html`<section class="card" aria-labelledby="sites-title">
            <h1 id="sites-title">${t('host.sites.title')}</h1>
            ${session.get()?.role === 'ORGANIZER'
                ? html`<label for="site-search">${t('host.sites.search')}</label>
                      <input id="site-search" type="search" autocomplete="off" @input=${(e) => this.#searchSites(e.target.value)} />`
                : ''}
            ${this.message ? html`<p class="alert" role="alert">${this.message()}</p>` : ''}
            ${this.sites.length === 0
                ? html`<p class="alert" role="alert">
                      ${session.get()?.role === 'ORGANIZER' ? t('host.sites.noMatch') : t('host.sites.none')}
                  </p>`
                : html`<ul class="choices">
                      ${this.sites.map(
                          (site) => html`<li>
                              <button type="button" class="choice" data-site-id=${site.id} @click=${() => this.#chooseSite(site)}>
                                  <strong>${site.name}</strong>
                                  ${site.city ? html`<span class="muted">${site.city}</span>` : ''}
                              </button>
                          </li>`,
                      )}
                  </ul>`}
            <div class="actions">${this.#accountActions()}</div>
        </section>`;
    }

    #conferencesView() {
        return html`<section class="card" aria-labelledby="conferences-title">
            <h1 id="conferences-title">${t('host.conferences.title', { site: this.site.name })}</h1>
            ${this.message ? html`<p class="alert" role="alert">${this.message()}</p>` : ''}
            ${this.conferences.length === 0
                ? html`<p class="alert" role="alert">${t('host.conferences.none')}</p>`
                : html`<ul class="choices">
                      ${this.conferences.map(
                          (c) => html`<li>
                              <button type="button" class="choice" data-conference-id=${c.id} @click=${() => this.#chooseConference(c)}>
                                  <strong>${c.title}</strong>
                                  <span class="muted">${formatDateTime(c.startsAt, c.timeZone)} · ${t(`host.conference.status.${c.status}`)}</span>
                              </button>
                          </li>`,
                      )}
                  </ul>`}
            <div class="actions">
                ${this.sites?.length > 1 ? html`<button type="button" @click=${() => (this.view = 'sites')}>${t('host.sites.other')}</button>` : ''}
                ${this.#accountActions()}
            </div>
        </section>`;
    }
}
customElements.define('bp-host-page', HostPage);
