// Hearth's service worker, served at /field-sw.js (scope /). It serves, without a connection, only what the field
// page kept in its cache (the field page, the interview forms of the inquiries taken into the field, and their
// files); every other request goes to the network untouched. Pages are fetched fresh when the network answers, and
// the kept copy is then brought up to date; the kept copy is shown when there is no connection, when the network
// is too slow, or when Hearth answers with a sign-in (the page's script then says "sign in to send").
'use strict';

const CACHE_NAME = 'hearth-field-v1';
const START_URL = '/field';
/** How long to wait for the network before showing a kept page (a weak signal is worse than none). */
const PATIENCE_MS = 6000;
const FIELD_MODULES = ['/static/js/field/', '/static/js/recorder.js'];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith('hearth-field-') && n !== CACHE_NAME).map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(page(request, url));
  else if (url.pathname.startsWith('/static/') || url.pathname.startsWith('/field/')) event.respondWith(file(request));
});

function patiently(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('slow')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const isPage = (response) =>
  response.ok && response.type === 'basic' && (response.headers.get('content-type') || '').startsWith('text/html');

async function page(request, url) {
  const cache = await caches.open(CACHE_NAME);
  const kept = await cache.match(url.pathname);
  const network = fetch(request);
  try {
    const response = await patiently(network, kept ? PATIENCE_MS : 120000);
    if (kept && isPage(response)) await cache.put(url.pathname, response.clone());
    // Sent to sign in (the session ended): the kept page, whose script asks to sign in to send.
    if (kept && response.type === 'opaqueredirect' && url.pathname !== START_URL) return kept;
    return response;
  } catch {
    if (kept) {
      // Still bring the copy up to date if the slow network answers after all.
      network.then((r) => isPage(r) && cache.put(url.pathname, r)).catch(() => {});
      return kept;
    }
    // Any other page of Hearth with no connection: the field page, which works offline.
    return (await cache.match(START_URL)) || Response.error();
  }
}

async function file(request) {
  const cache = await caches.open(CACHE_NAME);
  const kept = await cache.match(request, { ignoreSearch: true });
  // The field app's own modules are kept as soon as fetched, not only when the field page keeps them: a module a
  // newer form imports (which a phone that took its inquiry before an update does not have yet) is then there
  // offline too. Other files only once kept by the field page. Never an upload: the worker answers GETs alone.
  const own = FIELD_MODULES.some((prefix) => new URL(request.url).pathname.startsWith(prefix));
  const network = fetch(request).then(async (response) => {
    if ((kept || own) && response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  });
  if (!kept) return network;
  network.catch(() => {});
  return kept;
}
