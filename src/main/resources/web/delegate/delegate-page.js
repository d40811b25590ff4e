// <bp-delegate-page>: join with a code (typed, or from /?code=…), then follow the conference live: the item on air,
// the floor, announcements for all and for my site, my check-in (self check-in, QR code) and the agenda with
// planned and projected times in the conference's time zone. Everything live comes from the WebSocket stream:
// after loading, an agenda change costs no request.
import { html } from 'lit';
import { createApi, createSession, errorMessage } from '../shared/api.js';
import { checkInPayload, shortCode } from '../shared/checkin-code.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { LiveStatus, LiveStream } from '../shared/live.js';
import { formatDate, formatTime, sameMinute } from '../shared/time.js';
import './checkin-qr.js';
import './join-form.js';

const session = createSession('delegate');

class DelegatePage extends BpElement {
    static properties = {
        view: { state: true }, // 'join' | 'loading' | 'live' | 'failed'
        message: { state: true },
        busy: { state: true },
        conference: { state: true },
        me: { state: true },
        checkIn: { state: true },
        live: { state: true },
        liveStatus: { state: true },
    };

    #api = createApi(session, { onUnauthorized: () => this.#leave(t('error.sessionExpired')) });
    #stream = null;
    #checkInRefresh = null;

    constructor() {
        super();
        this.view = 'join';
        this.busy = false;
    }

    connectedCallback() {
        super.connectedCallback();
        const params = new URLSearchParams(location.search);
        const code = params.get('code');
        if (code !== null) {
            // the code leaves the address bar (and the history) before anything else happens
            params.delete('code');
            const query = params.toString();
            history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
            this.#join(code);
        } else if (session.token) {
            this.#open();
        }
    }

    disconnectedCallback() {
        this.#stopStream();
        super.disconnectedCallback();
    }

    async #join(code) {
        this.busy = true;
        this.message = null;
        try {
            session.save(await this.#api.post('/api/join', { code }));
            await this.#open();
        } catch (e) {
            this.view = 'join';
            this.message = e.status === 401 ? t('join.unknownCode') : errorMessage(e);
        } finally {
            this.busy = false;
        }
    }

