// Labels in Vietnamese (the default) and English. Each page keeps its labels in a messages.json beside it,
// {"key": {"vi": "…", "en": "…"}}, and registers them with addMessages(); shared/messages.json holds the common ones.
// MessagesTest checks that every key has both languages with the same {placeholders}.
import sharedMessages from './messages.json';

export const LANGUAGES = ['vi', 'en'];
const LOCALES = { vi: 'vi-VN', en: 'en-GB' };
const STORAGE_KEY = 'bp.language';
const CHANGED = 'bp-language';

const messages = {};
let current = storedLanguage();
document.documentElement.lang = current;

function storedLanguage() {
    try {
        const stored = localStorage.getItem(STORAGE_KEY);
        return LANGUAGES.includes(stored) ? stored : 'vi';
    } catch {
        return 'vi';
    }
}

/** Registers labels: {key: {vi, en}}. */
export function addMessages(table) {
    Object.assign(messages, table);
}
addMessages(sharedMessages);

/** The current language: 'vi' or 'en'. */
export function language() {
    return current;
}

/** The BCP 47 locale of the current language, for Intl formatters. */
export function locale() {
    return LOCALES[current];
}

/** Switches the language, remembers it (localStorage) and tells every listener. */
export function setLanguage(lang) {
    if (!LANGUAGES.includes(lang) || lang === current) {
        return;
    }
    current = lang;
    try {
        localStorage.setItem(STORAGE_KEY, lang);
    } catch {
        // private mode: the choice lasts for this page only
    }
    document.documentElement.lang = lang;
    window.dispatchEvent(new CustomEvent(CHANGED, { detail: lang }));
}

/** Calls listener(lang) on every switch; returns the function that stops it. */
export function onLanguageChange(listener) {
    const handler = (e) => listener(e.detail);
    window.addEventListener(CHANGED, handler);
    return () => window.removeEventListener(CHANGED, handler);
}

/** Whether a label exists. */
export function hasMessage(key) {
    return key in messages;
}

/** The label in the current language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
    const entry = messages[key];
    if (!entry) {
        console.warn(`bridgepoint: no label '${key}'`);
        return key;
    }
    return entry[current].replace(/\{(\w+)\}/g, (placeholder, name) =>
        name in params ? String(params[name]) : placeholder,
    );
}
