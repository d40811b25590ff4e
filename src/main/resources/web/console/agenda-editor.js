// <bp-agenda-editor .conference .participants .live .seq>: the agenda as the live stream has it (so edits by others
// show at once): adding, changing and removing items, and moving them by drag and drop or by keyboard (the up and down
// buttons, or Alt+↑/↓ on an item). A move is saved with PUT …/agenda/order and the agenda's ETag as If-Match: the tag
// of the order the organizer saw. When the agenda changed meanwhile (a 412, or an order the stream has not shown yet),
// nothing is overwritten: the console shows the agenda as it is now and says so.
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { formatTime, sameMinute } from '../shared/time.js';
import './agenda-item-form.js';
import { api, ifMatch } from './session.js';
import { person } from './widgets.js';

const CLOSED = new Set(['ENDED', 'CANCELLED']);

const ids = (items) => items.map((i) => i.id);
const sameOrder = (a, b) => a.length === b.length && a.every((id, i) => id === b[i]);

class AgendaEditor extends BpElement {
    static properties = {
        conference: { attribute: false },
        participants: { attribute: false },
        live: { attribute: false },
        seq: {},
        shown: { state: true }, // items shown instead of the stream's while a move is saved or after a refusal
        editing: { state: true }, // the item being changed, or {} for a new one
        message: { state: true },
        notice: { state: true },
        announcement: { state: true }, // what a screen reader hears after a move
        dragId: { state: true },
        drop: { state: true }, // {id, after}: where a dragged item would land
    };

    /** The agenda's ETag and the order it is the tag of. */
    #tag = null;
    /** Whether the items shown instead of the stream's are the service's answer (then the stream's next order wins). */
    #shownSettled = false;
    #liveOrder = [];
    #focus = null;

