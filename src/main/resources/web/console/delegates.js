// <bp-delegates .conference .participants>: the conference's delegates per site (GET …/delegates: siteId, q, paging);
// adding, changing (PATCH with If-Match) and removing them; a delegate's join code with the join link /?code=… and
// its QR code, printable; replacing a leaked code (POST …/join-code); the CSV import.
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import './delegate-import.js';
import './join-qr.js';
import { api, ifMatch, withQuery } from './session.js';
import { text } from './widgets.js';

const PAGE_SIZE = 50;
const FIELDS = ['fullName', 'title', 'organization', 'email', 'phone'];

/** The address a delegate opens to join: the delegate page with the code, which the page exchanges at once. */
export function joinLink(joinCode) {
    return `${location.origin}/?code=${encodeURIComponent(joinCode)}`;
}

class Delegates extends BpElement {
    static properties = {
        conference: { attribute: false },
        participants: { attribute: false },
        result: { state: true },
        siteId: { state: true },
        q: { state: true },
        page: { state: true },
        selected: { state: true }, // the delegate whose card is open
        editing: { state: true }, // a delegate being changed, or {} for a new one
        importing: { state: true },
        message: { state: true },
        formError: { state: true },
        notice: { state: true },
    };

    constructor() {
        super();
        Object.assign(this, { siteId: '', q: '', page: 0, importing: false });
    }

    connectedCallback() {
        super.connectedCallback();
        this.#load();
    }

