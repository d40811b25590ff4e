// <bp-delegate-import .conference>: imports delegates from a CSV file (POST …/delegates/import, text/csv), then follows
// the job (GET /api/imports/{jobId}) with a progress bar (processed of total) until it is done, and lists the rows
// that were refused with the row number a spreadsheet shows (the header is row 1) and the reason. Fires 'imported'.
import { html } from 'lit';
import { errorMessage } from '../shared/api.js';
import { BpElement } from '../shared/element.js';
import { t } from '../shared/i18n.js';
import { api } from './session.js';

const POLL_MS = 400;

/** The reasons the service gives for a refused row (DelegateRowCheck), said in the current language. */
const REASONS = [
    [/^missing site$/, 'missingSite'],
    [/^unknown site '(?<site>.*)' \(not a site of this conference\)$/, 'unknownSite'],
    [/^missing name \(fullName\)$/, 'missingName'],
    [/^duplicate email (?<email>.*)$/, 'duplicateEmail'],
    [/^bad phone '(?<phone>.*)': .*$/, 'badPhone'],
    [/^email: .*$/, 'badEmail'],
];

/** A refused row's reason in the current language (the service's words when it is one not known here). */
function reason(message) {
    for (const [pattern, key] of REASONS) {
        const match = pattern.exec(message);
        if (match) {
            return t(`console.import.reason.${key}`, match.groups ?? {});
        }
    }
    return message;
}
const HEADER = 'fullName,title,organization,email,phone,site';

class DelegateImport extends BpElement {
    static properties = {
        conference: { attribute: false },
        job: { state: true },
        message: { state: true },
        busy: { state: true },
    };

    #timer = null;

    disconnectedCallback() {
        clearTimeout(this.#timer);
        super.disconnectedCallback();
    }

    async #upload(e) {
        e.preventDefault();
        const file = new FormData(e.target).get('file');
        if (!(file instanceof File) || file.size === 0) {
            this.message = t('console.import.chooseFile');
            return;
        }
        this.busy = true;
        this.message = null;
        this.job = null;
        try {
            const csv = await file.text();
            this.job = await api.post(`/api/conferences/${this.conference.id}/delegates/import`, csv, {
                contentType: 'text/csv; charset=utf-8',
            });
            this.#follow();
        } catch (err) {
            this.message = errorMessage(err);
            this.busy = false;
        }
    }

    #follow() {
        if (this.job.status !== 'RUNNING') {
            this.busy = false;
            this.dispatchEvent(new CustomEvent('imported', { detail: this.job }));
            return;
        }
        this.#timer = setTimeout(async () => {
            try {
                this.job = await api.get(`/api/imports/${this.job.jobId}`);
            } catch (err) {
                this.message = errorMessage(err);
                this.busy = false;
                return;
            }
            this.#follow();
        }, POLL_MS);
    }

    render() {
        const job = this.job;
        return html`<section class="card delegate-import" aria-labelledby="import-title">
            <h3 id="import-title">${t('console.import.title')}</h3>
            <p class="muted">${t('console.import.help')} <code>${HEADER}</code></p>
            <form class="import-form" @submit=${this.#upload}>
                <div class="field">
                    <label for="import-file">${t('console.import.file')}</label>
                    <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
                </div>
                <button type="submit" class="primary" ?disabled=${this.busy}>${t('console.import.start')}</button>
            </form>
            ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : ''}
            ${job ? this.#progress(job) : ''}
        </section>`;
    }

    #progress(job) {
        const total = job.total || 0;
        const done = job.status !== 'RUNNING';
        return html`<div class="import-job" data-status=${job.status} data-processed=${job.processed} data-total=${total}>
            <label for="import-progress">${t('console.import.progress', { processed: job.processed, total })}</label>
            <progress id="import-progress" max=${Math.max(total, 1)} .value=${job.processed}></progress>
            <p role="status">
                ${done
                    ? t(job.status === 'DONE' ? 'console.import.done' : 'console.import.failed', {
                          created: job.created,
                          errors: job.errors.length,
                      })
                    : t('console.import.running')}
            </p>
            ${job.errors.length
                ? html`<table class="import-errors">
                      <caption>${t('console.import.badRows', { n: job.errors.length })}</caption>
                      <thead>
                          <tr>
                              <th scope="col">${t('console.import.row')}</th>
                              <th scope="col">${t('console.import.reason')}</th>
                          </tr>
                      </thead>
                      <tbody>
                          ${job.errors.map(
                              (err) => html`<tr data-row=${err.row}>
                                  <td>${err.row}</td>
                                  <td>${reason(err.message)}</td>
                              </tr>`,
                          )}
                      </tbody>
                  </table>`
                : ''}
        </div>`;
    }
}
customElements.define('bp-delegate-import', DelegateImport);
