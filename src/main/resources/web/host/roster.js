// The roster of the host's site in a conference: its delegates and who is checked in there now, as last fetched,
// kept on the device (store 'state') so that a host can find and check people in without network. Only what the
// desk shows is kept (no join codes, e-mails or phone numbers).
import { matchesAllWords } from './fold.js';
import { store } from './store.js';

const PAGE_SIZE = 500;
const SHOWN = 20;

function person(d) {
    return { id: d.id, fullName: d.fullName, title: d.title ?? null, organization: d.organization ?? null };
}

export class Roster {
    delegates = [];
    /** delegateId → {id, at, method} of the current check-ins at this site. */
    checkIns = new Map();
    fetchedAt = null;
    #api;
    #base;
    #key;

    constructor(api, conferenceId, siteId) {
        this.#api = api;
        this.conferenceId = conferenceId;
        this.siteId = siteId;
        this.#base = `/api/conferences/${encodeURIComponent(conferenceId)}`;
        this.#key = `roster/${conferenceId}/${siteId}`;
    }

    /** The copy on this device; false when there is none. */
    async load() {
        const saved = await store.get('state', this.#key);
        if (!saved) {
            return false;
        }
        this.delegates = saved.delegates;
        this.checkIns = new Map(saved.checkIns);
        this.fetchedAt = saved.fetchedAt;
        return true;
    }

    /** Fetches the delegates and the current check-ins of the site, and keeps them on the device. */
    async refresh() {
        const site = encodeURIComponent(this.siteId);
        const [delegates, checkIns] = await Promise.all([
            this.#all(`${this.#base}/delegates?siteId=${site}`),
            this.#all(`${this.#base}/checkins?siteId=${site}&current=true`),
        ]);
        this.delegates = delegates.map(person);
        this.#setCheckIns(checkIns);
        this.fetchedAt = new Date().toISOString();
        await this.#save();
    }

    /** Fetches the current check-ins only (after an attendance change). */
    async refreshCheckIns() {
        this.#setCheckIns(await this.#all(`${this.#base}/checkins?siteId=${encodeURIComponent(this.siteId)}&current=true`));
        await this.#save();
    }

    /** A check-in the service answered with (or an upload's result): where the delegate is now. */
    async record(checkIn) {
        if (!checkIn) {
            return;
        }
        if (checkIn.siteId === this.siteId && checkIn.current !== false) {
            this.checkIns.set(checkIn.delegateId, { id: checkIn.id, at: checkIn.at, method: checkIn.method });
        } else if (checkIn.current !== false) {
            this.checkIns.delete(checkIn.delegateId);
        }
        await this.#save();
    }

    find(delegateId) {
        return this.delegates.find((d) => d.id === delegateId) ?? null;
    }

    /** Delegates whose name or organization has every word of the query (ignoring case and diacritics). */
    search(query) {
        return this.delegates.filter((d) => matchesAllWords(query, d.fullName, d.organization)).slice(0, SHOWN);
    }

    #setCheckIns(items) {
        this.checkIns = new Map(items.map((c) => [c.delegateId, { id: c.id, at: c.at, method: c.method }]));
    }

    async #all(path) {
        const items = [];
        for (let page = 0; ; page++) {
            const answer = await this.#api.get(`${path}&size=${PAGE_SIZE}&page=${page}`);
            items.push(...answer.items);
            if (answer.items.length < PAGE_SIZE || items.length >= answer.total) {
                return items;
            }
        }
    }

    #save() {
        return store.put(
            'state',
            { delegates: this.delegates, checkIns: [...this.checkIns], fetchedAt: this.fetchedAt },
            this.#key,
        );
    }
}

export { person, SHOWN };
