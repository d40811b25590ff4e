// <bp-account-list>: the accounts of organizers and site hosts (#/accounts): search (q, role, site), paging, create
// (a host for a bridge point, or an organizer), change the display name, role and sites (PATCH with If-Match), reset a
// password (the one-time code is shown once, here), disable or enable, sign out everywhere, delete. Changing the sites
// or the role, disabling and signing out end the account's sessions at once (the service revokes its tokens).
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import { DEFAULT_ZONE } from './conference-form.js';
import { api, ifMatch, withQuery } from './session.js';
import { text } from './widgets.js';

const PAGE_SIZE = 20;
const SITES_PAGE = 500;
const ROLES = ['SITE_HOST', 'ORGANIZER'];

class AccountList extends BpElement {
    static properties = {
        result: { state: true },
        sites: { state: true },
        siteFilter: { state: true },
        filter: { state: true }, // {q, role, siteId}
        page: { state: true },
        editing: { state: true }, // an account being changed, or {} for a new one
        formRole: { state: true },
        resetCode: { state: true }, // the answer of a password reset, shown once
        message: { state: true },
        formError: { state: true },
        notice: { state: true },
    };

    constructor() {
        super();
        Object.assign(this, { filter: { q: '', role: '', siteId: '' }, page: 0, sites: [], siteFilter: '' });
    }

    connectedCallback() {
        super.connectedCallback();
        this.#loadSites();
        this.#load();
    }

    async #loadSites() {
        try {
            // every site, a page at a time: a host may be put in charge of any of them
            const sites = [];
            for (let page = 0; ; page++) {
                const result = await api.get(withQuery('/api/sites', { page, size: SITES_PAGE }));
                sites.push(...result.items);
                if (result.items.length < SITES_PAGE || sites.length >= result.total) break;
            }
            this.sites = sites;
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    async #load() {
        try {
            this.result = await api.get(withQuery('/api/users', { ...this.filter, page: this.page, size: PAGE_SIZE }));
            this.message = null;
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    #search(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        this.filter = { q: text(form, 'q') ?? '', role: text(form, 'role') ?? '', siteId: text(form, 'siteId') ?? '' };
        this.page = 0;
        this.#load();
    }

    #siteName(id) {
        return this.sites.find((s) => s.id === id)?.name ?? id;
    }

