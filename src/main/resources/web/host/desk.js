// <bp-host-desk>: the check-in desk of one site in one conference. Find delegates (by name or organization, without
// diacritics: on the service, or in the roster kept on the device when offline) and check them in with one tap, by
// their short code or by scanning their QR code; see who is checked in; report the head count; follow the site's
// numbers live; send the site's heartbeat while open. Without network, check-ins go to the queue (checkin-queue.js).
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { matchesShortCode, normalizeShortCode, parseCheckInPayload, shortCode } from '../shared/checkin-code.js';
import { BpElement } from '../shared/element.js';
import { hasMessage, t } from '../shared/i18n.js';
import { LiveStatus, LiveStream } from '../shared/live.js';
import { formatDate, formatDateTime, formatTime } from '../shared/time.js';
import './qr-scanner.js';
import { person, Roster, SHOWN } from './roster.js';

const HEARTBEAT_MS = 5000; // the service wants one at least every 10 s
const SEARCH_DELAY_MS = 250;
const CHECKINS_REFRESH_MS = 1000;
const LISTED = 30;
const RESULTS_LISTED = 10;
/** Statuses that end the desk's stream: the page signs in again or goes back to the choice of conference. */
const ENDED = new Set([LiveStatus.EXPIRED, LiveStatus.REVOKED, LiveStatus.SITE_LEFT, LiveStatus.UNAUTHORIZED]);

class HostDesk extends BpElement {
    static properties = {
        api: { attribute: false },
        queue: { attribute: false },
        site: { attribute: false },
        conference: { attribute: false },
        role: {},
        token: { attribute: false },
        offlineReady: { type: Boolean },
        online: { state: true },
        live: { state: true },
        liveStatus: { state: true },
        query: { state: true },
        found: { state: true },
        foundFor: { state: true }, // the query that found them
        foundOnDevice: { state: true },
        feedback: { state: true }, // {kind, text: () => the text in the current language}
        rosterMessage: { state: true },
        report: { state: true },
        reportMessage: { state: true },
        busy: { state: true },
    };

