// The live stream of a conference (/ws/conferences/{id}, README "Live"): a snapshot, then every event in seq order,
// applied to a LiveState. Drops are detected (close, error, the browser going offline) and repaired: the stream
// reconnects with back-off and resumes with after=<last applied seq>&epoch=<epoch>, so that no event is applied
// twice or skipped (a gap in seq makes it reconnect from the last applied one; a new epoch brings a snapshot).

/** The states of a LiveStream, as its 'status' events and its status property tell them. */
export const LiveStatus = Object.freeze({
    CONNECTING: 'connecting', // first connection, no state yet
    LIVE: 'live', // connected and up to date
    RECONNECTING: 'reconnecting', // the connection dropped: retrying with back-off, the state is kept
    EXPIRED: 'expired', // closed 4002: the token expired (sign in or join again)
    REVOKED: 'revoked', // closed 4003: the token was revoked (do not reconnect with it)
    SITE_LEFT: 'site-left', // closed 4004: the caller's site no longer takes part in the conference
    TOO_MANY: 'too-many', // closed 4029: too many open sockets for this token or address: retrying, slowly
    UNAUTHORIZED: 'unauthorized', // the token is refused (expired): sign in again
    STOPPED: 'stopped', // stop() was called
});

const CLOSE_GOING_AWAY = 1001; // the instance shuts down: reconnect (to any instance) at once
const CLOSE_TOO_SLOW = 4000; // fell behind: reconnect with after
const CLOSE_STREAM_RESET = 4001; // the stored stream was reset: reconnect; a snapshot follows
const CLOSE_EXPIRED = 4002; // the token expired: stop (the page signs in again)
const CLOSE_REVOKED = 4003; // the token was revoked: stop
const CLOSE_SITE_LEFT = 4004; // the caller's site left the conference: stop
const CLOSE_TOO_MANY = 4029; // too many sockets for this token or address: retry, but not soon
/** The statuses that end a stream, by close code. */
const ENDING = new Map([
    [CLOSE_EXPIRED, LiveStatus.EXPIRED],
    [CLOSE_REVOKED, LiveStatus.REVOKED],
    [CLOSE_SITE_LEFT, LiveStatus.SITE_LEFT],
]);

const AGENDA_ITEM_EVENTS = new Set([
    'agenda.item.added',
    'agenda.item.updated',
    'agenda.item.started',
    'agenda.item.finished',
    'agenda.item.skipped',
    'agenda.item.delayed',
]);

/** How many announcements a LiveState keeps (newest first). */
const ANNOUNCEMENTS_KEPT = 50;

/**
 * A conference's live state, built from a snapshot and the events after it (the shapes of GET …/live and of the
 * events: README "Live" and "Events"). Fields: seq, epoch, conferenceId, status, startedAt, endedAt, floorSiteId,
 * agenda (items in order, each with projectedStart), sites ({siteId, name, city, role, online}), attendance
 * ({sites, totals}) and announcements ({seq, at, text, siteId, by}, newest first: the snapshot's latest ones and
 * those received since).
 */
export class LiveState {
    constructor() {
        this.seq = 0;
        this.epoch = null;
        this.conferenceId = null;
        this.status = null;
        this.startedAt = null;
        this.endedAt = null;
        this.floorSiteId = null;
        this.agenda = [];
        this.sites = [];
        this.attendance = null;
        this.announcements = [];
    }

    /** The item on air (status LIVE), or null. */
    get currentItem() {
        return this.agenda.find((i) => i.status === 'LIVE') ?? null;
    }

    /** The participating site with this id ({siteId, name, city, role, online}), or null. */
    site(siteId) {
        return this.sites.find((s) => s.siteId === siteId) ?? null;
    }

    /** Replaces the state with the snapshot's; announcements received before and not in it are kept. */
    applySnapshot(snapshot) {
        const kept = this.epoch === snapshot.epoch ? this.announcements : []; // another stream: other seqs
        const latest = snapshot.announcements ?? [];
        const seqs = new Set(latest.map((a) => a.seq));
        this.announcements = [...latest, ...kept.filter((a) => !seqs.has(a.seq))]
            .sort((a, b) => b.seq - a.seq)
            .slice(0, ANNOUNCEMENTS_KEPT);
        this.seq = snapshot.seq;
        this.epoch = snapshot.epoch;
        this.conferenceId = snapshot.conferenceId;
        this.status = snapshot.status;
        this.startedAt = snapshot.startedAt ?? null;
        this.endedAt = snapshot.endedAt ?? null;
        this.floorSiteId = snapshot.floorSiteId ?? null;
        this.agenda = [...(snapshot.agenda ?? [])].sort((a, b) => a.position - b.position);
        this.sites = snapshot.sites ?? [];
        this.attendance = snapshot.attendance ?? null;
    }

