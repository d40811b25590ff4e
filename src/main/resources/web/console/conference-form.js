// <bp-conference-form .conference>: a conference's details (new when no conference is given). Times are typed in the
// conference's own time zone. Fires 'save' with {body, failed(message)} (the owner sends it and calls failed when
// the service refuses) and 'cancel'.
import { html } from 'lit';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { fromLocalInput, isTimeZone, toLocalInput } from './zoned-time.js';
import { personFrom, text } from './widgets.js';

export const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

class ConferenceForm extends BpElement {
    static properties = { conference: { attribute: false }, error: { state: true }, busy: { state: true } };

    render() {
        const c = this.conference ?? {};
        const zone = c.timeZone ?? DEFAULT_ZONE;
        const id = c.id ? 'edit' : 'new';
        return html`<form class="form-grid" @submit=${this.#submit} novalidate>
            ${this.error ? html`<p class="alert form-grid__wide" role="alert">${this.error}</p>` : ''}
            <div class="field form-grid__wide">
                <label for="${id}-title">${t('console.conference.title')}</label>
                <input id="${id}-title" name="title" required maxlength="300" .value=${c.title ?? ''} />
            </div>
            <div class="field form-grid__wide">
                <label for="${id}-description">${t('console.conference.description')}</label>
                <textarea id="${id}-description" name="description" rows="3" maxlength="5000" .value=${c.description ?? ''}></textarea>
            </div>
            <div class="field">
                <label for="${id}-starts">${t('console.conference.startsAt')}</label>
                <input id="${id}-starts" name="startsAt" type="datetime-local" required .value=${toLocalInput(c.startsAt, zone)} />
            </div>
            <div class="field">
                <label for="${id}-ends">${t('console.conference.endsAt')}</label>
                <input id="${id}-ends" name="endsAt" type="datetime-local" required .value=${toLocalInput(c.endsAt, zone)} />
            </div>
            <div class="field">
                <label for="${id}-zone">${t('console.conference.timeZone')}</label>
                <input id="${id}-zone" name="timeZone" required spellcheck="false" .value=${zone} aria-describedby="${id}-zone-hint" />
                <p class="hint muted" id="${id}-zone-hint">${t('console.conference.timeZoneHint')}</p>
            </div>
            <fieldset class="form-grid__wide">
                <legend>${t('console.conference.chair')}</legend>
                <div class="form-grid">
                    <div class="field">
                        <label for="${id}-chair-name">${t('console.person.name')}</label>
                        <input id="${id}-chair-name" name="chairName" maxlength="200" .value=${c.chair?.name ?? ''} />
                    </div>
                    <div class="field">
                        <label for="${id}-chair-title">${t('console.person.title')}</label>
                        <input id="${id}-chair-title" name="chairTitle" maxlength="300" .value=${c.chair?.title ?? ''} />
                    </div>
                </div>
            </fieldset>
            <div class="actions form-grid__wide">
                <button type="submit" class="primary" ?disabled=${this.busy}>${t('console.save')}</button>
                <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('console.cancel')}</button>
            </div>
        </form>`;
    }

    #submit(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const timeZone = text(form, 'timeZone') ?? DEFAULT_ZONE;
        if (!isTimeZone(timeZone)) {
            this.error = t('console.conference.badTimeZone', { zone: timeZone });
            return;
        }
        const title = text(form, 'title');
        const startsAt = fromLocalInput(form.get('startsAt'), timeZone);
        const endsAt = fromLocalInput(form.get('endsAt'), timeZone);
        if (!title || !startsAt || !endsAt) {
            this.error = t('console.form.required');
            return;
        }
        const body = {
            title,
            description: text(form, 'description'),
            startsAt,
            endsAt,
            timeZone,
            chair: personFrom(form, 'chairName', 'chairTitle'),
        };
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
                    done: () => (this.busy = false),
                },
            }),
        );
    }
}
customElements.define('bp-conference-form', ConferenceForm);
