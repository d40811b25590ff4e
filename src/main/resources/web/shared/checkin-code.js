// What a delegate's check-in QR code carries, and the short code typed where no camera can read it
// (the delegate page shows both; the host page reads them).

const PAYLOAD = /^BPCHK:([0-9a-f-]{36}):([0-9a-f-]{36})$/i;

/** The QR code's text: BPCHK:<conferenceId>:<delegateId>. */
export function checkInPayload(conferenceId, delegateId) {
    return `BPCHK:${conferenceId}:${delegateId}`;
}

/** {conferenceId, delegateId} from a scanned text, or null when it is not a check-in code. */
export function parseCheckInPayload(text) {
    const match = PAYLOAD.exec(String(text ?? '').trim());
    return match ? { conferenceId: match[1].toLowerCase(), delegateId: match[2].toLowerCase() } : null;
}

/** The short code: the delegate id's first 8 hex digits, upper case, as XXXX-XXXX. */
export function shortCode(delegateId) {
    const hex = delegateId.replace(/-/g, '').slice(0, 8).toUpperCase();
    return `${hex.slice(0, 4)}-${hex.slice(4)}`;
}

/** A typed short code in canonical form (any case, with or without the dash or spaces), or null if malformed. */
export function normalizeShortCode(typed) {
    const hex = String(typed ?? '').replace(/[\s-]/g, '').toUpperCase();
    return /^[0-9A-F]{8}$/.test(hex) ? `${hex.slice(0, 4)}-${hex.slice(4)}` : null;
}

/** Whether a delegate id has this short code (as shortCode gives it). */
export function matchesShortCode(delegateId, code) {
    return shortCode(delegateId) === normalizeShortCode(code);
}
