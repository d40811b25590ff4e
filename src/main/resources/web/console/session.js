// The organizer's session and API client, shared by every part of the console. A 401 on a request that carried the
// token (expired, or the account was disabled) clears the session and sends the console back to its sign-in form.
import { createApi, createSession } from '../shared/api.js';

export const SIGNED_OUT = 'bp-console-signed-out';

export const session = createSession('console');

export const api = createApi(session, {
    onUnauthorized: () => window.dispatchEvent(new CustomEvent(SIGNED_OUT, { detail: { expired: true } })),
});

/** Signs out: the session's token is revoked (on every instance; a token revoked already is no news) and forgotten. */
export function signOut() {
    createApi(session)
        .post('/api/auth/logout')
        .catch(() => {});
    session.clear();
}

/** The If-Match header of a resource with this version. */
export function ifMatch(version) {
    return { headers: { 'If-Match': `"${version}"` } };
}

/** A path with its query: empty and null parameters are left out. */
export function withQuery(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
        if (value !== undefined && value !== null && value !== '') {
            query.set(key, String(value));
        }
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
}
