// <bp-participants .conference .participants>: the conference's bridge points (GET …/sites): each with its role
// (HOST or REMOTE), co-chairs and stream URL; adding a site (PUT …/sites/{siteId}), changing and removing one
// (DELETE). Fires 'participants-changed' after each change.
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { api, withQuery } from './session.js';
import { person, text } from './widgets.js';

const ROLES = ['HOST', 'REMOTE'];
// a country's halls run into the thousands: the form lists the first matches of a search, not every site
const SITE_CHOICES = 50;

class Participants extends BpElement {
    static properties = {
        conference: { attribute: false },
        participants: { attribute: false },
        sites: { state: true },
        sitesTotal: { state: true },
        sitesQuery: { state: true }, // the search the listed sites answer
        chosenSite: { state: true }, // the site picked in the form, kept while the list changes
        editing: { state: true }, // a participation being changed (or {siteId: null} for a new one)
        chairs: { state: true }, // the co-chairs in the form: [{key, name, title}]
        message: { state: true },
        notice: { state: true },
        busy: { state: true },
    };

    #chairKey = 0;

    get #path() {
        return `/api/conferences/${this.conference.id}/sites`;
    }

    #siteQuery = '';
    #searchTimer = null;

    /** The sites whose name or city matches what was typed (without accents), a page of them at most. */
    async #findSites(q) {
        const page = await api.get(withQuery('/api/sites', { q: q || undefined, size: SITE_CHOICES }));
        if (q === this.#siteQuery) {
            this.sites = page.items;
            this.sitesTotal = page.total;
            this.sitesQuery = q;
        }
    }

    #searchSites(e) {
        this.#siteQuery = e.target.value.trim();
        clearTimeout(this.#searchTimer);
        this.#searchTimer = setTimeout(() => this.#findSites(this.#siteQuery).catch((err) => (this.message = errorMessage(err))), 250);
    }

    #chooseSite(e) {
        this.chosenSite = (this.sites ?? []).find((site) => site.id === e.target.value) ?? null;
    }

    async #startAdding() {
        this.#siteQuery = '';
        this.chosenSite = null;
        try {
            await this.#findSites('');
        } catch (e) {
            this.message = errorMessage(e);
            return;
        }
        this.#startEditing({ siteId: null, role: this.participants.some((p) => p.role === 'HOST') ? 'REMOTE' : 'HOST', chairs: [], streamUrl: '' });
    }

    #startEditing(participation) {
        this.editing = participation;
        this.chairs = (participation.chairs ?? []).map((c) => ({ key: ++this.#chairKey, name: c.name, title: c.title ?? '' }));
        this.message = null;
        this.notice = null;
        this.updateComplete.then(() => this.querySelector('.participation-form select, .participation-form input')?.focus());
    }

    #addChair() {
        this.chairs = [...this.chairs, { key: ++this.#chairKey, name: '', title: '' }];
        this.updateComplete.then(() => this.querySelector(`[name="chair-name-${this.chairs.at(-1).key}"]`)?.focus());
    }

    #removeChair(key) {
        this.chairs = this.chairs.filter((c) => c.key !== key);
    }

    async #save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const siteId = this.editing.siteId ?? form.get('siteId');
        if (!siteId) {
            this.message = t('console.form.required');
            return;
        }
        const chairs = this.chairs
            .map((c) => ({ name: text(form, `chair-name-${c.key}`), title: text(form, `chair-title-${c.key}`) }))
            .filter((c) => c.name);
        const body = { role: form.get('role'), chairs, streamUrl: text(form, 'streamUrl') };
        this.busy = true;
        try {
            await api.put(`${this.#path}/${siteId}`, body);
            this.editing = null;
            this.message = null;
            this.notice = t('console.saved');
            this.dispatchEvent(new CustomEvent('participants-changed'));
        } catch (err) {
            this.message = errorMessage(err);
        } finally {
            this.busy = false;
        }
    }

    async #remove(p) {
        this.message = null;
        this.notice = null;
        try {
            await api.delete(`${this.#path}/${p.siteId}`);
            this.notice = t('console.participants.removed', { site: p.name });
            this.dispatchEvent(new CustomEvent('participants-changed'));
        } catch (err) {
            this.message = errorMessage(err);
        }
    }

    render() {
        return html`<div class="view-head">
                <h2>${t('console.participants.title')}</h2>
                <button type="button" class="primary" @click=${this.#startAdding} ?disabled=${!!this.editing}>${t('console.participants.add')}</button>
            </div>
            <p class="muted">${t('console.participants.help')}</p>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
            ${this.editing && !this.editing.siteId ? this.#form() : ''}
            ${this.participants.length === 0
                ? html`<p class="muted">${t('console.participants.none')}</p>`
                : html`<ul class="rows participant-rows">
                      ${repeat(
                          this.participants,
                          (p) => p.siteId,
                          (p) => html`<li class="row participant" data-site-id=${p.siteId}>
                              ${this.editing?.siteId === p.siteId
                                  ? this.#form()
                                  : html`<div class="row__main">
                                            <span class="row__title">${p.name}</span>
                                            <span class="badge ${p.role === 'HOST' ? 'badge--host' : ''}" data-role=${p.role}>${t(`console.role.${p.role}`)}</span>
                                            ${p.city ? html`<span class="muted">${p.city}</span>` : ''}
                                        </div>
                                        ${p.chairs?.length
                                            ? html`<p class="chairs">${t('console.participants.chairs')}: ${p.chairs.map(person).join('; ')}</p>`
                                            : ''}
                                        ${p.streamUrl ? html`<p class="stream-url muted">${t('console.participants.streamUrl')}: <span>${p.streamUrl}</span></p>` : ''}
                                        <div class="actions">
                                            <button type="button" @click=${() => this.#startEditing(p)} aria-label=${t('console.editNamed', { name: p.name })}>${t('console.edit')}</button>
                                            <bp-confirm-button
                                                .label=${t('console.participants.remove')}
                                                .question=${t('console.participants.askRemove', { site: p.name })}
                                                danger
                                                @confirm=${() => this.#remove(p)}
                                            ></bp-confirm-button>
                                        </div>`}
                          </li>`,
                      )}
                  </ul>`}`;
    }

    #form() {
        const p = this.editing;
        const taken = new Set(this.participants.map((x) => x.siteId));
        const found = (this.sites ?? []).filter((s) => !taken.has(s.id));
        // a search answered after the organizer picked a site must not change the pick
        const chosen = this.chosenSite;
        const choices = chosen && !found.some((s) => s.id === chosen.id) ? [chosen, ...found] : found;
        return html`<form class="card participation-form form-grid" @submit=${this.#save}>
            <h3 class="form-grid__wide">${p.siteId ? t('console.participants.editTitle', { site: p.name }) : t('console.participants.add')}</h3>
            ${p.siteId
                ? ''
                : html`<div class="field">
                      <label for="participation-site-q">${t('console.participants.siteSearch')}</label>
                      <input id="participation-site-q" type="search" autocomplete="off" placeholder=${t('console.sites.searchHint')} @input=${this.#searchSites} />
                  </div>
                  <div class="field">
                      <label for="participation-site">${t('console.participants.site')}</label>
                      <select id="participation-site" name="siteId" required data-query=${this.sitesQuery ?? ''} @change=${this.#chooseSite}>
                          <option value="" ?selected=${!chosen}>${t('console.choose')}</option>
                          ${repeat(
                              choices,
                              (s) => s.id,
                              (s) => html`<option value=${s.id} ?selected=${chosen?.id === s.id}>${s.name}${s.city ? ` (${s.city})` : ''}</option>`,
                          )}
                      </select>
                      ${this.sitesTotal > (this.sites ?? []).length ? html`<p class="hint muted">${t('console.participants.moreSites', { shown: this.sites.length, total: this.sitesTotal })}</p>` : ''}
                      ${choices.length === 0 && !this.#siteQuery ? html`<p class="hint muted">${t('console.participants.noSitesLeft')} <a href="#/sites">${t('console.nav.sites')}</a></p>` : ''}
                  </div>`}
            <div class="field">
                <label for="participation-role">${t('console.participants.role')}</label>
                <select id="participation-role" name="role">
                    ${ROLES.map((r) => html`<option value=${r} ?selected=${p.role === r}>${t(`console.role.${r}`)}</option>`)}
                </select>
            </div>
            <div class="field form-grid__wide">
                <label for="participation-stream">${t('console.participants.streamUrl')}</label>
                <input id="participation-stream" name="streamUrl" type="url" inputmode="url" spellcheck="false" placeholder="https://…" .value=${p.streamUrl ?? ''} />
            </div>
            <fieldset class="form-grid__wide">
                <legend>${t('console.participants.chairs')}</legend>
                ${this.chairs.length === 0 ? html`<p class="muted">${t('console.participants.noChairs')}</p>` : ''}
                ${repeat(
                    this.chairs,
                    (c) => c.key,
                    (c, i) => html`<div class="chair-row">
                        <div class="field">
                            <label for="chair-name-${c.key}">${t('console.participants.chairName', { n: i + 1 })}</label>
                            <input id="chair-name-${c.key}" name="chair-name-${c.key}" maxlength="200" .value=${c.name} />
                        </div>
                        <div class="field">
                            <label for="chair-title-${c.key}">${t('console.participants.chairTitle', { n: i + 1 })}</label>
                            <input id="chair-title-${c.key}" name="chair-title-${c.key}" maxlength="300" .value=${c.title} />
                        </div>
                        <button type="button" class="link" @click=${() => this.#removeChair(c.key)}>${t('console.participants.removeChair', { n: i + 1 })}</button>
                    </div>`,
                )}
                <button type="button" @click=${this.#addChair}>${t('console.participants.addChair')}</button>
            </fieldset>
            <div class="actions form-grid__wide">
                <button type="submit" class="primary" ?disabled=${this.busy}>${t('console.save')}</button>
                <button type="button" @click=${() => (this.editing = null)}>${t('console.cancel')}</button>
            </div>
        </form>`;
    }
}
customElements.define('bp-participants', Participants);
