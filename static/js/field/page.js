// What both pages of the field share: whether this browser can keep Hearth offline, caching pages for the service
// worker, and small helpers for building the page's lists (text only: nothing typed is ever put in as HTML).
import { dateTimeIn } from './logic.js';
import { CACHE_NAME, OFFLINE_FILES } from './store.js';

/** Service workers, IndexedDB and Cache Storage need a secure context (https, or this computer). */
export function fieldSupported() {
  return window.isSecureContext && 'serviceWorker' in navigator && 'indexedDB' in window && 'caches' in window;
}

/** The page's language, for dates and plural forms. */
export const language = () => document.documentElement.lang || 'en';

/** A moment in the page's language, as the server writes dates: "4 Dec 2026, 14:03" on an English page. */
export const when = (iso) => dateTimeIn(iso, language());

/** An element with text (never HTML) and attributes. */
export function element(tag, text, attributes = {}) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

/** Fetches a page or file as it is now and keeps it under `as` (by default its own address). */
async function keep(cache, url, as = url) {
  // A redirect (to sign in) is refused: only the page itself may be kept.
  const response = await fetch(url, { credentials: 'same-origin', redirect: 'error', cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await cache.put(as, response);
}

/**
 * Registers the service worker and keeps the pages given (and the files every page needs), so they open without a
 * connection. The field page is also kept as the installed app's start address.
 */
export async function keepOffline(device, pages) {
  await navigator.serviceWorker.register(device.serviceWorker, { scope: '/' });
  // Ask the browser not to clear Hearth's storage when space runs low (it may still say no).
  if (navigator.storage?.persist) await navigator.storage.persist().catch(() => false);
  const cache = await caches.open(CACHE_NAME);
  for (const page of pages) await keep(cache, page);
  await keep(cache, device.home, '/field');
  for (const file of [...OFFLINE_FILES, device.manifest]) await keep(cache, file);
  await navigator.serviceWorker.ready;
}
