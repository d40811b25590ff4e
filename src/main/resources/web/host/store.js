// What the host page keeps on this device (IndexedDB 'bridgepoint-host'), so that it works without network:
//  - 'queue': check-ins made offline, by nonce, until the service has answered for them;
//  - 'state': the site and conference the host works at, the last fetched roster of the site (its delegates and
//    current check-ins) and the latest upload results, by key.
// A few promise-returning calls over the plain IndexedDB API are all the page needs.

const NAME = 'bridgepoint-host';
const VERSION = 1;

let opened = null;

function database() {
    opened ??= new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, VERSION);
        request.onupgradeneeded = () => {
            request.result.createObjectStore('queue', { keyPath: 'nonce' });
            request.result.createObjectStore('state');
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    return opened;
}

/** Runs work(objectStore) in one transaction; resolves with the result of the request it returns, once committed. */
async function transaction(storeName, mode, work) {
    const db = await database();
    return new Promise((resolve, reject) => {
        const tx = db.transaction(storeName, mode);
        const request = work(tx.objectStore(storeName));
        tx.oncomplete = () => resolve(request?.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
    });
}

export const store = {
    get: (storeName, key) => transaction(storeName, 'readonly', (s) => s.get(key)),
    getAll: (storeName) => transaction(storeName, 'readonly', (s) => s.getAll()),
    /** Stores value (under key, for a store without a key path). */
    put: (storeName, value, key) => transaction(storeName, 'readwrite', (s) => s.put(value, key)),
    /** Deletes these keys, all or none. */
    delete: (storeName, keys) =>
        transaction(storeName, 'readwrite', (s) => {
            keys.forEach((key) => s.delete(key));
            return null;
        }),
};
