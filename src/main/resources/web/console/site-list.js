// <bp-site-list>: the sites (halls that can act as bridge points): search (q), paging, create, edit (PUT with
// If-Match) and delete (refused while a conference or a host account uses the site).
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { DEFAULT_ZONE } from './conference-form.js';
import { api, ifMatch, withQuery } from './session.js';
import { text } from './widgets.js';
import { isTimeZone } from './zoned-time.js';

const PAGE_SIZE = 20;

class SiteList extends BpElement {
    static properties = {
        result: { state: true },
        q: { state: true },
        page: { state: true },
        editing: { state: true }, // a site being changed, or {} for a new one
        message: { state: true },
        formError: { state: true },
        notice: { state: true },
    };

    constructor() {
        super();
        Object.assign(this, { q: '', page: 0 });
    }

    connectedCallback() {
        super.connectedCallback();
        this.#load();
    }

    async #load() {
        try {
            this.result = await api.get(withQuery('/api/sites', { q: this.q, page: this.page, size: PAGE_SIZE }));
            this.message = null;
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    #search(e) {
        e.preventDefault();
        this.q = String(new FormData(e.target).get('q') ?? '').trim();
        this.page = 0;
        this.#load();
    }

    async #edit(site) {
        this.notice = null;
        this.formError = null;
        try {
            this.editing = site.id ? await api.get(`/api/sites/${site.id}`) : {};
        } catch (e) {
            this.message = errorMessage(e);
            return;
        }
        await this.updateComplete;
        this.querySelector('#site-name')?.focus();
    }

    async #save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const timeZone = text(form, 'timeZone') ?? DEFAULT_ZONE;
        if (!isTimeZone(timeZone)) {
            this.formError = t('console.conference.badTimeZone', { zone: timeZone });
            return;
        }
        const capacity = text(form, 'capacity');
        const body = {
            name: text(form, 'name'),
            city: text(form, 'city'),
            address: text(form, 'address'),
            timeZone,
            capacity: capacity === null ? null : Number(capacity),
        };
        const site = this.editing;
        try {
            if (site.id) {
                await api.put(`/api/sites/${site.id}`, body, ifMatch(site.version));
            } else {
                await api.post('/api/sites', body);
            }
            this.editing = null;
            this.notice = t('console.saved');
            this.#load();
        } catch (err) {
            this.formError = err.status === 412 ? t('console.sites.changedMeanwhile') : errorMessage(err);
            if (err.status === 412) {
                this.editing = await api.get(`/api/sites/${site.id}`).catch(() => site);
            }
        }
    }

    async #delete(site) {
        this.notice = null;
        try {
            await api.delete(`/api/sites/${site.id}`, ifMatch(site.version));
            this.notice = t('console.sites.deleted', { site: site.name });
            this.#load();
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    render() {
        const result = this.result;
        return html`<div class="view-head">
                <h1 tabindex="-1">${t('console.sites.title')}</h1>
                <button type="button" class="primary" @click=${() => this.#edit({})}>${t('console.sites.new')}</button>
            </div>
            <p class="muted">${t('console.sites.help')}</p>
            ${this.editing ? this.#form() : ''}
            <form class="filters card" role="search" @submit=${this.#search}>
                <div class="field">
                    <label for="site-q">${t('console.search')}</label>
                    <input id="site-q" name="q" type="search" .value=${this.q} placeholder=${t('console.sites.searchHint')} />
                </div>
                <button type="submit">${t('console.searchButton')}</button>
            </form>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
            ${result
                ? html`${result.items.length === 0
                          ? html`<p class="muted">${t('console.sites.none')}</p>`
                          : html`<ul class="rows site-rows">
                                ${result.items.map(
                                    (s) => html`<li class="row" data-site-id=${s.id}>
                                        <div class="row__main">
                                            <span class="row__title">${s.name}</span>
                                            <span class="muted">${[s.city, s.address].filter(Boolean).join(' · ')}</span>
                                            ${s.capacity != null ? html`<span class="muted">${t('console.sites.capacityOf', { n: s.capacity })}</span>` : ''}
                                        </div>
                                        <div class="actions">
                                            <button type="button" @click=${() => this.#edit(s)} aria-label=${t('console.editNamed', { name: s.name })}>${t('console.edit')}</button>
                                            <bp-confirm-button
                                                .label=${t('console.delete')}
                                                .question=${t('console.sites.askDelete', { site: s.name })}
                                                danger
                                                @confirm=${() => this.#delete(s)}
                                            ></bp-confirm-button>
                                        </div>
                                    </li>`,
                                )}
                            </ul>`}
                      <bp-pager .page=${this.page} .size=${PAGE_SIZE} .total=${result.total} @page=${(e) => {
                          this.page = e.detail;
                          this.#load();
                      }}></bp-pager>`
                : html`<p class="muted" role="status">${t('console.loading')}</p>`}`;
    }

    #form() {
        const s = this.editing;
        return html`<section class="card" aria-labelledby="site-form-title">
            <h2 id="site-form-title">${s.id ? t('console.sites.edit', { site: s.name }) : t('console.sites.new')}</h2>
            ${this.formError ? html`<p class="alert" role="alert">${this.formError}</p>` : ''}
            <form class="form-grid" @submit=${this.#save}>
                <div class="field">
                    <label for="site-name">${t('console.sites.name')}</label>
                    <input id="site-name" name="name" required maxlength="200" .value=${s.name ?? ''} />
                </div>
                <div class="field">
                    <label for="site-city">${t('console.sites.city')}</label>
                    <input id="site-city" name="city" maxlength="100" .value=${s.city ?? ''} />
                </div>
                <div class="field form-grid__wide">
                    <label for="site-address">${t('console.sites.address')}</label>
                    <input id="site-address" name="address" maxlength="300" .value=${s.address ?? ''} />
                </div>
                <div class="field">
                    <label for="site-zone">${t('console.conference.timeZone')}</label>
                    <input id="site-zone" name="timeZone" spellcheck="false" .value=${s.timeZone ?? DEFAULT_ZONE} />
                </div>
                <div class="field">
                    <label for="site-capacity">${t('console.sites.capacity')}</label>
                    <input id="site-capacity" name="capacity" type="number" min="0" max="1000000" inputmode="numeric" .value=${s.capacity ?? ''} />
                </div>
                <div class="actions form-grid__wide">
                    <button type="submit" class="primary">${t('console.save')}</button>
                    <button type="button" @click=${() => (this.editing = null)}>${t('console.cancel')}</button>
                </div>
            </form>
        </section>`;
    }
}
customElements.define('bp-site-list', SiteList);
