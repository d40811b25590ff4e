// <bp-conference-page .conferenceId .tab>: one conference, in tabs: overview, sites, delegates, agenda, run of show and
// attendance. It reads the conference and its participating sites once, and follows the conference's live stream
// (shared/live.js) for everything that changes while one watches (agenda, floor, announcements, attendance, sites
// online): the tabs render from that state, so a change costs no request.
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { LiveStatus, LiveStream } from '../shared/live.js';
import { formatDate, formatTime } from '../shared/time.js';
import './agenda-editor.js';
import './attendance-dashboard.js';
import './conference-overview.js';
import './delegates.js';
import './participants.js';
import './run-of-show.js';
import { SIGNED_OUT, api, session } from './session.js';
import { conferenceStatus } from './widgets.js';

export const TABS = ['overview', 'sites', 'delegates', 'agenda', 'run', 'attendance'];

class ConferencePage extends BpElement {
    static properties = {
        conferenceId: {},
        tab: {},
        conference: { state: true },
        participants: { state: true },
        live: { state: true },
        seq: { state: true },
        liveStatus: { state: true },
        message: { state: true },
    };

    #stream = null;
    #openedId = null;

    willUpdate(changed) {
        if (changed.has('conferenceId') && this.conferenceId !== this.#openedId) {
            this.#open(this.conferenceId);
        }
    }

    disconnectedCallback() {
        this.#stopStream();
        this.#openedId = null;
        super.disconnectedCallback();
    }

    get #base() {
        return `/api/conferences/${encodeURIComponent(this.conferenceId)}`;
    }

    async #open(conferenceId) {
        this.#stopStream();
        this.#openedId = conferenceId;
        Object.assign(this, { conference: null, participants: null, live: null, seq: 0, message: null });
        try {
            const [conference, participants] = await Promise.all([
                api.get(this.#base),
                api.get(`${this.#base}/sites`),
            ]);
            if (this.#openedId !== conferenceId) {
                return;
            }
            this.conference = conference;
            this.participants = participants.items;
        } catch (e) {
            if (session.token) {
                this.message = errorMessage(e);
            }
            return;
        }
        const stream = new LiveStream({
            conferenceId,
            token: () => session.token,
            probe: () => api.get(this.#base),
        });
        stream.addEventListener('state', (e) => {
            this.live = e.detail.state;
            this.seq = e.detail.state.seq;
            const type = e.detail.event?.type;
            if (type === 'conference.status' || type === 'floor.handover') {
                // what the stream says is newer than the conference we read
                const state = e.detail.state;
                this.conference = {
                    ...this.conference,
                    status: state.status,
                    startedAt: state.startedAt,
                    endedAt: state.endedAt,
                    floorSiteId: state.floorSiteId,
                };
            }
            this.requestUpdate();
        });
        stream.addEventListener('status', (e) => {
            this.liveStatus = e.detail.status;
            const status = e.detail.status;
            if (status === LiveStatus.UNAUTHORIZED || status === LiveStatus.EXPIRED) {
                session.clear();
                window.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: { expired: true } }));
            } else if (status === LiveStatus.REVOKED) {
                session.clear();
                window.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: { revoked: true } }));
            }
        });
        this.liveStatus = stream.status;
        this.#stream = stream;
        stream.start();
    }

    #stopStream() {
        const stream = this.#stream;
        this.#stream = null;
        stream?.stop();
    }

    /** A child changed the conference (edit, status action): keep its answer. */
    #conferenceChanged(e) {
        this.conference = e.detail;
    }

    async #participantsChanged() {
        try {
            this.participants = (await api.get(`${this.#base}/sites`)).items;
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    render() {
        const c = this.conference;
        if (!c) {
            return this.message
                ? html`<h1 tabindex="-1">${t('console.conference.notOpened')}</h1>
                      <p class="alert" role="alert">${this.message}</p>
                      <p><a href="#/conferences">${t('console.conferences.back')}</a></p>`
                : html`<h1 tabindex="-1" class="muted">${t('console.loading')}</h1>`;
        }
        const tab = TABS.includes(this.tab) ? this.tab : 'overview';
        return html`<div class="conference-head">
                <div>
                    <p class="breadcrumb"><a href="#/conferences">${t('console.conferences.title')}</a></p>
                    <h1 class="conference-title" tabindex="-1">${c.title}</h1>
                    <p class="muted">
                        ${formatDate(c.startsAt, c.timeZone)} · ${formatTime(c.startsAt, c.timeZone)}–${formatTime(c.endsAt, c.timeZone)}
                        (${c.timeZone})
                    </p>
                </div>
                <div class="conference-head__status">
                    ${conferenceStatus(this.live?.status ?? c.status)}
                    <bp-live-status .status=${this.liveStatus}></bp-live-status>
                </div>
            </div>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            <nav class="tabs" aria-label=${t('console.tabs.label')}>
                ${TABS.map(
                    (name) => html`<a
                        href="#/conferences/${c.id}/${name}"
                        data-tab=${name}
                        aria-current=${name === tab ? 'page' : 'false'}
                        >${t(`console.tab.${name}`)}</a
                    >`,
                )}
            </nav>
            <div class="tab-panel" data-tab-panel=${tab}>${this.#panel(tab)}</div>`;
    }

    #panel(tab) {
        const c = this.conference;
        const common = { conference: c, participants: this.participants ?? [], live: this.live, seq: this.seq };
        switch (tab) {
            case 'sites':
                return html`<bp-participants
                    .conference=${c}
                    .participants=${common.participants}
                    @participants-changed=${this.#participantsChanged}
                ></bp-participants>`;
            case 'delegates':
                return html`<bp-delegates .conference=${c} .participants=${common.participants}></bp-delegates>`;
            case 'agenda':
                return html`<bp-agenda-editor .conference=${c} .participants=${common.participants} .live=${this.live} .seq=${this.seq}></bp-agenda-editor>`;
            case 'run':
                return html`<bp-run-of-show
                    .conference=${c}
                    .participants=${common.participants}
                    .live=${this.live}
                    .seq=${this.seq}
                    @conference-changed=${this.#conferenceChanged}
                ></bp-run-of-show>`;
            case 'attendance':
                return html`<bp-attendance-dashboard .conference=${c} .live=${this.live} .seq=${this.seq}></bp-attendance-dashboard>`;
            default:
                return html`<bp-conference-overview
                    .conference=${c}
                    .participants=${common.participants}
                    @conference-changed=${this.#conferenceChanged}
                ></bp-conference-overview>`;
        }
    }
}
customElements.define('bp-conference-page', ConferencePage);
