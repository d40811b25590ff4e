// Searching without diacritics on the device, as the service does (bp_fold: unaccent, đ as d, lower case), for
// the offline search in the cached roster: "da nang" finds "Đà Nẵng", "tran van duc" finds "Trần Văn Đức".

/** Text in lower case, without diacritics, đ as d. */
export function fold(text) {
    return String(text ?? '')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[đĐ]/g, 'd')
        .toLowerCase();
}

/** Whether every word of the query occurs in one of the texts (folded). */
export function matchesAllWords(query, ...texts) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    const haystack = fold(texts.filter(Boolean).join(' '));
    return words.length > 0 && words.every((word) => haystack.includes(word));
}
