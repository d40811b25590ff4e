// Times as the conference sees them: every time is shown in the conference's IANA time zone (not the browser's),
// in the current language's conventions.
import { locale } from './i18n.js';

const formats = new Map();

function format(timeZone, options) {
    const key = `${locale()}|${timeZone}|${JSON.stringify(options)}`;
    let f = formats.get(key);
    if (!f) {
        f = new Intl.DateTimeFormat(locale(), { timeZone, ...options });
        formats.set(key, f);
    }
    return f;
}

function toDate(value) {
    return value instanceof Date ? value : new Date(value);
}

/** "08:00": hours and minutes of an ISO time (or Date) in timeZone; '' for none. */
export function formatTime(value, timeZone) {
    return value ? format(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(value)) : '';
}

/** The date, e.g. "22/12/2021" (vi) or "22 Dec 2021" (en); '' for none. */
export function formatDate(value, timeZone) {
    return value ? format(timeZone, { dateStyle: 'medium' }).format(toDate(value)) : '';
}

/** Date and time; '' for none. */
export function formatDateTime(value, timeZone) {
    return value ? format(timeZone, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(toDate(value)) : '';
}

/** Whether two ISO times (or Dates) are the same minute. */
export function sameMinute(a, b) {
    if (!a || !b) {
        return !a && !b;
    }
    return Math.floor(toDate(a).getTime() / 60000) === Math.floor(toDate(b).getTime() / 60000);
}
