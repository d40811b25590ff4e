// The host page without network: the service worker /host-sw.js (web/public) keeps the page and its bundles.
// On the first visit the page was loaded before the worker existed, so the page tells the worker which bundle files
// it loaded (hashed names: exactly what this version of the page needs) and the worker stores them.

const WORKER = '/host-sw.js';

/** The bundle files this page loaded (its script, stylesheet and their shared chunks). */
function loadedBundles() {
    const urls = performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name))
        .filter((url) => url.origin === location.origin && url.pathname.startsWith('/static/bundle/'))
        .map((url) => url.href);
    return [...new Set(urls)];
}

/**
 * Registers the worker and has it store the page and its bundles. Resolves true once they are stored, false where
 * service workers are not available (an address that is neither https nor localhost) or while offline (the worker
 * registered before, if any, still serves the page).
 */
export async function keepPageForOffline() {
    if (!('serviceWorker' in navigator)) {
        return false;
    }
    if (!navigator.onLine) {
        return Boolean(navigator.serviceWorker.controller);
    }
    await navigator.serviceWorker.register(WORKER, { scope: '/host' });
    const registration = await navigator.serviceWorker.ready;
    return new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(e.data?.type === 'cached');
        registration.active.postMessage({ type: 'cache', urls: loadedBundles() }, [channel.port2]);
    });
}