    /** Applies the next event (seq = this.seq + 1; the stream checks that). Unknown types only move seq on. */
    apply(event) {
        const data = event.data ?? {};
        if (AGENDA_ITEM_EVENTS.has(event.type)) {
            this.#placeItem(data.item);
        } else if (event.type === 'agenda.item.removed') {
            this.agenda = this.agenda.filter((i) => i.id !== data.itemId);
        } else if (event.type === 'agenda.reordered') {
            const byId = new Map(this.agenda.map((i) => [i.id, i]));
            this.agenda = data.itemIds.map((id) => byId.get(id)).filter(Boolean);
        } else if (event.type === 'conference.status') {
            this.status = data.status;
            this.startedAt = data.startedAt ?? null;
            this.endedAt = data.endedAt ?? null;
            this.floorSiteId = data.floorSiteId ?? null;
        } else if (event.type === 'floor.handover') {
            this.floorSiteId = data.siteId ?? null;
        } else if (event.type === 'announcement') {
            this.announcements = [
                { seq: event.seq, at: event.at, text: data.text, siteId: data.siteId ?? null, by: data.by ?? null },
                ...this.announcements,
            ].slice(0, ANNOUNCEMENTS_KEPT);
        } else if (event.type === 'attendance.updated') {
            this.attendance = data;
        } else if (event.type === 'site.online' || event.type === 'site.offline') {
            const online = event.type === 'site.online';
            this.sites = this.sites.map((s) => (s.siteId === data.siteId ? { ...s, online } : s));
            if (this.attendance?.sites) {
                this.attendance = {
                    ...this.attendance,
                    sites: this.attendance.sites.map((s) => (s.siteId === data.siteId ? { ...s, online } : s)),
                };
            }
        }
        if (data.projectedStarts) {
            this.agenda = this.agenda.map((i) =>
                i.id in data.projectedStarts ? { ...i, projectedStart: data.projectedStarts[i.id] } : i,
            );
        }
        // positions stay 1..n in order, as the service keeps them (an insert or a move shifts the others)
        this.agenda = this.agenda.map((i, index) => (i.position === index + 1 ? i : { ...i, position: index + 1 }));
        this.seq = event.seq;
    }

    /** An added, changed or moved item goes to its position; the others shift as the service shifts them. */
    #placeItem(item) {
        const others = this.agenda.filter((i) => i.id !== item.id);
        const index = Math.max(0, Math.min(others.length, item.position - 1));
        others.splice(index, 0, item);
        this.agenda = others;
    }
}

/**
 * The connection to /ws/conferences/{conferenceId}. Events (EventTarget):
 *  - 'state'  {detail: {state, event}} after the snapshot (event null) or an event was applied;
 *  - 'status' {detail: {status, code}} when status changes (LiveStatus; code: the close code, if any);
 *  - 'server-error' {detail: message} for {"type":"error"} messages (e.g. a refused heartbeat).
 *
 * Options: conferenceId; token: () => the bearer token; state: the LiveState to fill (default a new one);
 * probe: async () => throws an ApiError when the token is no longer accepted — called after a connection attempt
 * failed before opening (a refused upgrade looks like a network failure to the browser), a 401 ends the stream
 * (UNAUTHORIZED); minDelay/maxDelay: the back-off bounds in ms.
 */
export class LiveStream extends EventTarget {
    #options;
    #socket = null;
    #opened = false;
    #attempt = 0;
    #timer = null;
    #status = LiveStatus.CONNECTING;
    #stopped = true;
    #onOnline = () => this.#reconnectNow();
    #onOffline = () => this.#drop(null);

    constructor({ conferenceId, token, state = new LiveState(), probe = null, minDelay = 500, maxDelay = 15000 }) {
        super();
        this.#options = { conferenceId, token, probe, minDelay, maxDelay };
        this.state = state;
    }

    /** LiveStatus. */
    get status() {
        return this.#status;
    }