    get #path() {
        return `/api/conferences/${this.conference.id}/agenda`;
    }

    get #editable() {
        return !CLOSED.has(this.live?.status ?? this.conference.status);
    }

    willUpdate() {
        const liveOrder = ids(this.live?.agenda ?? []);
        const orderChanged = !sameOrder(liveOrder, this.#liveOrder);
        this.#liveOrder = liveOrder;
        if (this.shown && (sameOrder(ids(this.shown), liveOrder) || (orderChanged && this.#shownSettled))) {
            // the stream caught up (or moved on): it is the truth again
            this.shown = null;
        }
    }

    updated() {
        if (this.#focus) {
            const { id, selector } = this.#focus;
            this.#focus = null;
            const row = this.querySelector(`.agenda-row[data-item-id="${id}"]`);
            const target = selector ? row?.querySelector(selector) : row;
            (target && !target.disabled ? target : row)?.focus();
        }
    }

    #items() {
        if (this.shown) {
            // the latest contents of each item from the stream, in the order being saved
            const byId = new Map((this.live?.agenda ?? []).map((i) => [i.id, i]));
            return this.shown.map((i) => byId.get(i.id) ?? i);
        }
        return this.live?.agenda ?? [];
    }

    /** Moves an item to index `to` (0-based) of the agenda shown, and saves the new order. */
    async #move(itemId, to, focusSelector) {
        const base = this.#items();
        const from = base.findIndex((i) => i.id === itemId);
        if (from < 0 || to < 0 || to >= base.length || to === from) {
            return;
        }
        const moved = [...base];
        const [item] = moved.splice(from, 1);
        moved.splice(to, 0, item);
        this.message = null;
        this.notice = null;
        this.shown = moved;
        this.#shownSettled = false;
        this.#focus = focusSelector === null ? null : { id: itemId, selector: focusSelector };
        this.announcement = t('console.agenda.moved', { title: item.title, position: to + 1, total: moved.length });
        try {
            const etag = await this.#tagOf(ids(base));
            if (etag === null) {
                await this.#changedMeanwhile();
                return;
            }
            const saved = await api.put(`${this.#path}/order`, { itemIds: ids(moved) }, { headers: { 'If-Match': etag }, full: true });
            this.#tag = { etag: saved.etag, order: ids(saved.body.items) };
            this.#showSettled(saved.body.items);
        } catch (e) {
            if (e.status === 412) {
                await this.#changedMeanwhile();
            } else {
                this.shown = null;
                this.message = errorMessage(e);
            }
        }
    }

    /**
     * The ETag of this order of the agenda: the one kept from the last read or save if it is of this order; otherwise
     * the agenda is read again, and its tag is used if the service still has this order. null: it has another one.
     */
    async #tagOf(order) {
        if (this.#tag && sameOrder(this.#tag.order, order)) {
            return this.#tag.etag;
        }
        const read = await api.get(this.#path, { full: true });
        this.#tag = { etag: read.etag, order: ids(read.body.items) };
        return sameOrder(this.#tag.order, order) ? read.etag : null;
    }

    /** Someone else added, removed or moved an item meanwhile: show the agenda as it is now, and say so. */
    async #changedMeanwhile() {
        this.announcement = '';
        this.message = t('console.agenda.changedMeanwhile');
        try {
            const read = await api.get(this.#path, { full: true });
            this.#tag = { etag: read.etag, order: ids(read.body.items) };
            this.#showSettled(read.body.items);
        } catch (e) {
            this.shown = null;
            this.message = `${this.message} ${errorMessage(e)}`;
        }
    }

    #showSettled(items) {
        this.#shownSettled = true;
        this.shown = sameOrder(ids(items), this.#liveOrder) ? null : items;
    }

    /** Alt+↑ / Alt+↓ on an item (or on one of its buttons) moves it; the focus stays where it was. */
    #keydown(e, item, index) {
        if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) {
            return;
        }
        e.preventDefault();
        const on = e.target.closest('button');
        const selector = !on ? '' : on.classList.contains('move-up') ? '.move-up' : on.classList.contains('move-down') ? '.move-down' : '.edit';
        this.#move(item.id, e.key === 'ArrowUp' ? index - 1 : index + 1, selector);
    }

    // ---- drag and drop ----

    #dragStart(e, item) {
        this.dragId = item.id;
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', item.id);
    }

    #dragOver(e, item) {
        if (!this.dragId) {
            return;
        }
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        const box = e.currentTarget.getBoundingClientRect();
        const after = e.clientY > box.top + box.height / 2;
        if (this.drop?.id !== item.id || this.drop?.after !== after) {
            this.drop = { id: item.id, after };
        }
    }

    #dropOn(e, target) {
        e.preventDefault();
        const dragged = this.dragId;
        const drop = this.drop;
        this.#dragEnd();
        if (!dragged || !drop || dragged === target.id) {
            return;
        }
        const items = this.#items();
        const from = items.findIndex((i) => i.id === dragged);
        let to = items.findIndex((i) => i.id === target.id) + (drop.after ? 1 : 0);
        if (from < to) {
            to--; // the dragged item leaves its place first
        }
        this.#move(dragged, to, null);
    }

    #dragEnd() {
        this.dragId = null;
        this.drop = null;
    }

    // ---- items ----

    async #edit(item) {
        this.message = null;
        this.notice = null;
        try {
            // the item as it is now, with its current version for If-Match (versions in the stream go stale on moves)
            this.editing = item.id ? await api.get(`${this.#path}/${item.id}`) : {};
        } catch (e) {
            this.message = errorMessage(e);
            return;
        }
        await this.updateComplete;
        this.querySelector('.agenda-item-form select, .agenda-item-form input')?.focus();
    }

    async #save(e) {
        const item = this.editing;
        try {
            if (item.id) {
                await api.put(`${this.#path}/${item.id}`, e.detail.body, ifMatch(item.version));
            } else {
                await api.post(this.#path, e.detail.body);
            }
            this.editing = null;
            this.notice = item.id ? t('console.saved') : t('console.agenda.added', { title: e.detail.body.title });
        } catch (err) {
            if (err.status === 412) {
                this.editing = await api.get(`${this.#path}/${item.id}`).catch(() => item);
                e.detail.failed(t('console.agenda.itemChangedMeanwhile'));
            } else {
                e.detail.failed(errorMessage(err));
            }
        }
    }

    async #remove(item) {
        this.message = null;
        try {
            await api.delete(`${this.#path}/${item.id}`);
            this.notice = t('console.agenda.removed', { title: item.title });
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    #siteName(siteId) {
        return this.participants.find((p) => p.siteId === siteId)?.name ?? this.live?.site(siteId)?.name ?? '';
    }

    render() {
        const editable = this.#editable;
        return html`<div class="view-head">
                <h2>${t('console.agenda.title')}</h2>
                ${editable ? html`<button type="button" class="primary" @click=${() => this.#edit({})}>${t('console.agenda.add')}</button>` : ''}
            </div>
            ${editable ? html`<p class="muted">${t('console.agenda.help')}</p>` : ''}
            ${this.message ? html`<p class="alert" role="alert" data-agenda-message>${this.message}</p>` : ''}
            ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
            <p class="visually-hidden" role="status" aria-live="polite">${this.announcement ?? ''}</p>
            ${this.editing
                ? html`<section class="card" aria-labelledby="item-form-title">
                      <h3 id="item-form-title">${this.editing.id ? t('console.agenda.editTitle', { title: this.editing.title }) : t('console.agenda.add')}</h3>
                      <bp-agenda-item-form
                          .conference=${this.conference}
                          .participants=${this.participants}
                          .item=${this.editing}
                          @save=${this.#save}
                          @cancel=${() => (this.editing = null)}
                      ></bp-agenda-item-form>
                  </section>`
                : ''}
            ${this.live ? this.#list(editable) : html`<p class="muted" role="status">${t('console.loading')}</p>`}`;
    }

    #list(editable) {
        const items = this.#items();
        const zone = this.conference.timeZone;
        if (items.length === 0) {
            return html`<p class="muted">${t('console.agenda.empty')}</p>`;
        }
        return html`<ol class="agenda-list" aria-label=${t('console.agenda.title')}>
            ${repeat(
                items,
                (item) => item.id,
                (item, index) => html`<li
                    class="agenda-row ${this.dragId === item.id ? 'agenda-row--dragging' : ''} ${this.drop?.id === item.id
                        ? this.drop.after
                            ? 'agenda-row--drop-after'
                            : 'agenda-row--drop-before'
                        : ''}"
                    data-item-id=${item.id}
                    data-status=${item.status}
                    tabindex=${editable ? '0' : '-1'}
                    aria-label=${t('console.agenda.rowLabel', { position: index + 1, title: item.title })}
                    draggable=${editable ? 'true' : 'false'}
                    @keydown=${(e) => editable && this.#keydown(e, item, index)}
                    @dragstart=${(e) => this.#dragStart(e, item)}
                    @dragover=${(e) => this.#dragOver(e, item)}
                    @drop=${(e) => this.#dropOn(e, item)}
                    @dragend=${() => this.#dragEnd()}
                >
                    <span class="agenda-row__position" aria-hidden="true">${index + 1}</span>
                    <div class="agenda-row__body">
                        <div class="agenda-row__times">
                            ${item.plannedStart ? html`<span>${t('console.agenda.planned', { time: formatTime(item.plannedStart, zone) })}</span>` : ''}
                            ${item.projectedStart && item.status === 'PLANNED' && !sameMinute(item.projectedStart, item.plannedStart)
                                ? html`<span class="agenda-item__projected">${t('console.agenda.projected', { time: formatTime(item.projectedStart, zone) })}</span>`
                                : ''}
                            <span class="muted">${t('console.minutes', { minutes: item.plannedMinutes })}</span>
                            <span class="badge">${t(`console.kind.${item.kind}`)}</span>
                            <span class="badge badge--${item.status.toLowerCase()}">${t(`console.itemStatus.${item.status}`)}</span>
                        </div>
                        <p class="agenda-row__title">${item.title}</p>
                        ${item.speaker || item.siteId
                            ? html`<p class="muted">${[person(item.speaker), this.#siteName(item.siteId)].filter(Boolean).join(' · ')}</p>`
                            : ''}
                        ${item.documents?.length
                            ? html`<ul class="documents">
                                  ${item.documents.map((d) => html`<li><strong>${d.code}</strong> ${d.title}${d.issuer ? html` · ${d.issuer}` : ''}</li>`)}
                              </ul>`
                            : ''}
                    </div>
                    ${editable
                        ? html`<div class="agenda-row__actions">
                              <button
                                  type="button"
                                  class="icon move-up"
                                  aria-label=${t('console.agenda.moveUp', { title: item.title })}
                                  title=${t('console.agenda.moveUpShort')}
                                  ?disabled=${index === 0}
                                  @click=${() => this.#move(item.id, index - 1, '.move-up')}
                              >
                                  ↑
                              </button>
                              <button
                                  type="button"
                                  class="icon move-down"
                                  aria-label=${t('console.agenda.moveDown', { title: item.title })}
                                  title=${t('console.agenda.moveDownShort')}
                                  ?disabled=${index === items.length - 1}
                                  @click=${() => this.#move(item.id, index + 1, '.move-down')}
                              >
                                  ↓
                              </button>
                              <button type="button" class="edit" aria-label=${t('console.editNamed', { name: item.title })} @click=${() => this.#edit(item)}>
                                  ${t('console.edit')}
                              </button>
                              ${item.status !== 'LIVE'
                                  ? html`<bp-confirm-button
                                        .label=${t('console.delete')}
                                        .question=${t('console.agenda.askRemove', { title: item.title })}
                                        danger
                                        @confirm=${() => this.#remove(item)}
                                    ></bp-confirm-button>`
                                  : ''}
                          </div>`
                        : ''}
                </li>`,
            )}
        </ol>`;
    }
}
customElements.define('bp-agenda-editor', AgendaEditor);