    async #open() {
        const { conferenceId, delegateId } = session.get();
        const base = `/api/conferences/${conferenceId}`;
        this.view = 'loading';
        try {
            const [conference, me, checkIn] = await Promise.all([
                this.#api.get(base),
                this.#api.get(`${base}/delegates/${delegateId}`),
                this.#api.get(`${base}/checkins/me`),
            ]);
            Object.assign(this, { conference, me, checkIn, message: null });
        } catch (e) {
            if (session.token) {
                this.view = 'failed';
                this.message = errorMessage(e);
            }
            return;
        }
        this.#stream = new LiveStream({
            conferenceId,
            token: () => session.token,
            probe: () => this.#api.get(base),
        });
        this.#stream.addEventListener('state', (e) => {
            this.live = e.detail.state;
            this.requestUpdate();
            if (e.detail.event?.type === 'attendance.updated') {
                this.#refreshCheckInLater();
            }
        });
        this.#stream.addEventListener('status', (e) => {
            this.liveStatus = e.detail.status;
            // the code is not kept on the device (it is as good as a password): an expired session joins again by hand
            const why = {
                [LiveStatus.REVOKED]: 'join.revoked',
                [LiveStatus.EXPIRED]: 'join.expired',
                [LiveStatus.SITE_LEFT]: 'error.siteLeft',
                [LiveStatus.UNAUTHORIZED]: 'error.sessionExpired',
            }[e.detail.status];
            if (why) {
                this.#leave(t(why));
            }
        });
        this.liveStatus = this.#stream.status;
        this.view = 'live';
        this.#stream.start();
    }

    /**
     * A host may have checked me in: while I am not checked in, an attendance change makes the page ask again, once,
     * a few seconds later (spread out, so that thousands of delegates do not ask at the same moment).
     */
    #refreshCheckInLater() {
        if (this.checkIn || this.#checkInRefresh) {
            return;
        }
        this.#checkInRefresh = setTimeout(async () => {
            try {
                this.checkIn = await this.#api.get(`/api/conferences/${this.conference.id}/checkins/me`);
            } catch {
                // the next attendance change asks again
            } finally {
                this.#checkInRefresh = null;
            }
        }, 2000 + Math.random() * 8000);
    }

    async #checkInMe() {
        this.busy = true;
        this.message = null;
        try {
            this.checkIn = await this.#api.post(`/api/conferences/${this.conference.id}/checkins/me`, {});
        } catch (e) {
            this.message = errorMessage(e);
        } finally {
            this.busy = false;
        }
    }

    #leave(message) {
        this.#stopStream();
        session.clear();
        Object.assign(this, { view: 'join', message, conference: null, me: null, checkIn: null, live: null });
    }

    #stopStream() {
        clearTimeout(this.#checkInRefresh);
        this.#checkInRefresh = null;
        const stream = this.#stream;
        this.#stream = null;
        stream?.stop();
    }

    updated() {
        // the last applied seq, for tests and for whoever inspects the page
        this.dataset.seq = this.live ? String(this.live.seq) : '';
    }

    render() {
        return html`<header class="topbar">
                <span class="topbar__brand">${t('app.name')}</span>
                <bp-language-switch></bp-language-switch>
            </header>
            <main id="main" class="page">${this.#content()}</main>`;
    }

    #content() {
        switch (this.view) {
            case 'loading':
                return html`<p class="muted" role="status">${t('delegate.loading')}</p>`;
            case 'failed':
                return html`<p class="alert" role="alert">${this.message}</p>
                    <button type="button" @click=${() => this.#open()}>${t('delegate.retry')}</button>`;
            case 'live':
                return this.#liveView();
            default:
                return html`<bp-join-form
                    .message=${this.message}
                    .busy=${this.busy}
                    @join=${(e) => this.#join(e.detail)}
                ></bp-join-form>`;
        }
    }

    #liveView() {
        const c = this.conference;
        return html`<div class="conference-head">
                <div>
                    <h1 class="conference-title">${c.title}</h1>
                    <p class="muted">${formatDate(c.startsAt, c.timeZone)} · ${formatTime(c.startsAt, c.timeZone)}–${formatTime(c.endsAt, c.timeZone)}</p>
                </div>
                <button type="button" class="link" @click=${() => this.#leave(t('join.left'))}>${t('delegate.leave')}</button>
            </div>
            <bp-live-status .status=${this.liveStatus}></bp-live-status>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${this.live
                ? html`<div class="columns">
                      <div class="column">${this.#onAir()} ${this.#agenda()}</div>
                      <div class="column">${this.#attendance()} ${this.#announcements()}</div>
                  </div>`
                : ''}`;
    }

    #siteName(siteId) {
        return this.live.site(siteId)?.name ?? '';
    }

    #onAir() {
        const live = this.live;
        const item = live.currentItem;
        const zone = this.conference.timeZone;
        const from = item ? item.siteId ?? live.floorSiteId : null;
        return html`<section class="card on-air" aria-labelledby="on-air-title" data-current-item=${item?.id ?? ''}>
            <h2 id="on-air-title">${t('onAir.title')}</h2>
            ${item
                ? html`<p class="on-air__title">${item.title}</p>
                      ${item.speaker ? html`<p class="on-air__speaker">${speaker(item.speaker)}</p>` : ''}
                      ${from ? html`<p>${t('onAir.from', { site: this.#siteName(from) })}</p>` : ''}
                      <p class="muted">${t('onAir.since', { time: formatTime(item.actualStart, zone) })}</p>`
                : html`<p class="muted" data-conference-status=${live.status}>${t(`conference.status.${live.status}`)}</p>`}
            <p class="floor">
                ${t('floor.label')}:
                <strong data-floor-site=${live.floorSiteId ?? ''}>${live.floorSiteId ? this.#siteName(live.floorSiteId) : t('floor.none')}</strong>
            </p>
        </section>`;
    }

    #agenda() {
        const zone = this.conference.timeZone;
        const items = this.live.agenda;
        return html`<section class="card agenda-card" aria-labelledby="agenda-title">
            <h2 id="agenda-title">${t('agenda.title')}</h2>
            ${items.length === 0
                ? html`<p class="muted">${t('agenda.empty')}</p>`
                : html`<ol class="agenda">
                      ${items.map(
                          (item) => html`<li
                              class="agenda-item agenda-item--${item.status.toLowerCase()}"
                              data-item-id=${item.id}
                              data-status=${item.status}
                              data-projected-start=${item.projectedStart ?? ''}
                          >
                              <div class="agenda-item__times">
                                  ${item.plannedStart ? html`<span>${t('agenda.planned', { time: formatTime(item.plannedStart, zone) })}</span>` : ''}
                                  ${item.projectedStart && !sameMinute(item.projectedStart, item.plannedStart) && item.status === 'PLANNED'
                                      ? html`<span class="agenda-item__projected">${t('agenda.projected', { time: formatTime(item.projectedStart, zone) })}</span>`
                                      : ''}
                                  <span class="muted">${t('agenda.minutes', { minutes: item.plannedMinutes })}</span>
                              </div>
                              <div class="agenda-item__body">
                                  <h3 class="agenda-item__title">${item.title}</h3>
                                  ${item.speaker || item.siteId
                                      ? html`<p class="muted">${[item.speaker ? speaker(item.speaker) : '', item.siteId ? this.#siteName(item.siteId) : ''].filter(Boolean).join(' · ')}</p>`
                                      : ''}
                                  ${item.delayMinutes ? html`<p class="agenda-item__delay">${t('agenda.delayed', { minutes: item.delayMinutes })}</p>` : ''}
                              </div>
                              <span class="badge badge--${item.status.toLowerCase()}">${t(`agenda.status.${item.status}`)}</span>
                          </li>`,
                      )}
                  </ol>`}
        </section>`;
    }

    #announcements() {
        const mySite = this.me.siteId;
        const zone = this.conference.timeZone;
        const shown = this.live.announcements.filter((a) => !a.siteId || a.siteId === mySite);
        return html`<section class="card announcements-card" aria-labelledby="announcements-title">
            <h2 id="announcements-title">${t('announcements.title')}</h2>
            ${shown.length === 0
                ? html`<p class="muted">${t('announcements.none')}</p>`
                : html`<ul class="announcements" aria-live="polite">
                      ${shown.map(
                          (a) => html`<li data-seq=${a.seq}>
                              <time datetime=${a.at}>${formatTime(a.at, zone)}</time>
                              ${a.siteId ? html`<span class="badge">${t('announcements.mySite')}</span>` : ''}
                              <p>${a.text}</p>
                          </li>`,
                      )}
                  </ul>`}
        </section>`;
    }

    #attendance() {
        const me = this.me;
        const checkIn = this.checkIn;
        const zone = this.conference.timeZone;
        return html`<section class="card my-attendance" aria-labelledby="me-title">
            <h2 id="me-title">${t('me.title')}</h2>
            <p class="me__name">${me.fullName}</p>
            <p>${t('me.site')}: <strong data-my-site=${me.siteId}>${this.#siteName(me.siteId)}</strong></p>
            <p class="checkin-state" data-checked-in=${checkIn ? 'true' : 'false'}>
                ${checkIn
                    ? t('checkin.done', { site: this.#siteName(checkIn.siteId), time: formatTime(checkIn.at, zone) })
                    : t('checkin.notYet')}
            </p>
            ${checkIn
                ? ''
                : html`<button type="button" class="primary" ?disabled=${this.busy} @click=${() => this.#checkInMe()}>
                      ${t('checkin.button')}
                  </button>`}
            <bp-checkin-qr payload=${checkInPayload(this.conference.id, me.id)}></bp-checkin-qr>
            <p class="short-code">${t('checkin.code')}: <strong data-short-code>${shortCode(me.id)}</strong></p>
            <p class="muted">${t('checkin.qrHint')}</p>
        </section>`;
    }
}

function speaker(person) {
    return [person.title, person.name].filter(Boolean).join(' ');
}

customElements.define('bp-delegate-page', DelegatePage);
