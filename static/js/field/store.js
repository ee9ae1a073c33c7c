// What the field app keeps on the device, in IndexedDB (database "hearth-field"):
//   interviews  keyed by the device id: one interview waiting to send (its fields, the questions as asked, state)
//   files       keyed by their own device id: recordings and photos of an interview, each a Blob, sent after the
//               story is stored (index "interview" -> the interview's device id); kept until each is uploaded
//   sent        keyed by the device id: the story code Hearth gave an interview, once it is stored (no words)
//   inquiries   keyed by the form's address: the inquiries taken into the field on this device
// and, in the Cache Storage cache CACHE_NAME, the pages and files the service worker serves without a connection.

export const DB_NAME = 'hearth-field';
export const CACHE_NAME = 'hearth-field-v1';
const VERSION = 1;

/** What a page of the field needs offline besides itself. */
export const OFFLINE_FILES = [
  '/static/css/screen.css',
  '/static/css/print.css',
  '/static/js/field/home.js',
  '/static/js/field/form.js',
  '/static/js/field/page.js',
  '/static/js/field/store.js',
  '/static/js/field/sync.js',
  '/static/js/field/logic.js',
  '/static/js/recorder.js',
  '/static/field/icon-192.png',
  '/static/field/icon-512.png',
];

let opening;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('interviews', { keyPath: 'deviceId' });
      db.createObjectStore('files', { keyPath: 'deviceId' }).createIndex('interview', 'interviewId');
      db.createObjectStore('sent', { keyPath: 'deviceId' });
      db.createObjectStore('inquiries', { keyPath: 'url' });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab clearing the device: let it.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked'));
  });
}

function database() {
  opening ??= open().catch((error) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs work(stores) in one transaction; resolves once it is committed (so "kept" means on the disk). */
async function transaction(names, mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode);
    const stores = Object.fromEntries([names].flat().map((name) => [name, tx.objectStore(name)]));
    let result;
    Promise.resolve(work(stores)).then(
      (value) => (result = value),
      (error) => {
        reject(error);
        tx.abort();
      },
    );
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('aborted'));
  });
}

/** Keeps an interview with its new recordings and photos (each a Blob with its own device id), all or nothing. */
export function keepInterviewWithFiles(interview, files) {
  return transaction(['interviews', 'files'], 'readwrite', (s) => {
    for (const file of files) s.files.put(file);
    return done(s.interviews.put(interview));
  });
}
export const listFiles = () => transaction('files', 'readonly', (s) => done(s.files.getAll()));
export const keepFile = (file) => transaction('files', 'readwrite', (s) => done(s.files.put(file)));
export const removeFile = (deviceId) => transaction('files', 'readwrite', (s) => done(s.files.delete(deviceId)));

/** Hearth has stored a file: it leaves the device, and its interview's entry on the sent list counts it. */
export function markFileSent(file, stored) {
  return transaction(['files', 'sent'], 'readwrite', async (s) => {
    const sent = await done(s.sent.get(file.interviewId));
    if (sent) s.sent.put({ ...sent, files: [...(sent.files ?? []), { kind: file.kind, url: stored.url }] });
    s.files.delete(file.deviceId);
  });
}

export const keepInterview = (interview) =>
  transaction('interviews', 'readwrite', (s) => done(s.interviews.put(interview)));
export const getInterview = (deviceId) =>
  transaction('interviews', 'readonly', (s) => done(s.interviews.get(deviceId)));
export const listInterviews = () => transaction('interviews', 'readonly', (s) => done(s.interviews.getAll()));
export const listSent = () => transaction('sent', 'readonly', (s) => done(s.sent.getAll()));
export const takeInquiry = (inquiry) => transaction('inquiries', 'readwrite', (s) => done(s.inquiries.put(inquiry)));
export const listTaken = () => transaction('inquiries', 'readonly', (s) => done(s.inquiries.getAll()));

/**
 * Hearth has stored the interview: in one transaction, its story code goes on the sent list, its files learn which
 * story they belong to (to be uploaded next), and the interview itself leaves the device.
 */
export function markSent(interview, stored) {
  return transaction(['interviews', 'sent', 'files'], 'readwrite', async (s) => {
    s.sent.put({
      deviceId: interview.deviceId,
      allianceId: interview.allianceId,
      inquiryTitle: interview.inquiryTitle,
      code: stored.code,
      url: stored.url,
      sentAt: new Date().toISOString(),
    });
    const files = await done(s.files.index('interview').getAll(interview.deviceId));
    for (const file of files) s.files.put({ ...file, storyUrl: stored.url });
    s.interviews.delete(interview.deviceId);
  });
}

/** Removes everything the field app keeps: the database, the cached pages, and the service worker. */
export async function clearDevice() {
  if (opening) (await opening.catch(() => undefined))?.close();
  opening = undefined;
  await new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
  await caches.delete(CACHE_NAME);
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((r) => r.unregister()));
}
