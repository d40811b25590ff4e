// Small pieces the console's views share: a pager, status badges, people, a button that asks before it acts.
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';

/** "Trung tướng Trần Quốc Tỏ": a person's title and name. */
export function person(p) {
    return p ? [p.title, p.name].filter(Boolean).join(' ') : '';
}

/** A conference's status as a badge. */
export function conferenceStatus(status) {
    return html`<span class="badge badge--status-${status.toLowerCase()}" data-conference-status=${status}>${t(`console.conference.status.${status}`)}</span>`;
}

/** A person {name, title} from two fields of a form, or null when the name is empty. */
export function personFrom(form, nameField, titleField) {
    const name = String(form.get(nameField) ?? '').trim();
    const title = String(form.get(titleField) ?? '').trim();
    return name ? { name, title: title || null } : null;
}

/** A form field's trimmed text, or null when empty. */
export function text(form, field) {
    const value = String(form.get(field) ?? '').trim();
    return value || null;
}

/**
 * <bp-pager .page .size .total @page=${e => e.detail}>: previous and next page of a list (0-based pages), and where
 * one is.
 */
class Pager extends BpElement {
    static properties = { page: { type: Number }, size: { type: Number }, total: { type: Number } };

    render() {
        const pages = Math.max(1, Math.ceil((this.total ?? 0) / (this.size || 1)));
        const page = this.page ?? 0;
        if (pages <= 1) {
            return html`<p class="muted pager">${t('console.pager.total', { total: this.total ?? 0 })}</p>`;
        }
        return html`<nav class="pager" aria-label=${t('console.pager.label')}>
            <button type="button" ?disabled=${page === 0} @click=${() => this.#go(page - 1)}>${t('console.pager.previous')}</button>
            <span>${t('console.pager.position', { page: page + 1, pages, total: this.total })}</span>
            <button type="button" ?disabled=${page >= pages - 1} @click=${() => this.#go(page + 1)}>${t('console.pager.next')}</button>
        </nav>`;
    }

    #go(page) {
        this.dispatchEvent(new CustomEvent('page', { detail: page }));
    }
}
customElements.define('bp-pager', Pager);

/**
 * <bp-confirm-button label="…" question="…" confirm="…" @confirm=…>: a button that asks first (in the page, not in a
 * dialog box): the question with "yes" and "no" buttons; 'confirm' fires on yes.
 */
class ConfirmButton extends BpElement {
    static properties = {
        label: {},
        question: {},
        confirm: {},
        danger: { type: Boolean },
        disabled: { type: Boolean },
        asking: { state: true },
    };

    render() {
        if (!this.asking) {
            return html`<button type="button" class=${this.danger ? 'danger' : ''} ?disabled=${this.disabled} @click=${this.#ask}>
                ${this.label}
            </button>`;
        }
        return html`<span class="confirm" role="group" aria-label=${this.question}>
            <span class="confirm__question">${this.question}</span>
            <button type="button" class="danger confirm__yes" @click=${this.#yes}>${this.confirm ?? this.label}</button>
            <button type="button" class="confirm__no" @click=${this.#no}>${t('console.keep')}</button>
        </span>`;
    }

    async #ask() {
        this.asking = true;
        await this.updateComplete;
        this.querySelector('.confirm__no')?.focus();
    }

    #yes() {
        this.asking = false;
        this.dispatchEvent(new CustomEvent('confirm'));
    }

    async #no() {
        this.asking = false;
        await this.updateComplete;
        this.querySelector('button')?.focus();
    }
}
customElements.define('bp-confirm-button', ConfirmButton);