    async #edit(account) {
        Object.assign(this, { notice: null, formError: null, resetCode: null, siteFilter: '' });
        try {
            this.editing = account.id ? await api.get(`/api/users/${account.id}`) : { role: 'SITE_HOST', siteIds: [] };
        } catch (e) {
            this.message = errorMessage(e);
            return;
        }
        this.formRole = this.editing.role;
        await this.updateComplete;
        this.querySelector(account.id ? '#account-display-name' : '#account-username')?.focus();
    }

    async #save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const role = text(form, 'role');
        const siteIds = role === 'SITE_HOST' ? form.getAll('siteIds').map(String) : [];
        if (role === 'SITE_HOST' && siteIds.length === 0) {
            this.formError = t('console.accounts.chooseSite');
            return;
        }
        const account = this.editing;
        const change = { displayName: text(form, 'displayName'), role, siteIds };
        try {
            if (account.id) {
                await api.patch(`/api/users/${account.id}`, change, ifMatch(account.version));
            } else {
                await api.post('/api/users', { ...change, username: text(form, 'username'), password: form.get('password') });
            }
            this.editing = null;
            this.notice = t('console.saved');
            this.#load();
        } catch (err) {
            this.#failed(err, account);
        }
    }

    /** A refused change: said in the form, and after a 412 the form shows the account as it is now. */
    async #failed(err, account) {
        this.formError = err.status === 412 ? t('console.accounts.changedMeanwhile') : errorMessage(err);
        if (err.status === 412) {
            this.editing = await api.get(`/api/users/${account.id}`).catch(() => account);
            this.formRole = this.editing.role;
        }
    }

    /** An action on a row; its notice once done, and the list read again. */
    async #act(work, notice) {
        Object.assign(this, { notice: null, message: null, resetCode: null });
        try {
            await work();
            this.notice = notice;
            this.#load();
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    #setDisabled(account, disabled) {
        return this.#act(
            () => api.patch(`/api/users/${account.id}`, { disabled }, ifMatch(account.version)),
            t(disabled ? 'console.accounts.disabledNotice' : 'console.accounts.enabledNotice', { username: account.username }),
        );
    }

    #signOut(account) {
        return this.#act(
            () => api.post(`/api/users/${account.id}/sign-out`),
            t('console.accounts.signedOut', { username: account.username }),
        );
    }

    #delete(account) {
        return this.#act(
            () => api.delete(`/api/users/${account.id}`, ifMatch(account.version)),
            t('console.accounts.deleted', { username: account.username }),
        );
    }

    async #resetPassword(account) {
        Object.assign(this, { notice: null, message: null, editing: null });
        try {
            this.resetCode = await api.post(`/api/users/${account.id}/password-reset`);
            await this.updateComplete;
            this.querySelector('#reset-code-title')?.focus();
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    render() {
        const result = this.result;
        return html`<div class="view-head">
                <h1 tabindex="-1">${t('console.accounts.title')}</h1>
                <button type="button" class="primary" @click=${() => this.#edit({})}>${t('console.accounts.new')}</button>
            </div>
            <p class="muted">${t('console.accounts.help')}</p>
            ${this.resetCode ? this.#resetCodeCard() : ''} ${this.editing ? this.#form() : ''}
            <form class="filters card" role="search" @submit=${this.#search}>
                <div class="field">
                    <label for="account-q">${t('console.search')}</label>
                    <input id="account-q" name="q" type="search" .value=${this.filter.q} placeholder=${t('console.accounts.searchHint')} />
                </div>
                <div class="field">
                    <label for="account-role-filter">${t('console.accounts.role')}</label>
                    <select id="account-role-filter" name="role">
                        <option value="" ?selected=${!this.filter.role}>${t('console.accounts.allRoles')}</option>
                        ${ROLES.map((r) => html`<option value=${r} ?selected=${this.filter.role === r}>${t(`console.accounts.role.${r}`)}</option>`)}
                    </select>
                </div>
                <div class="field">
                    <label for="account-site-filter">${t('console.accounts.site')}</label>
                    <select id="account-site-filter" name="siteId">
                        <option value="" ?selected=${!this.filter.siteId}>${t('console.accounts.allSites')}</option>
                        ${this.sites.map((s) => html`<option value=${s.id} ?selected=${this.filter.siteId === s.id}>${s.name}</option>`)}
                    </select>
                </div>
                <button type="submit">${t('console.searchButton')}</button>
            </form>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
            ${result
                ? html`${result.items.length === 0
                          ? html`<p class="muted">${t('console.accounts.none')}</p>`
                          : html`<ul class="rows account-rows">
                                ${result.items.map((a) => this.#row(a))}
                            </ul>`}
                      <bp-pager .page=${this.page} .size=${PAGE_SIZE} .total=${result.total} @page=${(e) => {
                          this.page = e.detail;
                          this.#load();
                      }}></bp-pager>`
                : html`<p class="muted" role="status">${t('console.loading')}</p>`}`;
    }

    #row(a) {
        const name = a.username;
        return html`<li class="row" data-account-id=${a.id} data-username=${a.username}>
            <div class="row__main">
                <span class="row__title">${a.displayName ? `${a.displayName} (${a.username})` : a.username}</span>
                <span class="muted">
                    ${t(`console.accounts.role.${a.role}`)}${a.siteIds.length ? ` · ${a.siteIds.map((id) => this.#siteName(id)).join(', ')}` : ''}
                </span>
                <span class="muted">
                    ${a.lastLoginAt
                        ? t('console.accounts.lastLogin', { time: formatDateTime(a.lastLoginAt, DEFAULT_ZONE) })
                        : t('console.accounts.neverLoggedIn')}${a.createdBy ? ` · ${t('console.accounts.createdBy', { name: a.createdBy.username })}` : ''}
                </span>
            </div>
            ${a.disabled ? html`<span class="badge badge--status-cancelled" data-disabled>${t('console.accounts.disabled')}</span>` : ''}
            <div class="actions">
                <button type="button" @click=${() => this.#edit(a)} aria-label=${t('console.editNamed', { name })}>${t('console.edit')}</button>
                <bp-confirm-button
                    class="reset-password"
                    .label=${t('console.accounts.resetPassword')}
                    .question=${t('console.accounts.askReset', { username: name })}
                    @confirm=${() => this.#resetPassword(a)}
                ></bp-confirm-button>
                ${a.disabled
                    ? html`<button type="button" class="enable" @click=${() => this.#setDisabled(a, false)}>${t('console.accounts.enable')}</button>`
                    : html`<bp-confirm-button
                          class="disable"
                          .label=${t('console.accounts.disable')}
                          .question=${t('console.accounts.askDisable', { username: name })}
                          danger
                          @confirm=${() => this.#setDisabled(a, true)}
                      ></bp-confirm-button>`}
                <bp-confirm-button
                    class="sign-out"
                    .label=${t('console.accounts.signOutEverywhere')}
                    .question=${t('console.accounts.askSignOut', { username: name })}
                    @confirm=${() => this.#signOut(a)}
                ></bp-confirm-button>
                <bp-confirm-button
                    class="delete"
                    .label=${t('console.delete')}
                    .question=${t('console.accounts.askDelete', { username: name })}
                    danger
                    @confirm=${() => this.#delete(a)}
                ></bp-confirm-button>
            </div>
        </li>`;
    }

    #resetCodeCard() {
        const r = this.resetCode;
        return html`<section class="card reset-code" aria-labelledby="reset-code-title">
            <h2 id="reset-code-title" tabindex="-1">${t('console.accounts.resetCodeTitle', { username: r.username })}</h2>
            <p class="join-code join-code--large" data-reset-code>${r.resetCode}</p>
            <p>${t('console.accounts.resetCodeHelp', { time: formatDateTime(r.expiresAt, DEFAULT_ZONE) })}</p>
            <button type="button" @click=${() => (this.resetCode = null)}>${t('console.close')}</button>
        </section>`;
    }

    #form() {
        const a = this.editing;
        const host = this.formRole === 'SITE_HOST';
        return html`<section class="card" aria-labelledby="account-form-title">
            <h2 id="account-form-title">${a.id ? t('console.accounts.edit', { username: a.username }) : t('console.accounts.new')}</h2>
            ${this.formError ? html`<p class="alert" role="alert">${this.formError}</p>` : ''}
            <form class="form-grid" @submit=${this.#save}>
                ${a.id
                    ? ''
                    : html`<div class="field">
                              <label for="account-username">${t('console.accounts.username')}</label>
                              <input id="account-username" name="username" required minlength="3" maxlength="64" autocomplete="off" autocapitalize="none" spellcheck="false" />
                          </div>
                          <div class="field">
                              <label for="account-password">${t('console.accounts.password')}</label>
                              <input id="account-password" name="password" type="password" required minlength="8" maxlength="200" autocomplete="new-password" />
                              <p class="muted hint">${t('console.accounts.passwordHint')}</p>
                          </div>`}
                <div class="field">
                    <label for="account-display-name">${t('console.accounts.displayName')}</label>
                    <input id="account-display-name" name="displayName" maxlength="200" .value=${a.displayName ?? ''} />
                </div>
                <div class="field">
                    <label for="account-role">${t('console.accounts.role')}</label>
                    <select id="account-role" name="role" @change=${(e) => (this.formRole = e.target.value)}>
                        ${ROLES.map((r) => html`<option value=${r} ?selected=${this.formRole === r}>${t(`console.accounts.role.${r}`)}</option>`)}
                    </select>
                </div>
                ${host
                    ? html`<fieldset class="form-grid__wide site-picks">
                          <legend>${t('console.accounts.sites')}</legend>
                          <input id="account-site-search" type="search" placeholder=${t('console.accounts.siteSearch')} aria-label=${t('console.accounts.siteSearch')} .value=${this.siteFilter} @input=${(e) => (this.siteFilter = e.target.value)} />
                          ${this.sites.map(
                              // a site left out by the filter stays in the form (hidden), so that it is not unticked
                              (s) => html`<label class="check" ?hidden=${!a.siteIds?.includes(s.id) && !matches(s, this.siteFilter)}>
                                  <input type="checkbox" name="siteIds" value=${s.id} ?checked=${a.siteIds?.includes(s.id)} />
                                  ${s.name}${s.city ? html` <span class="muted">· ${s.city}</span>` : ''}
                              </label>`,
                          )}
                      </fieldset>`
                    : ''}
                ${a.id ? html`<p class="muted form-grid__wide">${t('console.accounts.revokes')}</p>` : ''}
                <div class="actions form-grid__wide">
                    <button type="submit" class="primary">${t('console.save')}</button>
                    <button type="button" @click=${() => (this.editing = null)}>${t('console.cancel')}</button>
                </div>
            </form>
        </section>`;
    }
}
/** Whether the site's name or city contains what was typed, accents and case aside. */
function matches(site, typed) {
    const q = fold(typed.trim());
    return !q || fold(site.name).includes(q) || fold(site.city ?? '').includes(q);
}

function fold(text) {
    return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

customElements.define('bp-account-list', AccountList);
