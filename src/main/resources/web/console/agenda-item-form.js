// <bp-agenda-item-form .conference .participants .item>: an agenda item's plan (new when item has no id): kind, title,
// speaker, the bridge point the speaker talks from, planned start (in the conference's time zone) and minutes, and
// the documents it refers to. Fires 'save' with {body, failed(message)} and 'cancel'.
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { personFrom, text } from './widgets.js';
import { fromLocalInput, toLocalInput } from './zoned-time.js';

export const KINDS = ['OPENING', 'REPORT', 'DOCUMENT_BRIEFING', 'PRESENTATION', 'DISCUSSION', 'AWARDS', 'CLOSING', 'BREAK', 'OTHER'];

class AgendaItemForm extends BpElement {
    static properties = {
        conference: { attribute: false },
        participants: { attribute: false },
        item: { attribute: false },
        documents: { state: true }, // [{key, code, title, issuer, issuedOn}]
        error: { state: true },
        busy: { state: true },
    };

    #key = 0;

    willUpdate(changed) {
        if (changed.has('item')) {
            this.documents = (this.item?.documents ?? []).map((d) => ({ key: ++this.#key, ...d }));
            this.error = null;
            this.busy = false;
        }
    }

    render() {
        const item = this.item ?? {};
        const zone = this.conference.timeZone;
        const id = item.id ? 'item-edit' : 'item-new';
        return html`<form class="form-grid agenda-item-form" @submit=${this.#submit}>
            ${this.error ? html`<p class="alert form-grid__wide" role="alert">${this.error}</p>` : ''}
            <div class="field">
                <label for="${id}-kind">${t('console.agenda.kind')}</label>
                <select id="${id}-kind" name="kind">
                    ${KINDS.map((k) => html`<option value=${k} ?selected=${(item.kind ?? 'PRESENTATION') === k}>${t(`console.kind.${k}`)}</option>`)}
                </select>
            </div>
            <div class="field">
                <label for="${id}-title">${t('console.agenda.itemTitle')}</label>
                <input id="${id}-title" name="title" required maxlength="300" .value=${item.title ?? ''} />
            </div>
            <div class="field">
                <label for="${id}-speaker-name">${t('console.agenda.speakerName')}</label>
                <input id="${id}-speaker-name" name="speakerName" maxlength="200" .value=${item.speaker?.name ?? ''} />
            </div>
            <div class="field">
                <label for="${id}-speaker-title">${t('console.agenda.speakerTitle')}</label>
                <input id="${id}-speaker-title" name="speakerTitle" maxlength="300" .value=${item.speaker?.title ?? ''} />
            </div>
            <div class="field">
                <label for="${id}-site">${t('console.agenda.site')}</label>
                <select id="${id}-site" name="siteId">
                    <option value="">${t('console.agenda.noSite')}</option>
                    ${this.participants.map((p) => html`<option value=${p.siteId} ?selected=${p.siteId === item.siteId}>${p.name}</option>`)}
                </select>
            </div>
            <div class="field">
                <label for="${id}-start">${t('console.agenda.plannedStart', { zone })}</label>
                <input id="${id}-start" name="plannedStart" type="datetime-local" .value=${toLocalInput(item.plannedStart, zone)} />
            </div>
            <div class="field">
                <label for="${id}-minutes">${t('console.agenda.plannedMinutes')}</label>
                <input id="${id}-minutes" name="plannedMinutes" type="number" min="1" max="1440" required inputmode="numeric" .value=${String(item.plannedMinutes ?? 15)} />
            </div>
            <fieldset class="form-grid__wide">
                <legend>${t('console.agenda.documents')}</legend>
                ${this.documents.length === 0 ? html`<p class="muted">${t('console.agenda.noDocuments')}</p>` : ''}
                ${repeat(
                    this.documents,
                    (d) => d.key,
                    (d, i) => html`<div class="document-row">
                        <div class="field">
                            <label for="doc-code-${d.key}">${t('console.agenda.docCode', { n: i + 1 })}</label>
                            <input id="doc-code-${d.key}" name="doc-code-${d.key}" maxlength="60" required .value=${d.code ?? ''} />
                        </div>
                        <div class="field">
                            <label for="doc-title-${d.key}">${t('console.agenda.docTitle', { n: i + 1 })}</label>
                            <input id="doc-title-${d.key}" name="doc-title-${d.key}" maxlength="500" required .value=${d.title ?? ''} />
                        </div>
                        <div class="field">
                            <label for="doc-issuer-${d.key}">${t('console.agenda.docIssuer', { n: i + 1 })}</label>
                            <input id="doc-issuer-${d.key}" name="doc-issuer-${d.key}" maxlength="200" .value=${d.issuer ?? ''} />
                        </div>
                        <div class="field">
                            <label for="doc-issued-${d.key}">${t('console.agenda.docIssuedOn', { n: i + 1 })}</label>
                            <input id="doc-issued-${d.key}" name="doc-issued-${d.key}" type="date" .value=${d.issuedOn ?? ''} />
                        </div>
                        <button type="button" class="link" @click=${() => (this.documents = this.documents.filter((x) => x.key !== d.key))}>
                            ${t('console.agenda.removeDocument', { n: i + 1 })}
                        </button>
                    </div>`,
                )}
                <button type="button" @click=${this.#addDocument}>${t('console.agenda.addDocument')}</button>
            </fieldset>
            <div class="actions form-grid__wide">
                <button type="submit" class="primary" ?disabled=${this.busy}>${t('console.save')}</button>
                <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('console.cancel')}</button>
            </div>
        </form>`;
    }

    async #addDocument() {
        this.documents = [...this.documents, { key: ++this.#key }];
        await this.updateComplete;
        this.querySelector(`#doc-code-${this.documents.at(-1).key}`)?.focus();
    }

    #submit(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const minutes = Number(form.get('plannedMinutes'));
        const body = {
            kind: form.get('kind'),
            title: text(form, 'title'),
            speaker: personFrom(form, 'speakerName', 'speakerTitle'),
            siteId: form.get('siteId') || null,
            plannedStart: fromLocalInput(form.get('plannedStart'), this.conference.timeZone),
            plannedMinutes: Number.isFinite(minutes) ? minutes : null,
            documents: this.documents.map((d) => ({
                code: text(form, `doc-code-${d.key}`),
                title: text(form, `doc-title-${d.key}`),
                issuer: text(form, `doc-issuer-${d.key}`),
                issuedOn: text(form, `doc-issued-${d.key}`),
            })),
        };
        if (!body.title || !body.plannedMinutes) {
            this.error = t('console.form.required');
            return;
        }
        this.error = null;
        this.busy = true;
        this.dispatchEvent(
            new CustomEvent('save', {
                detail: {
                    body,
                    failed: (message) => {
                        this.error = message;
                        this.busy = false;
                    },
                },
            }),
        );
    }
}
customElements.define('bp-agenda-item-form', AgendaItemForm);
