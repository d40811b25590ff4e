// <bp-run-of-show .conference .participants .live .seq>: running the conference: the item on air, starting, finishing,
// skipping and delaying items, handing the floor to a bridge point (POST …/live/handover) and announcements to all
// sites or one. Every action is one request; what it changes comes back over the live stream, and so do the changes
// other organizers make.
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { formatTime, sameMinute } from '../shared/time.js';
import { api } from './session.js';
import { person } from './widgets.js';

class RunOfShow extends BpElement {
    static properties = {
        conference: { attribute: false },
        participants: { attribute: false },
        live: { attribute: false },
        seq: {},
        delaying: { state: true }, // the id of the item whose delay form is open
        message: { state: true },
        busy: { state: true },
        sent: { state: true },
    };

    get #base() {
        return `/api/conferences/${this.conference.id}`;
    }

    async #call(path, body, after) {
        this.busy = true;
        this.message = null;
        try {
            const answer = await api.post(`${this.#base}${path}`, body);
            after?.(answer);
        } catch (e) {
            this.message = errorMessage(e);
        } finally {
            this.busy = false;
        }
    }

    #run(item, action) {
        return this.#call(`/agenda/${item.id}/${action}`);
    }

    #delay(e, item) {
        e.preventDefault();
        const minutes = Number(new FormData(e.target).get('minutes'));
        this.#call(`/agenda/${item.id}/delay`, { minutes }, () => (this.delaying = null));
    }

    #handOver(siteId) {
        return this.#call('/live/handover', { siteId });
    }

    #announce(e) {
        e.preventDefault();
        const form = e.target;
        const data = new FormData(form);
        const text = String(data.get('text') ?? '').trim();
        if (!text) {
            return;
        }
        const siteId = data.get('siteId') || null;
        this.#call('/announcements', siteId ? { text, siteId } : { text }, () => {
            // cleared for the next one, unless the organizer has already started typing it
            if (form.elements.text.value.trim() === text) {
                form.elements.text.value = '';
            }
            this.sent = t('console.run.announcementSent');
        });
    }

    #startConference() {
        this.#call('/start', undefined, (c) => this.dispatchEvent(new CustomEvent('conference-changed', { detail: c })));
    }

    #siteName(siteId) {
        return this.live?.site(siteId)?.name ?? this.participants.find((p) => p.siteId === siteId)?.name ?? '';
    }

    render() {
        const live = this.live;
        if (!live) {
            return html`<p class="muted" role="status">${t('console.loading')}</p>`;
        }
        const running = live.status === 'LIVE';
        return html`${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${running
                ? ''
                : html`<section class="card">
                      <p data-run-status=${live.status}>${t(`console.run.notLive.${live.status}`)}</p>
                      ${live.status === 'SCHEDULED'
                          ? html`<button type="button" class="primary" ?disabled=${this.busy} @click=${this.#startConference}>
                                ${t('console.conference.action.start')}
                            </button>`
                          : ''}
                  </section>`}
            <div class="run-columns">
                <div class="run-column">${this.#onAir(running)} ${this.#items(running)}</div>
                <div class="run-column">${this.#floor(running)} ${this.#announcements()}</div>
            </div>`;
    }

    #onAir(running) {
        const live = this.live;
        const item = live.currentItem;
        const zone = this.conference.timeZone;
        return html`<section class="card on-air" aria-labelledby="run-on-air-title" data-current-item=${item?.id ?? ''}>
            <h2 id="run-on-air-title">${t('console.run.onAir')}</h2>
            ${item
                ? html`<p class="on-air__title">${item.title}</p>
                      ${item.speaker ? html`<p class="on-air__speaker">${person(item.speaker)}</p>` : ''}
                      ${item.siteId ? html`<p>${t('console.run.from', { site: this.#siteName(item.siteId) })}</p>` : ''}
                      <p class="muted">${t('console.run.since', { time: formatTime(item.actualStart, zone), minutes: item.plannedMinutes + (item.delayMinutes ?? 0) })}</p>
                      ${running
                          ? html`<div class="actions">
                                <button type="button" class="primary" data-run="finish" ?disabled=${this.busy} @click=${() => this.#run(item, 'finish')}>
                                    ${t('console.run.finish')}
                                </button>
                                <button type="button" data-run="delay" @click=${() => (this.delaying = item.id)}>${t('console.run.delay')}</button>
                            </div>
                            ${this.delaying === item.id ? this.#delayForm(item) : ''}`
                          : ''}`
                : html`<p class="muted">${t('console.run.nothingOnAir')}</p>`}
        </section>`;
    }

    #delayForm(item) {
        return html`<form class="delay-form" @submit=${(e) => this.#delay(e, item)}>
            <label for="delay-${item.id}">${t('console.run.delayMinutes', { title: item.title })}</label>
            <div class="inline-field">
                <input id="delay-${item.id}" name="minutes" type="number" min="1" max="600" value="5" required inputmode="numeric" />
                <button type="submit" class="primary" ?disabled=${this.busy}>${t('console.run.delayConfirm')}</button>
                <button type="button" @click=${() => (this.delaying = null)}>${t('console.cancel')}</button>
            </div>
        </form>`;
    }

    #items(running) {
        const zone = this.conference.timeZone;
        const items = this.live.agenda;
        return html`<section class="card" aria-labelledby="run-items-title">
            <h2 id="run-items-title">${t('console.run.items')}</h2>
            ${items.length === 0
                ? html`<p class="muted">${t('console.agenda.empty')}</p>`
                : html`<ol class="run-list">
                      ${items.map(
                          (item) => html`<li class="run-item run-item--${item.status.toLowerCase()}" data-item-id=${item.id} data-status=${item.status}>
                              <div class="run-item__head">
                                  <span class="run-item__time">
                                      ${item.status === 'LIVE' || item.status === 'DONE'
                                          ? formatTime(item.actualStart, zone)
                                          : formatTime(item.projectedStart ?? item.plannedStart, zone)}
                                  </span>
                                  <span class="run-item__title">${item.title}</span>
                                  <span class="badge badge--${item.status.toLowerCase()}">${t(`console.itemStatus.${item.status}`)}</span>
                              </div>
                              <p class="muted">
                                  ${[person(item.speaker), this.#siteName(item.siteId)].filter(Boolean).join(' · ')}
                                  ${item.delayMinutes ? html`<span class="agenda-item__delay">${t('console.run.delayed', { minutes: item.delayMinutes })}</span>` : ''}
                                  ${item.status === 'PLANNED' && item.projectedStart && item.plannedStart && !sameMinute(item.projectedStart, item.plannedStart)
                                      ? html`<span>${t('console.agenda.planned', { time: formatTime(item.plannedStart, zone) })}</span>`
                                      : ''}
                              </p>
                              ${running ? this.#itemActions(item) : ''}
                              ${this.delaying === item.id && item.status === 'PLANNED' ? this.#delayForm(item) : ''}
                          </li>`,
                      )}
                  </ol>`}
        </section>`;
    }

    #itemActions(item) {
        const named = { title: item.title };
        if (item.status === 'PLANNED') {
            return html`<div class="actions">
                <button type="button" class="primary" data-run="start" ?disabled=${this.busy} aria-label=${t('console.run.startNamed', named)} @click=${() => this.#run(item, 'start')}>
                    ${t('console.run.start')}
                </button>
                <button type="button" data-run="skip" ?disabled=${this.busy} aria-label=${t('console.run.skipNamed', named)} @click=${() => this.#run(item, 'skip')}>
                    ${t('console.run.skip')}
                </button>
                <button type="button" data-run="delay" aria-label=${t('console.run.delayNamed', named)} @click=${() => (this.delaying = item.id)}>
                    ${t('console.run.delay')}
                </button>
            </div>`;
        }
        if (item.status === 'LIVE') {
            return html`<div class="actions">
                <button type="button" data-run="finish" ?disabled=${this.busy} aria-label=${t('console.run.finishNamed', named)} @click=${() => this.#run(item, 'finish')}>
                    ${t('console.run.finish')}
                </button>
            </div>`;
        }
        return '';
    }

    #floor(running) {
        const live = this.live;
        const sites = live.sites.length ? live.sites : this.participants.map((p) => ({ ...p, online: false }));
        return html`<section class="card floor-card" aria-labelledby="run-floor-title">
            <h2 id="run-floor-title">${t('console.run.floor')}</h2>
            <p>
                ${t('console.run.floorHolder')}:
                <strong data-floor-site=${live.floorSiteId ?? ''}>${live.floorSiteId ? this.#siteName(live.floorSiteId) : t('console.run.noFloor')}</strong>
            </p>
            <ul class="rows floor-sites">
                ${sites.map(
                    (s) => html`<li class="row" data-site-id=${s.siteId}>
                        <div class="row__main">
                            <span class="row__title">${s.name}</span>
                            <span class="presence presence--${s.online ? 'online' : 'offline'}">${t(s.online ? 'console.presence.online' : 'console.presence.offline')}</span>
                        </div>
                        ${running
                            ? live.floorSiteId === s.siteId
                                ? html`<span class="badge badge--live">${t('console.run.hasFloor')}</span>`
                                : html`<button type="button" data-handover=${s.siteId} ?disabled=${this.busy} @click=${() => this.#handOver(s.siteId)}>
                                      ${t('console.run.handOver', { site: s.name })}
                                  </button>`
                            : ''}
                    </li>`,
                )}
            </ul>
        </section>`;
    }

    #announcements() {
        const live = this.live;
        const zone = this.conference.timeZone;
        const canAnnounce = live.status === 'LIVE' || live.status === 'SCHEDULED';
        const sites = live.sites.length ? live.sites : this.participants;
        return html`<section class="card announcements-card" aria-labelledby="run-announcements-title">
            <h2 id="run-announcements-title">${t('console.run.announcements')}</h2>
            ${canAnnounce
                ? html`<form class="announce-form" @submit=${this.#announce} @input=${() => (this.sent = null)}>
                      <label for="announcement-text">${t('console.run.announcementText')}</label>
                      <textarea id="announcement-text" name="text" rows="3" maxlength="2000" required></textarea>
                      <label for="announcement-site">${t('console.run.announcementTo')}</label>
                      <select id="announcement-site" name="siteId">
                          <option value="">${t('console.run.allSites')}</option>
                          ${sites.map((s) => html`<option value=${s.siteId}>${s.name}</option>`)}
                      </select>
                      <button type="submit" class="primary" ?disabled=${this.busy}>${t('console.run.send')}</button>
                      ${this.sent ? html`<p class="notice" role="status">${this.sent}</p>` : ''}
                  </form>`
                : ''}
            ${live.announcements.length === 0
                ? html`<p class="muted">${t('console.run.noAnnouncements')}</p>`
                : html`<ul class="announcements" aria-live="polite">
                      ${live.announcements.map(
                          (a) => html`<li data-seq=${a.seq}>
                              <time datetime=${a.at}>${formatTime(a.at, zone)}</time>
                              <span class="badge">${a.siteId ? t('console.run.toSite', { site: this.#siteName(a.siteId) }) : t('console.run.toAll')}</span>
                              <p>${a.text}</p>
                          </li>`,
                      )}
                  </ul>`}
        </section>`;
    }
}
customElements.define('bp-run-of-show', RunOfShow);