    #roster = null;
    #stream = null;
    #heartbeat = null;
    #searchTimer = null;
    #searchSeq = 0;
    #checkInsTimer = null;
    #onOnline = () => this.#wentOnline();
    #onOffline = () => {
        this.online = false;
    };
    #onQueueChange = () => this.requestUpdate();
    #onUploaded = (e) => this.#uploaded(e.detail);

    constructor() {
        super();
        this.online = navigator.onLine;
        this.query = '';
        this.found = [];
        this.foundFor = '';
        this.foundOnDevice = false;
        this.busy = false;
    }

    get #base() {
        return `/api/conferences/${encodeURIComponent(this.conference.id)}`;
    }

    firstUpdated() {
        window.addEventListener('online', this.#onOnline);
        window.addEventListener('offline', this.#onOffline);
        this.queue.addEventListener('change', this.#onQueueChange);
        this.queue.addEventListener('uploaded', this.#onUploaded);
        this.#roster = new Roster(this.api, this.conference.id, this.site.id);
        this.#roster.load().then(() => {
            this.requestUpdate();
            if (navigator.onLine) {
                this.#refreshRoster();
            }
        });
        this.#stream = new LiveStream({
            conferenceId: this.conference.id,
            token: this.token,
            probe: () => this.api.get(this.#base),
        });
        this.#stream.addEventListener('state', (e) => {
            this.live = e.detail.state;
            this.requestUpdate();
            if (e.detail.event?.type === 'attendance.updated') {
                this.#refreshCheckInsSoon();
            }
        });
        this.#stream.addEventListener('status', (e) => {
            this.liveStatus = e.detail.status;
            if (e.detail.status === LiveStatus.LIVE) {
                this.#sendHeartbeat();
            } else if (ENDED.has(e.detail.status)) {
                this.dispatchEvent(new CustomEvent('live-ended', { detail: e.detail.status }));
            }
        });
        this.liveStatus = this.#stream.status;
        if (navigator.onLine) {
            this.#stream.start(); // offline, it starts when the network is back (a socket would only fail now)
        }
        this.#heartbeat = setInterval(() => this.#sendHeartbeat(), HEARTBEAT_MS);
    }

    disconnectedCallback() {
        window.removeEventListener('online', this.#onOnline);
        window.removeEventListener('offline', this.#onOffline);
        this.queue?.removeEventListener('change', this.#onQueueChange);
        this.queue?.removeEventListener('uploaded', this.#onUploaded);
        clearInterval(this.#heartbeat);
        clearTimeout(this.#searchTimer);
        clearTimeout(this.#checkInsTimer);
        this.#stream?.stop();
        super.disconnectedCallback();
    }

    #wentOnline() {
        this.online = true;
        this.#stream.start();
        this.#refreshRoster();
        if (this.query) {
            this.#search(this.query);
        }
    }

    /** The site's heartbeat: only a host of the site sends one (the service refuses an organizer's). */
    #sendHeartbeat() {
        if (this.role === 'SITE_HOST') {
            this.#stream?.send({ type: 'heartbeat', siteId: this.site.id });
        }
    }

    async #refreshRoster() {
        try {
            await this.#roster.refresh();
            this.rosterMessage = null;
        } catch (e) {
            if (e.status !== 0) {
                this.rosterMessage = () => errorMessage(e);
            }
        }
        this.requestUpdate();
    }

    #refreshCheckInsSoon() {
        clearTimeout(this.#checkInsTimer);
        this.#checkInsTimer = setTimeout(async () => {
            try {
                await this.#roster.refreshCheckIns();
                this.requestUpdate();
            } catch {
                // the next attendance change, or the next roster refresh, brings them
            }
        }, CHECKINS_REFRESH_MS);
    }

    // ---- finding delegates ----

    #typed(e) {
        this.query = e.target.value;
        clearTimeout(this.#searchTimer);
        this.#searchTimer = setTimeout(() => this.#search(this.query), SEARCH_DELAY_MS);
    }

    async #search(query) {
        const seq = ++this.#searchSeq;
        const q = query.trim();
        if (!q) {
            this.found = [];
            this.foundFor = '';
            return;
        }
        let found = null;
        let onDevice = false;
        if (navigator.onLine) {
            try {
                const site = encodeURIComponent(this.site.id);
                const answer = await this.api.get(
                    `${this.#base}/delegates?siteId=${site}&q=${encodeURIComponent(q)}&size=${SHOWN}`,
                );
                found = answer.items.map(person);
            } catch (e) {
                if (e.status !== 0) {
                    this.feedback = { kind: 'error', text: () => errorMessage(e) };
                    return;
                }
            }
        }
        if (!found) {
            found = this.#roster.search(q);
            onDevice = true;
        }
        if (seq === this.#searchSeq) {
            this.found = found;
            this.foundFor = q;
            this.foundOnDevice = onDevice;
        }
    }

    // ---- checking in ----

    async #checkIn(delegate) {
        const name = delegate.fullName;
        if (navigator.onLine) {
            this.busy = true;
            try {
                const checkIn = await this.api.request(
                    'POST',
                    `${this.#base}/checkins`,
                    { delegateId: delegate.id, siteId: this.site.id },
                    { full: true },
                );
                await this.#roster.record(checkIn.body);
                this.feedback = {
                    kind: 'done',
                    text: () => t(checkIn.status === 201 ? 'host.checkIn.done' : 'host.checkIn.already', { name }),
                };
                return;
            } catch (e) {
                if (e.status !== 0) {
                    this.feedback = { kind: 'error', text: () => `${name}: ${errorMessage(e)}` };
                    return;
                }
                // the network failed on the way: keep it for later like any offline check-in
            } finally {
                this.busy = false;
            }
        }
        await this.queue.add({ conferenceId: this.conference.id, siteId: this.site.id, delegateId: delegate.id, name });
        this.feedback = { kind: 'queued', text: () => t('host.checkIn.queued', { name }) };
    }

    #checkInByCode(e) {
        e.preventDefault();
        const input = e.target.elements.code;
        const code = normalizeShortCode(input.value);
        if (!code) {
            this.feedback = { kind: 'error', text: () => t('host.code.malformed') };
            return;
        }
        const delegate = this.#roster.delegates.find((d) => matchesShortCode(d.id, code));
        if (!delegate) {
            this.feedback = { kind: 'error', text: () => t('host.code.unknown', { code }) };
            return;
        }
        input.value = '';
        this.#checkIn(delegate);
    }

    #checkInByScan(text) {
        const payload = parseCheckInPayload(text);
        if (!payload) {
            this.feedback = { kind: 'error', text: () => t('host.scan.notACheckInCode') };
            return;
        }
        if (payload.conferenceId !== this.conference.id) {
            this.feedback = { kind: 'error', text: () => t('host.scan.otherConference') };
            return;
        }
        // not in the roster (yet): the service decides whether this host may check the delegate in
        const delegate = this.#roster.find(payload.delegateId) ?? {
            id: payload.delegateId,
            fullName: shortCode(payload.delegateId),
        };
        this.#checkIn(delegate);
    }

    async #uploaded(results) {
        for (const r of results) {
            if (r.checkIn && r.checkIn.delegateId) {
                await this.#roster.record(r.checkIn);
            }
        }
        this.#refreshCheckInsSoon();
        this.requestUpdate();
    }

    // ---- head count ----

    async #report(e) {
        e.preventDefault();
        const form = e.target;
        const present = Number(form.elements.present.value);
        const note = form.elements.note.value.trim() || null;
        this.reportMessage = null;
        try {
            this.report = await this.api.put(`${this.#base}/sites/${encodeURIComponent(this.site.id)}/attendance`, {
                present,
                note,
            });
            form.reset();
        } catch (err) {
            this.reportMessage = () => errorMessage(err);
        }
    }

    // ---- rendering ----

    updated() {
        this.dataset.online = String(this.online);
        this.dataset.waiting = String(this.queue.entries.length);
    }

    render() {
        const c = this.conference;
        return html`<section class="card desk-head" aria-labelledby="desk-site">
                <div>
                    <h1 id="desk-site" class="desk-head__site">${this.site.name}</h1>
                    <p class="desk-head__conference" data-conference-id=${c.id}>${c.title}</p>
                    <p class="muted">${formatDate(c.startsAt, c.timeZone)} · ${formatTime(c.startsAt, c.timeZone)}–${formatTime(c.endsAt, c.timeZone)}</p>
                </div>
                <div class="actions">
                    <button type="button" class="link" @click=${() => this.#emit('change-place')}>${t('host.change')}</button>
                    <button type="button" class="link" @click=${() => this.#emit('change-password')}>${t('host.changePassword')}</button>
                    <button type="button" class="link" @click=${() => this.#emit('sign-out')}>${t('host.signOut')}</button>
                </div>
            </section>
            ${this.#connection()}
            <p class="feedback feedback--${this.feedback?.kind ?? 'none'}" role="status" aria-live="polite">${this.feedback?.text() ?? ''}</p>
            <div class="columns desk">
                <div class="column">${this.#searchCard()} ${this.#codeCard()}</div>
                <div class="column">${this.#numbersCard()} ${this.#checkedInCard()} ${this.#resultsCard()}</div>
            </div>`;
    }

    #emit(type) {
        this.dispatchEvent(new CustomEvent(type));
    }

    #connection() {
        const queue = this.queue;
        const waiting = queue.entries.length;
        const roster = this.#roster;
        return html`<section class="connection" aria-label=${t('host.connection')}>
            ${this.online
                ? html`<bp-live-status .status=${this.liveStatus}></bp-live-status>`
                : html`<p class="offline-banner" role="status">${t('host.offline.banner')}</p>`}
            <p class="sync" data-waiting=${waiting} data-uploading=${String(queue.uploading)}>
                <span>${t('host.sync.waiting', { count: waiting })}</span>
                ${queue.uploading ? html`<span class="muted">${t('host.sync.uploading')}</span>` : ''}
                ${waiting > 0 && this.online && !queue.uploading
                    ? html`<button type="button" @click=${() => queue.upload()}>${t('host.sync.now')}</button>`
                    : ''}
            </p>
            ${queue.error && waiting > 0 ? html`<p class="alert" role="alert">${t('host.sync.failed', { reason: errorMessage(queue.error) })}</p>` : ''}
            <p class="muted offline-ready" data-ready=${String(this.offlineReady)}>
                ${this.offlineReady ? t('host.offline.ready') : t('host.offline.notReady')}
                ${roster?.fetchedAt
                    ? html`· <span data-roster-count=${roster.delegates.length}>${t('host.roster.saved', {
                          count: roster.delegates.length,
                          time: formatDateTime(roster.fetchedAt, this.conference.timeZone),
                      })}</span>`
                    : ''}
                ${this.online ? html`<button type="button" class="link" @click=${() => this.#refreshRoster()}>${t('host.roster.reload')}</button>` : ''}
            </p>
            ${this.rosterMessage ? html`<p class="alert" role="alert">${this.rosterMessage()}</p>` : ''}
        </section>`;
    }

    #status(delegateId) {
        const here = this.#roster?.checkIns.get(delegateId);
        if (here) {
            return { kind: 'done', text: t('host.status.checkedIn', { time: formatTime(here.at, this.conference.timeZone) }) };
        }
        if (this.queue.waiting(this.conference.id, delegateId)) {
            return { kind: 'waiting', text: t('host.status.waiting') };
        }
        return null;
    }

    #searchCard() {
        return html`<section class="card search-card" aria-labelledby="search-title">
            <h2 id="search-title">${t('host.search.title')}</h2>
            <label for="delegate-search">${t('host.search.label')}</label>
            <input
                id="delegate-search"
                type="search"
                autocomplete="off"
                spellcheck="false"
                .value=${this.query}
                placeholder=${t('host.search.placeholder')}
                @input=${(e) => this.#typed(e)}
            />
            ${this.foundOnDevice && this.query ? html`<p class="muted">${t('host.search.onDevice')}</p>` : ''}
            ${this.foundFor && this.found.length === 0 ? html`<p class="muted" data-found="0">${t('host.search.none')}</p>` : ''}
            <ul class="people" aria-label=${t('host.search.results')} data-query=${this.foundFor ?? ''}>
                ${this.found.map((d) => {
                    const status = this.#status(d.id);
                    return html`<li class="person" data-delegate-id=${d.id}>
                        <div class="person__who">
                            <strong class="person__name">${d.fullName}</strong>
                            ${d.title || d.organization ? html`<span class="muted">${[d.title, d.organization].filter(Boolean).join(' · ')}</span>` : ''}
                            ${status ? html`<span class="badge badge--${status.kind}">${status.text}</span>` : ''}
                        </div>
                        <button
                            type="button"
                            class="primary"
                            ?disabled=${Boolean(status) || this.busy}
                            aria-label=${t('host.checkIn.buttonFor', { name: d.fullName })}
                            @click=${() => this.#checkIn(d)}
                        >
                            ${t('host.checkIn.button')}
                        </button>
                    </li>`;
                })}
            </ul>
        </section>`;
    }

    #codeCard() {
        return html`<section class="card code-card" aria-labelledby="code-title">
            <h2 id="code-title">${t('host.code.title')}</h2>
            <form class="code-form" @submit=${(e) => this.#checkInByCode(e)}>
                <label for="short-code">${t('host.code.label')}</label>
                <div class="inline-form">
                    <input id="short-code" name="code" required maxlength="12" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX" />
                    <button type="submit" class="primary">${t('host.checkIn.button')}</button>
                </div>
            </form>
            <bp-qr-scanner @scan=${(e) => this.#checkInByScan(e.detail)}></bp-qr-scanner>
        </section>`;
    }

    #numbersCard() {
        const numbers = this.live?.attendance?.sites?.find((s) => s.siteId === this.site.id) ?? null;
        const zone = this.conference.timeZone;
        return html`<section class="card numbers-card" aria-labelledby="numbers-title">
            <h2 id="numbers-title">${t('host.numbers.title')}</h2>
            ${numbers
                ? html`<dl class="numbers" data-site-online=${String(numbers.online)}>
                      <div><dt>${t('host.numbers.registered')}</dt><dd data-number="registered">${numbers.registered}</dd></div>
                      <div><dt>${t('host.numbers.checkedIn')}</dt><dd data-number="checkedIn">${numbers.checkedIn}</dd></div>
                      <div>
                          <dt>${t('host.numbers.reported')}</dt>
                          <dd data-number="reportedPresent">${numbers.reportedPresent ?? '—'}</dd>
                      </div>
                      <div>
                          <dt>${t('host.numbers.presence')}</dt>
                          <dd class="numbers__presence">${numbers.online ? t('host.numbers.online') : t('host.numbers.offline')}</dd>
                      </div>
                  </dl>
                  ${numbers.reportedAt ? html`<p class="muted">${t('host.numbers.reportedAt', { time: formatTime(numbers.reportedAt, zone) })}</p>` : ''}`
                : html`<p class="muted">${t('host.numbers.none')}</p>`}
            <form class="report-form" @submit=${(e) => this.#report(e)}>
                <h3>${t('host.report.title')}</h3>
                <label for="head-count">${t('host.report.present')}</label>
                <input id="head-count" name="present" type="number" inputmode="numeric" min="0" max="1000000" required />
                <label for="head-count-note">${t('host.report.note')}</label>
                <input id="head-count-note" name="note" maxlength="1000" autocomplete="off" />
                <button type="submit" class="primary" ?disabled=${!this.online}>${t('host.report.submit')}</button>
                ${this.online ? '' : html`<p class="muted">${t('host.report.offline')}</p>`}
            </form>
            ${this.report
                ? html`<p class="report-done" role="status">${t('host.report.done', { count: this.report.present, time: formatTime(this.report.reportedAt, zone) })}</p>`
                : ''}
            ${this.reportMessage ? html`<p class="alert" role="alert">${this.reportMessage()}</p>` : ''}
        </section>`;
    }

    #checkedInCard() {
        const zone = this.conference.timeZone;
        const roster = this.#roster;
        const rows = [
            ...this.queue.entries
                .filter((e) => e.conferenceId === this.conference.id && e.siteId === this.site.id)
                .map((e) => ({ id: e.delegateId, name: e.name, at: e.at, waiting: true })),
            ...[...(roster?.checkIns ?? [])].map(([id, c]) => ({
                id,
                name: roster.find(id)?.fullName ?? shortCode(id),
                at: c.at,
                waiting: false,
            })),
        ].sort((a, b) => new Date(b.at) - new Date(a.at));
        const checkedIn = roster?.checkIns.size ?? 0;
        return html`<section class="card checked-in-card" aria-labelledby="checked-in-title">
            <h2 id="checked-in-title">${t('host.checkedIn.title', { count: checkedIn })}</h2>
            ${rows.length === 0
                ? html`<p class="muted">${t('host.checkedIn.none')}</p>`
                : html`<ol class="checked-in">
                      ${rows.slice(0, LISTED).map(
                          (r) => html`<li data-delegate-id=${r.id} data-waiting=${String(r.waiting)}>
                              <time datetime=${r.at}>${formatTime(r.at, zone)}</time>
                              <span>${r.name}</span>
                              ${r.waiting ? html`<span class="badge badge--waiting">${t('host.status.waiting')}</span>` : ''}
                          </li>`,
                      )}
                  </ol>
                  ${rows.length > LISTED ? html`<p class="muted">${t('host.checkedIn.more', { count: rows.length - LISTED })}</p>` : ''}`}
        </section>`;
    }

    #resultsCard() {
        const results = this.queue.results.slice(0, RESULTS_LISTED);
        if (results.length === 0) {
            return '';
        }
        const zone = this.conference.timeZone;
        return html`<section class="card results-card" aria-labelledby="results-title">
            <h2 id="results-title">${t('host.results.title')}</h2>
            <ul class="upload-results">
                ${results.map(
                    (r) => html`<li data-nonce=${r.nonce} data-result=${r.result}>
                        <span class="badge badge--${r.result}">${t(`host.results.${r.result}`)}</span>
                        <span>${r.name}</span>
                        <time class="muted" datetime=${r.uploadedAt}>${formatTime(r.uploadedAt, zone)}</time>
                        ${r.reason || r.reasonCode ? html`<span class="upload-results__reason">${t('host.results.reason', { reason: reasonText(r) })}</span>` : ''}
                    </li>`,
                )}
            </ul>
        </section>`;
    }
}
customElements.define('bp-host-desk', HostDesk);

/** The reason of an upload's result in the page's language; the service's English words for a code it does not know. */
function reasonText(result) {
    const key = `host.results.reasonCode.${result.reasonCode}`;
    return result.reasonCode && hasMessage(key) ? t(key) : result.reason;
}