    /** Connects (and keeps reconnecting until stop(), an expired, revoked or refused token, or its site gone). */
    start() {
        if (!this.#stopped) {
            return;
        }
        this.#stopped = false;
        window.addEventListener('online', this.#onOnline);
        window.addEventListener('offline', this.#onOffline);
        this.#connect();
    }

    stop() {
        this.#end(LiveStatus.STOPPED, null);
    }

    /** Sends a message (e.g. a site host's {"type":"heartbeat","siteId"}); false when not connected. */
    send(message) {
        if (this.#socket?.readyState !== WebSocket.OPEN) {
            return false;
        }
        this.#socket.send(JSON.stringify(message));
        return true;
    }

    /** The stream's URL: where to resume, never the token (proxies log URLs). */
    #url() {
        const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
        const params = new URLSearchParams();
        if (this.state.epoch) {
            params.set('after', String(this.state.seq));
            params.set('epoch', this.state.epoch);
        }
        const query = params.toString();
        const path = `/ws/conferences/${encodeURIComponent(this.#options.conferenceId)}`;
        return `${scheme}://${location.host}${path}${query ? `?${query}` : ''}`;
    }

    #connect() {
        clearTimeout(this.#timer);
        this.#timer = null;
        if (this.#stopped) {
            return;
        }
        // the token as a second subprotocol (the only header a browser lets a page set); the service selects 'bridgepoint'
        const socket = new WebSocket(this.#url(), ['bridgepoint', `bridgepoint.bearer.${this.#options.token() ?? ''}`]);
        this.#socket = socket;
        this.#opened = false;
        socket.onopen = () => {
            if (socket === this.#socket) {
                this.#opened = true;
            }
        };
        socket.onmessage = (e) => {
            if (socket === this.#socket) {
                this.#receive(e.data);
            }
        };
        socket.onclose = (e) => {
            if (socket === this.#socket) {
                this.#closed(e.code);
            }
        };
    }

    #receive(text) {
        let message;
        try {
            message = JSON.parse(text);
        } catch {
            return;
        }
        if (message.type === 'snapshot') {
            this.state.applySnapshot(message);
            this.#healthy();
            this.#emit('state', { state: this.state, event: null });
            return;
        }
        if (message.type === 'error') {
            this.#emit('server-error', message.message);
            return;
        }
        if (typeof message.seq !== 'number' || !this.state.epoch) {
            return;
        }
        if (message.epoch !== this.state.epoch) {
            // the stream was reset under us: resume with our epoch, the service answers with a snapshot
            this.#drop(null, 0);
            return;
        }
        if (message.seq <= this.state.seq) {
            return; // already applied
        }
        if (message.seq !== this.state.seq + 1) {
            this.#drop(null, 0); // a gap: resume after the last applied event
            return;
        }
        this.state.apply(message);
        this.#healthy();
        this.#emit('state', { state: this.state, event: message });
    }

    #healthy() {
        this.#attempt = 0;
        this.#setStatus(LiveStatus.LIVE, null);
    }

    async #closed(code) {
        this.#socket = null;
        if (this.#stopped) {
            return;
        }
        if (ENDING.has(code)) {
            this.#end(ENDING.get(code), code);
            return;
        }
        if (code === CLOSE_TOO_MANY) {
            // another window (or device) has this token's sockets: hammering would not free one
            this.#setStatus(LiveStatus.TOO_MANY, code);
            this.#schedule(this.#options.maxDelay * (2 + 2 * Math.random()));
            return;
        }
        const neverOpened = !this.#opened;
        this.#setStatus(this.state.epoch ? LiveStatus.RECONNECTING : LiveStatus.CONNECTING, code);
        if (neverOpened && this.#options.probe && navigator.onLine) {
            try {
                await this.#options.probe();
            } catch (e) {
                if (e?.status === 401) {
                    this.#end(LiveStatus.UNAUTHORIZED, code);
                    return;
                }
            }
            if (this.#stopped) {
                return;
            }
        }
        const immediate = code === CLOSE_GOING_AWAY || code === CLOSE_STREAM_RESET || code === CLOSE_TOO_SLOW;
        this.#schedule(immediate && this.#attempt === 0 ? Math.random() * this.#options.minDelay : null);
    }

    /** Closes the current connection (if any) and reconnects after delay (null: the back-off). */
    #drop(code, delay = null) {
        const socket = this.#socket;
        if (this.#stopped || !socket) {
            return;
        }
        this.#socket = null;
        socket.close(1000);
        this.#setStatus(LiveStatus.RECONNECTING, code);
        this.#schedule(delay);
    }

    #reconnectNow() {
        if (!this.#stopped && !this.#socket) {
            this.#attempt = 0;
            this.#connect();
        }
    }

    #schedule(delay) {
        clearTimeout(this.#timer);
        if (!navigator.onLine) {
            return; // the 'online' event reconnects
        }
        const { minDelay, maxDelay } = this.#options;
        const backoff = Math.min(maxDelay, minDelay * 2 ** this.#attempt) * (0.5 + Math.random() / 2);
        this.#attempt++;
        this.#timer = setTimeout(() => this.#connect(), delay ?? backoff);
    }

    #end(status, code) {
        this.#stopped = true;
        clearTimeout(this.#timer);
        window.removeEventListener('online', this.#onOnline);
        window.removeEventListener('offline', this.#onOffline);
        const socket = this.#socket;
        this.#socket = null;
        socket?.close(1000);
        this.#setStatus(status, code);
    }

    #setStatus(status, code) {
        if (status !== this.#status) {
            this.#status = status;
            this.#emit('status', { status, code });
        }
    }

    #emit(type, detail) {
        this.dispatchEvent(new CustomEvent(type, { detail }));
    }
}
