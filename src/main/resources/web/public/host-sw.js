// The host page's service worker (scope /host): the page and its bundles stay available without network, so that a
// host site can keep checking delegates in (the page queues those check-ins in IndexedDB and uploads them later).
// - the page (/host): from the network, and the stored copy when the network fails;
// - bundles (/static/bundle/…): with a content hash in the name (they never change), from the store, else fetched
//   and stored; without one (dev mode, where names stay fixed for live reload), like the page: network first;
// - {type: 'cache', urls} from the page: stores these bundles (what the page loaded before this worker controlled
//   it), forgets bundles of older versions, answers {type: 'cached'} on the message's port.
// Requests to the API and the WebSocket are left alone.
const CACHE = 'bridgepoint-host-v1';
const PAGE = '/host';
const PAGE_PATHS = new Set(['/host', '/host/']);
const BUNDLES = '/static/bundle/';
const HASHED = /-[A-Z0-9]{8}\.(js|css)$/;

self.addEventListener('install', (event) => {
    event.waitUntil(
        caches
            .open(CACHE)
            .then((cache) => cache.add(PAGE))
            .then(() => self.skipWaiting()),
    );
});

self.addEventListener('activate', (event) => {
    event.waitUntil(
        (async () => {
            const old = (await caches.keys()).filter((key) => key.startsWith('bridgepoint-host-') && key !== CACHE);
            await Promise.all(old.map((key) => caches.delete(key)));
            await self.clients.claim();
        })(),
    );
});

self.addEventListener('fetch', (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin) {
        return;
    }
    if (request.mode === 'navigate' && PAGE_PATHS.has(url.pathname)) {
        event.respondWith(networkFirst(request, PAGE));
    } else if (url.pathname.startsWith(BUNDLES)) {
        event.respondWith(HASHED.test(url.pathname) ? bundle(request) : networkFirst(request, request));
    }
});

/** From the network (storing the answer under key), or the stored copy when the network fails. */
async function networkFirst(request, key) {
    const cache = await caches.open(CACHE);
    try {
        const response = await fetch(request);
        if (response.ok) {
            await cache.put(key, response.clone());
        }
        return response;
    } catch (e) {
        return (await cache.match(key)) ?? Response.error();
    }
}

async function bundle(request) {
    const cache = await caches.open(CACHE);
    const stored = await cache.match(request);
    if (stored) {
        return stored;
    }
    const response = await fetch(request);
    if (response.ok) {
        await cache.put(request, response.clone());
    }
    return response;
}

self.addEventListener('message', (event) => {
    if (event.data?.type !== 'cache') {
        return;
    }
    const reply = (message) => event.ports[0]?.postMessage(message);
    event.waitUntil(
        (async () => {
            const cache = await caches.open(CACHE);
            const wanted = new Set(
                event.data.urls
                    .map((u) => new URL(u, self.location.origin))
                    .filter((u) => u.origin === self.location.origin && u.pathname.startsWith(BUNDLES))
                    .map((u) => u.href),
            );
            for (const url of wanted) {
                if (!(await cache.match(url))) {
                    await cache.add(url);
                }
            }
            for (const request of await cache.keys()) {
                if (new URL(request.url).pathname.startsWith(BUNDLES) && !wanted.has(request.url)) {
                    await cache.delete(request);
                }
            }
            if (!(await cache.match(PAGE))) {
                await cache.add(PAGE);
            }
            reply({ type: 'cached', count: wanted.size });
        })().catch((e) => reply({ type: 'failed', message: String(e) })),
    );
});
