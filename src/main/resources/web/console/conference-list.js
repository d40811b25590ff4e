// <bp-conference-list>: the conferences (GET /api/conferences: q, status, paging) and a form for a new one.
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { formatDate, formatTime } from '../shared/time.js';
import './conference-form.js';
import { api, withQuery } from './session.js';
import { conferenceStatus } from './widgets.js';

export const STATUSES = ['DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED'];
const PAGE_SIZE = 20;

class ConferenceList extends BpElement {
    static properties = {
        result: { state: true },
        q: { state: true },
        status: { state: true },
        page: { state: true },
        creating: { state: true },
        message: { state: true },
        loading: { state: true },
    };

    #request = 0;

    constructor() {
        super();
        Object.assign(this, { q: '', status: '', page: 0, creating: false, loading: true });
    }

    connectedCallback() {
        super.connectedCallback();
        this.#load();
    }

    async #load() {
        const request = ++this.#request;
        this.loading = true;
        try {
            const result = await api.get(
                withQuery('/api/conferences', { q: this.q, status: this.status, page: this.page, size: PAGE_SIZE }),
            );
            if (request === this.#request) {
                this.result = result;
                this.message = null;
            }
        } catch (e) {
            if (request === this.#request) {
                this.message = errorMessage(e);
            }
        } finally {
            if (request === this.#request) {
                this.loading = false;
            }
        }
    }

    #search(e) {
        e.preventDefault();
        const form = new FormData(e.target.closest('form'));
        this.q = String(form.get('q') ?? '').trim();
        this.status = String(form.get('status') ?? '');
        this.page = 0;
        this.#load();
    }

    async #create(e) {
        try {
            const created = await api.post('/api/conferences', e.detail.body);
            location.hash = `#/conferences/${created.id}/overview`;
        } catch (err) {
            e.detail.failed(errorMessage(err));
        }
    }

    render() {
        const result = this.result;
        return html`<div class="view-head">
                <h1 tabindex="-1">${t('console.conferences.title')}</h1>
                <button type="button" class="primary" aria-expanded=${this.creating ? 'true' : 'false'} @click=${() => (this.creating = !this.creating)}>
                    ${t('console.conferences.new')}
                </button>
            </div>
            ${this.creating
                ? html`<section class="card" aria-labelledby="new-conference-title">
                      <h2 id="new-conference-title">${t('console.conferences.new')}</h2>
                      <bp-conference-form @save=${this.#create} @cancel=${() => (this.creating = false)}></bp-conference-form>
                  </section>`
                : ''}
            <form class="filters card" role="search" @submit=${this.#search} @change=${this.#search}>
                <div class="field">
                    <label for="conference-q">${t('console.search')}</label>
                    <input id="conference-q" name="q" type="search" .value=${this.q} placeholder=${t('console.conferences.searchHint')} />
                </div>
                <div class="field">
                    <label for="conference-status">${t('console.conferences.status')}</label>
                    <select id="conference-status" name="status" .value=${this.status}>
                        <option value="">${t('console.conferences.allStatuses')}</option>
                        ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.status}>${t(`console.conference.status.${s}`)}</option>`)}
                    </select>
                </div>
                <button type="submit">${t('console.searchButton')}</button>
            </form>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${result
                ? html`${result.items.length === 0
                          ? html`<p class="muted" role="status">${t('console.conferences.none')}</p>`
                          : html`<ul class="rows conference-rows" aria-busy=${this.loading ? 'true' : 'false'}>
                                ${result.items.map(
                                    (c) => html`<li class="row" data-conference-id=${c.id}>
                                        <a class="row__title" href="#/conferences/${c.id}/overview">${c.title}</a>
                                        <span class="muted">${formatDate(c.startsAt, c.timeZone)} · ${formatTime(c.startsAt, c.timeZone)}–${formatTime(c.endsAt, c.timeZone)}</span>
                                        ${conferenceStatus(c.status)}
                                    </li>`,
                                )}
                            </ul>`}
                      <bp-pager .page=${this.page} .size=${PAGE_SIZE} .total=${result.total} @page=${(e) => {
                          this.page = e.detail;
                          this.#load();
                      }}></bp-pager>`
                : html`<p class="muted" role="status">${t('console.loading')}</p>`}`;
    }
}
customElements.define('bp-conference-list', ConferenceList);
