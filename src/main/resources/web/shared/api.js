// The REST API over fetch: a bearer token from sessionStorage, JSON in and out, problem+json errors as ApiError.
import { hasMessage, t } from './i18n.js';

/** A refused or failed request: status (0 when the network failed) and the problem+json body, if any. */
export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || (status ? `HTTP ${status}` : 'network error'));
        this.name = 'ApiError';
        this.status = status;
        this.problem = problem ?? null;
    }
}

/**
 * A session kept in sessionStorage under 'bp.session.<name>' (one per page kind, so a delegate and an organizer
 * can use one browser): whatever the sign-in answered, with at least accessToken. It lasts as long as the tab.
 */
export function createSession(name) {
    const key = `bp.session.${name}`;
    return {
        /** The stored object, or null. */
        get() {
            try {
                return JSON.parse(sessionStorage.getItem(key));
            } catch {
                return null;
            }
        },
        save(data) {
            sessionStorage.setItem(key, JSON.stringify(data));
        },
        clear() {
            sessionStorage.removeItem(key);
        },
        /** The bearer token, or null. */
        get token() {
            return this.get()?.accessToken ?? null;
        },
    };
}

/**
 * A client of the API for this session. onUnauthorized(error) is called when a request that carried a token is
 * answered 401 (expired or revoked): the session is cleared first, and the page goes back to its sign-in form.
 *
 * request(method, path, body, options) resolves to the response body (parsed JSON; null for 204), or with
 * options.full to {status, etag, body}; it rejects with ApiError. A string body is sent as is with
 * options.contentType (e.g. 'text/csv'); anything else as JSON. options.headers adds headers (e.g. If-Match),
 * options.signal aborts.
 */
export function createApi(session, { onUnauthorized } = {}) {
    async function request(method, path, body, options = {}) {
        const headers = { Accept: 'application/json, application/problem+json', ...options.headers };
        const token = session?.token;
        if (token) {
            headers.Authorization = `Bearer ${token}`;
        }
        let payload;
        if (body !== undefined) {
            if (typeof body === 'string' || body instanceof Blob) {
                headers['Content-Type'] = options.contentType ?? 'text/plain';
                payload = body;
            } else {
                headers['Content-Type'] = 'application/json';
                payload = JSON.stringify(body);
            }
        }
        let response;
        try {
            response = await fetch(path, { method, headers, body: payload, signal: options.signal, credentials: 'omit' });
        } catch (e) {
            if (e.name === 'AbortError') {
                throw e;
            }
            throw new ApiError(0, null);
        }
        const parsed = await readBody(response);
        if (!response.ok) {
            const error = new ApiError(response.status, typeof parsed === 'object' ? parsed : null);
            if (response.status === 401 && token) {
                session.clear();
                onUnauthorized?.(error);
            }
            throw error;
        }
        return options.full ? { status: response.status, etag: response.headers.get('ETag'), body: parsed } : parsed;
    }

    return {
        request,
        get: (path, options) => request('GET', path, undefined, options),
        post: (path, body, options) => request('POST', path, body ?? {}, options),
        put: (path, body, options) => request('PUT', path, body, options),
        patch: (path, body, options) => request('PATCH', path, body, options),
        delete: (path, options) => request('DELETE', path, undefined, options),
    };
}

async function readBody(response) {
    if (response.status === 204) {
        return null;
    }
    const type = response.headers.get('Content-Type') ?? '';
    if (type.includes('json')) {
        try {
            return await response.json();
        } catch {
            return null;
        }
    }
    return response.text();
}

/**
 * What to tell the user about a failed request, in the current language: a sentence for the status (labels
 * error.<status>) followed by what the service said (its detail, or the rejected fields).
 */
export function errorMessage(error) {
    if (!(error instanceof ApiError)) {
        return t('error.unexpected');
    }
    if (error.status === 0) {
        return t('error.network');
    }
    const key = `error.${error.status}`;
    const general = hasMessage(key) ? t(key) : error.status >= 500 ? t('error.server') : t('error.unexpected');
    const fields = error.problem?.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    const detail = fields || error.problem?.detail;
    return detail ? `${general} (${detail})` : general;
}