    get #path() {
        return `/api/conferences/${this.conference.id}/delegates`;
    }

    async #load() {
        try {
            this.result = await api.get(
                withQuery(this.#path, { siteId: this.siteId, q: this.q, page: this.page, size: PAGE_SIZE }),
            );
            this.message = null;
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    #search(e) {
        e.preventDefault();
        const form = new FormData(e.target.closest('form'));
        this.siteId = String(form.get('siteId') ?? '');
        this.q = String(form.get('q') ?? '').trim();
        this.page = 0;
        this.#load();
    }

    #siteName(siteId) {
        return this.participants.find((p) => p.siteId === siteId)?.name ?? '';
    }

    async #open(delegate) {
        this.editing = null;
        this.selected = delegate;
        this.notice = null;
        await this.updateComplete;
        this.querySelector('#delegate-card-title')?.focus();
    }

    async #edit(delegate) {
        this.formError = null;
        this.notice = null;
        try {
            this.editing = delegate.id ? await api.get(`${this.#path}/${delegate.id}`) : { siteId: this.siteId || null };
        } catch (e) {
            this.message = errorMessage(e);
            return;
        }
        this.selected = null;
        await this.updateComplete;
        this.querySelector('#delegate-fullName')?.focus();
    }

    async #save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const body = Object.fromEntries(FIELDS.map((f) => [f, text(form, f)]));
        body.siteId = form.get('siteId') || null;
        if (!body.fullName || !body.siteId) {
            this.formError = t('console.form.required');
            return;
        }
        const delegate = this.editing;
        try {
            const saved = delegate.id
                ? await api.patch(`${this.#path}/${delegate.id}`, body, ifMatch(delegate.version))
                : await api.post(this.#path, body);
            this.editing = null;
            this.selected = saved;
            this.notice = delegate.id ? t('console.saved') : t('console.delegates.created', { name: saved.fullName });
            this.#load();
        } catch (err) {
            if (err.status === 412) {
                this.formError = t('console.delegates.changedMeanwhile');
                this.editing = await api.get(`${this.#path}/${delegate.id}`).catch(() => delegate);
            } else {
                this.formError = errorMessage(err);
            }
        }
    }

    async #remove(delegate) {
        try {
            await api.delete(`${this.#path}/${delegate.id}`, ifMatch(delegate.version));
            this.selected = null;
            this.notice = t('console.delegates.removed', { name: delegate.fullName });
            this.#load();
        } catch (e) {
            this.message = e.status === 412 ? t('console.delegates.changedMeanwhile') : errorMessage(e);
        }
    }

    async #newCode(delegate) {
        try {
            this.selected = await api.post(`${this.#path}/${delegate.id}/join-code`);
            this.notice = t('console.delegates.codeReplaced', { name: delegate.fullName });
            this.#load();
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    render() {
        const result = this.result;
        return html`<div class="view-head">
                <h2>${t('console.delegates.title')}</h2>
                <div class="actions">
                    <button type="button" class="primary" @click=${() => this.#edit({})}>${t('console.delegates.new')}</button>
                    <button type="button" aria-expanded=${this.importing ? 'true' : 'false'} @click=${() => (this.importing = !this.importing)}>
                        ${t('console.import.open')}
                    </button>
                </div>
            </div>
            ${this.importing ? html`<bp-delegate-import .conference=${this.conference} @imported=${() => this.#load()}></bp-delegate-import>` : ''}
            ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
            ${this.editing ? this.#form() : ''} ${this.selected ? this.#card(this.selected) : ''}
            <form class="filters card" role="search" @submit=${this.#search} @change=${this.#search}>
                <div class="field">
                    <label for="delegate-site-filter">${t('console.delegates.site')}</label>
                    <select id="delegate-site-filter" name="siteId">
                        <option value="">${t('console.delegates.allSites')}</option>
                        ${this.participants.map((p) => html`<option value=${p.siteId} ?selected=${p.siteId === this.siteId}>${p.name}</option>`)}
                    </select>
                </div>
                <div class="field">
                    <label for="delegate-q">${t('console.search')}</label>
                    <input id="delegate-q" name="q" type="search" .value=${this.q} placeholder=${t('console.delegates.searchHint')} />
                </div>
                <button type="submit">${t('console.searchButton')}</button>
            </form>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${result
                ? html`${result.items.length === 0
                          ? html`<p class="muted">${t('console.delegates.none')}</p>`
                          : html`<ul class="rows delegate-rows">
                                ${result.items.map(
                                    (d) => html`<li class="row" data-delegate-id=${d.id}>
                                        <div class="row__main">
                                            <button type="button" class="link row__title" @click=${() => this.#open(d)}>${d.fullName}</button>
                                            <span class="muted">${[d.title, d.organization].filter(Boolean).join(' · ')}</span>
                                        </div>
                                        <span>${this.#siteName(d.siteId)}</span>
                                        <code class="join-code">${d.joinCode}</code>
                                    </li>`,
                                )}
                            </ul>`}
                      <bp-pager .page=${this.page} .size=${PAGE_SIZE} .total=${result.total} @page=${(e) => {
                          this.page = e.detail;
                          this.#load();
                      }}></bp-pager>`
                : html`<p class="muted" role="status">${t('console.loading')}</p>`}`;
    }

    #card(d) {
        const link = joinLink(d.joinCode);
        return html`<section class="card join-card" aria-labelledby="delegate-card-title" data-delegate-id=${d.id}>
            <div class="card-head">
                <h3 id="delegate-card-title" tabindex="-1">${d.fullName}</h3>
                <button type="button" class="link no-print" @click=${() => (this.selected = null)}>${t('console.close')}</button>
            </div>
            <p class="join-card__conference">${this.conference.title}</p>
            <dl class="details">
                ${d.title ? html`<dt>${t('console.delegates.titleField')}</dt><dd>${d.title}</dd>` : ''}
                ${d.organization ? html`<dt>${t('console.delegates.organization')}</dt><dd>${d.organization}</dd>` : ''}
                <dt>${t('console.delegates.site')}</dt>
                <dd>${this.#siteName(d.siteId)}</dd>
                ${d.email ? html`<dt class="no-print">${t('console.delegates.email')}</dt><dd class="no-print">${d.email}</dd>` : ''}
                ${d.phone ? html`<dt class="no-print">${t('console.delegates.phone')}</dt><dd class="no-print">${d.phone}</dd>` : ''}
                <dt>${t('console.delegates.joinCode')}</dt>
                <dd><code class="join-code join-code--large" data-join-code>${d.joinCode}</code></dd>
                <dt>${t('console.delegates.joinLink')}</dt>
                <dd><a class="join-link" href=${link} target="_blank" rel="noopener">${link}</a></dd>
            </dl>
            <bp-join-qr .text=${link} .label=${t('console.delegates.qrLabel', { name: d.fullName })}></bp-join-qr>
            <p class="muted join-card__hint">${t('console.delegates.joinHint')}</p>
            <div class="actions no-print">
                <button type="button" class="primary" @click=${() => window.print()}>${t('console.delegates.print')}</button>
                <button type="button" @click=${() => this.#edit(d)}>${t('console.edit')}</button>
                <bp-confirm-button
                    data-action="new-code"
                    .label=${t('console.delegates.newCode')}
                    .question=${t('console.delegates.askNewCode')}
                    @confirm=${() => this.#newCode(d)}
                ></bp-confirm-button>
                <bp-confirm-button
                    data-action="remove"
                    .label=${t('console.delegates.remove')}
                    .question=${t('console.delegates.askRemove', { name: d.fullName })}
                    danger
                    @confirm=${() => this.#remove(d)}
                ></bp-confirm-button>
            </div>
        </section>`;
    }

    #form() {
        const d = this.editing;
        return html`<section class="card" aria-labelledby="delegate-form-title">
            <h3 id="delegate-form-title">${d.id ? t('console.delegates.edit', { name: d.fullName }) : t('console.delegates.new')}</h3>
            ${this.formError ? html`<p class="alert" role="alert">${this.formError}</p>` : ''}
            <form class="form-grid" @submit=${this.#save}>
                <div class="field">
                    <label for="delegate-fullName">${t('console.delegates.fullName')}</label>
                    <input id="delegate-fullName" name="fullName" required maxlength="200" .value=${d.fullName ?? ''} />
                </div>
                <div class="field">
                    <label for="delegate-siteId">${t('console.delegates.site')}</label>
                    <select id="delegate-siteId" name="siteId" required>
                        <option value="">${t('console.choose')}</option>
                        ${this.participants.map((p) => html`<option value=${p.siteId} ?selected=${p.siteId === d.siteId}>${p.name}</option>`)}
                    </select>
                </div>
                <div class="field">
                    <label for="delegate-title">${t('console.delegates.titleField')}</label>
                    <input id="delegate-title" name="title" maxlength="200" .value=${d.title ?? ''} />
                </div>
                <div class="field">
                    <label for="delegate-organization">${t('console.delegates.organization')}</label>
                    <input id="delegate-organization" name="organization" maxlength="300" .value=${d.organization ?? ''} />
                </div>
                <div class="field">
                    <label for="delegate-email">${t('console.delegates.email')}</label>
                    <input id="delegate-email" name="email" type="email" maxlength="254" .value=${d.email ?? ''} />
                </div>
                <div class="field">
                    <label for="delegate-phone">${t('console.delegates.phone')}</label>
                    <input id="delegate-phone" name="phone" type="tel" maxlength="40" .value=${d.phone ?? ''} />
                </div>
                <div class="actions form-grid__wide">
                    <button type="submit" class="primary">${t('console.save')}</button>
                    <button type="button" @click=${() => (this.editing = null)}>${t('console.cancel')}</button>
                </div>
            </form>
        </section>`;
    }
}
customElements.define('bp-delegates', Delegates);
