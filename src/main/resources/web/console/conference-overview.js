// <bp-conference-overview .conference .participants>: the conference's details, editing them (PUT with If-Match: a
// 412 means someone else changed it meanwhile), its status actions (publish, start, end, cancel) and deleting it
// where allowed (DRAFT, CANCELLED). Fires 'conference-changed' with the conference as the service answered it.
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import './conference-form.js';
import { api, ifMatch } from './session.js';
import { person } from './widgets.js';

/** What can be done to a conference in each status (README "Rules"), in the order the buttons show. */
const ACTIONS = {
    DRAFT: ['publish', 'cancel'],
    SCHEDULED: ['start', 'cancel'],
    LIVE: ['end'],
    ENDED: [],
    CANCELLED: [],
};
const DELETABLE = new Set(['DRAFT', 'CANCELLED']);
const ASK_FIRST = new Set(['end', 'cancel']);

class ConferenceOverview extends BpElement {
    static properties = {
        conference: { attribute: false },
        participants: { attribute: false },
        editing: { state: true },
        message: { state: true },
        notice: { state: true },
        busy: { state: true },
    };

    get #path() {
        return `/api/conferences/${this.conference.id}`;
    }

    async #edit() {
        // the form starts from the conference as it is now, with its version for If-Match
        try {
            this.editing = await api.get(this.#path);
            this.message = null;
        } catch (e) {
            this.message = errorMessage(e);
        }
    }

    async #save(e) {
        try {
            const saved = await api.put(this.#path, e.detail.body, ifMatch(this.editing.version));
            this.editing = null;
            this.notice = t('console.saved');
            this.#changed(saved);
        } catch (err) {
            if (err.status === 412) {
                // someone else saved first: show their version, and say so
                this.editing = await api.get(this.#path).catch(() => this.editing);
                this.#changed(this.editing);
                e.detail.failed(t('console.conference.changedMeanwhile'));
            } else {
                e.detail.failed(errorMessage(err));
            }
        }
    }

    async #act(action) {
        this.busy = true;
        this.message = null;
        this.notice = null;
        try {
            this.#changed(await api.post(`${this.#path}/${action}`));
            this.notice = t(`console.conference.done.${action}`);
        } catch (e) {
            this.message = errorMessage(e);
        } finally {
            this.busy = false;
        }
    }

    async #delete() {
        try {
            await api.delete(this.#path, ifMatch(this.conference.version));
            location.hash = '#/conferences';
        } catch (e) {
            this.message = e.status === 412 ? t('console.conference.changedMeanwhile') : errorMessage(e);
        }
    }

    #changed(conference) {
        this.dispatchEvent(new CustomEvent('conference-changed', { detail: conference }));
    }

    render() {
        const c = this.conference;
        const zone = c.timeZone;
        const host = this.participants.find((p) => p.role === 'HOST');
        return html`${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
            ${this.editing
                ? html`<section class="card" aria-labelledby="edit-conference-title">
                      <h2 id="edit-conference-title">${t('console.conference.edit')}</h2>
                      <bp-conference-form .conference=${this.editing} @save=${this.#save} @cancel=${() => (this.editing = null)}></bp-conference-form>
                  </section>`
                : html`<section class="card" aria-labelledby="details-title">
                      <div class="card-head">
                          <h2 id="details-title">${t('console.conference.details')}</h2>
                          <button type="button" @click=${this.#edit} ?disabled=${c.status === 'ENDED' || c.status === 'CANCELLED'}>
                              ${t('console.edit')}
                          </button>
                      </div>
                      <dl class="details">
                          <dt>${t('console.conference.description')}</dt>
                          <dd>${c.description || '—'}</dd>
                          <dt>${t('console.conference.startsAt')}</dt>
                          <dd>${formatDateTime(c.startsAt, zone)}</dd>
                          <dt>${t('console.conference.endsAt')}</dt>
                          <dd>${formatDateTime(c.endsAt, zone)}</dd>
                          <dt>${t('console.conference.timeZone')}</dt>
                          <dd>${zone}</dd>
                          <dt>${t('console.conference.chair')}</dt>
                          <dd>${person(c.chair) || '—'}</dd>
                          <dt>${t('console.conference.hostSite')}</dt>
                          <dd>${host ? host.name : t('console.conference.noHost')}</dd>
                          <dt>${t('console.conference.siteCount')}</dt>
                          <dd>${this.participants.length}</dd>
                          ${c.startedAt ? html`<dt>${t('console.conference.startedAt')}</dt><dd>${formatDateTime(c.startedAt, zone)}</dd>` : ''}
                          ${c.endedAt ? html`<dt>${t('console.conference.endedAt')}</dt><dd>${formatDateTime(c.endedAt, zone)}</dd>` : ''}
                      </dl>
                  </section>`}
            <section class="card" aria-labelledby="status-title">
                <h2 id="status-title">${t('console.conference.statusActions')}</h2>
                <p>${t(`console.conference.statusHelp.${c.status}`)}</p>
                <div class="actions">
                    ${ACTIONS[c.status].map((action) =>
                        ASK_FIRST.has(action)
                            ? html`<bp-confirm-button
                                  data-action=${action}
                                  .label=${t(`console.conference.action.${action}`)}
                                  .question=${t(`console.conference.ask.${action}`)}
                                  danger
                                  ?disabled=${this.busy}
                                  @confirm=${() => this.#act(action)}
                              ></bp-confirm-button>`
                            : html`<button type="button" class="primary" data-action=${action} ?disabled=${this.busy} @click=${() => this.#act(action)}>
                                  ${t(`console.conference.action.${action}`)}
                              </button>`,
                    )}
                    ${DELETABLE.has(c.status)
                        ? html`<bp-confirm-button
                              data-action="delete"
                              .label=${t('console.conference.action.delete')}
                              .question=${t('console.conference.ask.delete')}
                              danger
                              @confirm=${this.#delete}
                          ></bp-confirm-button>`
                        : ''}
                </div>
            </section>`;
    }
}
customElements.define('bp-conference-overview', ConferenceOverview);
