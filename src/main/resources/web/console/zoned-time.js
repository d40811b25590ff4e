// Times typed by the organizer are wall-clock times in the conference's time zone (not the browser's): a
// <input type="datetime-local"> value 'YYYY-MM-DDTHH:mm' read in that zone becomes an ISO time with its offset,
// and back.

const parts = new Map();

function formatter(timeZone) {
    let f = parts.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
        });
        parts.set(timeZone, f);
    }
    return f;
}

/** The wall clock of an instant (ms) in timeZone: {year, month, day, hour, minute, second}. */
function wallClock(ms, timeZone) {
    const fields = {};
    for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
        if (part.type !== 'literal') {
            fields[part.type] = Number(part.value);
        }
    }
    return fields;
}

/** The zone's offset from UTC at this instant, in minutes (e.g. 420 for +07:00). */
function offsetMinutes(ms, timeZone) {
    const w = wallClock(ms, timeZone);
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** A datetime-local value ('2021-12-22T08:00') for an ISO time shown in timeZone; '' for none. */
export function toLocalInput(iso, timeZone) {
    if (!iso) {
        return '';
    }
    const w = wallClock(new Date(iso).getTime(), timeZone);
    return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The ISO time with offset ('2021-12-22T08:00:00+07:00') of a datetime-local value read in timeZone; null for ''. */
export function fromLocalInput(value, timeZone) {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value ?? '');
    if (!match) {
        return null;
    }
    const [, y, mo, d, h, mi] = match.map(Number);
    const wall = Date.UTC(y, mo - 1, d, h, mi);
    // the offset at the guessed instant, then again at the corrected one (a daylight-saving change in between)
    let offset = offsetMinutes(wall - offsetMinutes(wall, timeZone) * 60000, timeZone);
    offset = offsetMinutes(wall - offset * 60000, timeZone);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${match[0]}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Whether a name is an IANA time zone this browser knows. */
export function isTimeZone(name) {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: name });
        return true;
    } catch {
        return false;
    }
}
