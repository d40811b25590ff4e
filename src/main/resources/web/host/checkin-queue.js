// Check-ins made while the network is down, kept in IndexedDB and uploaded with POST …/checkins/batch when it is back
// (README "Attendance", offline sync). Each entry carries a nonce and the time it was made; the service applies each
// nonce once, so an upload may safely be repeated: an entry leaves the queue only after its result came back (an
// upload whose answer was lost, e.g. because the page was reloaded, is sent again and answered 'duplicate').
import { store } from './store.js';

const BATCH_SIZE = 500; // the service takes up to 1000 entries per upload
const RESULTS_KEPT = 50;
const MIN_RETRY = 2000;
const MAX_RETRY = 60000;
const LOCK = 'bridgepoint-host-upload';

/** A random nonce (crypto.randomUUID where the context allows it, else a v4 UUID from getRandomValues). */
export function newNonce() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether a failed upload is worth retrying by itself: no network, the service busy or failing. */
function transient(error) {
    return error?.status === 0 || error?.status === 429 || error?.status >= 500;
}

/**
 * The queue. Events: 'change' whenever entries, results or the upload state change. Fields: entries (waiting, oldest
 * first: {nonce, conferenceId, siteId, delegateId, name, at}), results (newest first: {nonce, name, result, reason, reasonCode,
 * checkIn, uploadedAt}), uploading, error (the last failed upload's ApiError, until one succeeds).
 */
export class CheckInQueue extends EventTarget {
    entries = [];
    results = [];
    uploading = false;
    error = null;
    #api;
    #timer = null;
    #attempt = 0;
    #addedWhileUploading = false;

    constructor(api) {
        super();
        this.#api = api;
        window.addEventListener('online', () => this.uploadSoon());
    }

    /** Reads the queue and the latest results from the device, then uploads what is waiting. */
    async load() {
        await this.#reload();
        this.results = (await store.get('state', 'results')) ?? [];
        this.#changed();
        this.uploadSoon();
    }

    /** Queues a check-in made now; resolves once it is stored on the device. */
    async add({ conferenceId, siteId, delegateId, name }) {
        const entry = { nonce: newNonce(), conferenceId, siteId, delegateId, name, at: new Date().toISOString() };
        await store.put('queue', entry);
        this.entries = [...this.entries, entry];
        this.#changed();
        if (this.uploading) {
            this.#addedWhileUploading = true;
        } else {
            this.uploadSoon();
        }
        return entry;
    }

    /** Whether a check-in of this delegate is waiting. */
    waiting(conferenceId, delegateId) {
        return this.entries.find((e) => e.conferenceId === conferenceId && e.delegateId === delegateId) ?? null;
    }

    /** Uploads after delay ms (at once by default) if the browser is online; the 'online' event calls it too. */
    uploadSoon(delay = 0) {
        clearTimeout(this.#timer);
        this.#timer = null;
        if (navigator.onLine) {
            this.#timer = setTimeout(() => this.upload(), delay);
        }
    }

    /** Uploads everything waiting (one upload at a time, also across tabs); retries with back-off when it fails. */
    async upload() {
        if (this.uploading || !navigator.onLine) {
            return;
        }
        clearTimeout(this.#timer);
        this.uploading = true;
        this.#addedWhileUploading = false;
        this.#changed();
        try {
            await (navigator.locks ? navigator.locks.request(LOCK, () => this.#uploadAll()) : this.#uploadAll());
            this.#attempt = 0;
            this.error = null;
            if (this.#addedWhileUploading) {
                this.uploadSoon();
            }
        } catch (e) {
            this.error = e;
            if (transient(e)) {
                const delay = Math.min(MAX_RETRY, MIN_RETRY * 2 ** this.#attempt) * (0.5 + Math.random() / 2);
                this.#attempt++;
                this.uploadSoon(delay);
            }
        } finally {
            this.uploading = false;
            await this.#reload();
            this.#changed();
        }
    }

    async #uploadAll() {
        // read again: another tab may have uploaded some meanwhile
        const waiting = await this.#reload();
        const byConference = new Map();
        waiting.forEach((e) => byConference.set(e.conferenceId, [...(byConference.get(e.conferenceId) ?? []), e]));
        for (const [conferenceId, entries] of byConference) {
            for (let i = 0; i < entries.length; i += BATCH_SIZE) {
                const batch = entries.slice(i, i + BATCH_SIZE);
                const answers = await this.#api.post(
                    `/api/conferences/${encodeURIComponent(conferenceId)}/checkins/batch`,
                    batch.map(({ nonce, delegateId, siteId, at }) => ({ nonce, delegateId, siteId, at })),
                );
                await this.#settle(batch, answers);
            }
        }
    }

    /** Records the answers and removes exactly the entries that were answered. */
    async #settle(batch, answers) {
        const byNonce = new Map(batch.map((e) => [e.nonce, e]));
        const uploadedAt = new Date().toISOString();
        const answered = answers.filter((a) => byNonce.has(a.nonce));
        const results = answered.map((a) => ({
            nonce: a.nonce,
            name: byNonce.get(a.nonce).name,
            delegateId: byNonce.get(a.nonce).delegateId,
            result: a.result,
            reason: a.reason ?? null,
            reasonCode: a.reasonCode ?? null,
            checkIn: a.checkIn ?? null,
            uploadedAt,
        }));
        this.results = [...results.reverse(), ...this.results].slice(0, RESULTS_KEPT);
        await store.put('state', this.results, 'results');
        await store.delete(
            'queue',
            answered.map((a) => a.nonce),
        );
        this.dispatchEvent(new CustomEvent('uploaded', { detail: results }));
    }

    async #reload() {
        const entries = await store.getAll('queue');
        this.entries = entries.sort((a, b) => a.at.localeCompare(b.at));
        return this.entries;
    }

    #changed() {
        this.dispatchEvent(new Event('change'));
    }
}
