// Sending the interviews that wait on the device, one at a time. Each carries the id the device made for it, so
// whatever is sent twice (a retry after a lost reply, another tab) is stored once and answered the same way; an
// interview leaves the device only once Hearth has answered that it is stored. Its recordings and photos follow,
// each under the interview's id and its own, and each leaves the device once Hearth has answered for it.
import { FILE_SENDABLE, fileAddress, fileOutcomeOf, outcomeOf, SENDABLE } from './logic.js';
import { keepFile, keepInterview, listFiles, listInterviews, markFileSent, markSent } from './store.js';

/** A weak signal can leave a request hanging: give up after this long (it stays queued and goes again later). */
const PATIENCE_MS = 30_000;

/** A file on a weak signal: at least this many bytes a second before giving up (it stays queued). */
const SLOWEST_BYTES_PER_SECOND = 16 * 1024;

async function json(url, options = {}, patience = PATIENCE_MS) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    cache: 'no-store',
    signal: AbortSignal.timeout(patience),
    ...options,
    headers: { accept: 'application/json', ...options.headers },
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return { status: response.status, body };
}

async function post(interview, csrf) {
  try {
    const { status, body } = await json(interview.send, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        _csrf: csrf,
        deviceId: interview.deviceId,
        values: interview.values,
        asked: interview.asked,
        about: interview.about,
        recordedAt: interview.recordedAt,
      }),
    });
    return outcomeOf(status, body);
  } catch {
    return { kind: 'later', status: 0 };
  }
}

/** Sends one recording or photo as a form: the session's token first, then the file. */
async function upload(device, file, csrf) {
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('file', file.blob, file.name || file.kind);
  try {
    const patience = PATIENCE_MS + (1000 * (file.size || 0)) / SLOWEST_BYTES_PER_SECOND;
    const { status, body } = await json(fileAddress(device.files, file), { method: 'POST', body: form }, patience);
    return fileOutcomeOf(status, body);
  } catch {
    return { kind: 'later', status: 0 };
  }
}

/** Who is signed in, and a CSRF token of this session; or why not. */
async function session(device) {
  try {
    const { status, body } = await json(device.session);
    if (status === 200 && body && typeof body.csrf === 'string') return { ok: true, ...body };
    return { ok: false, outcome: outcomeOf(status, body) };
  } catch {
    return { ok: false, outcome: { kind: 'later', status: 0 } };
  }
}

const change = (interview, state, extra = {}) => keepInterview({ ...interview, state, ...extra });

/**
 * Sends this alliance's waiting interviews. One sender at a time across tabs (Web Locks, where the browser has
 * them; without, the server's idempotency still stores each once). Returns a summary for the page.
 */
export function sendWaiting(device, changed = () => {}) {
  const run = () => sendAll(device, changed);
  return navigator.locks ? navigator.locks.request('hearth-field-send', run) : run();
}

async function sendAll(device, changed) {
  const waiting = (await listInterviews())
    .filter((i) => i.allianceId === device.allianceId && SENDABLE.has(i.state))
    .sort((a, b) => String(a.recordedAt).localeCompare(String(b.recordedAt)));
  const files = await filesToSend(device);
  if (waiting.length === 0 && files.length === 0) return { sent: 0 };
  let me = await session(device);
  if (!me.ok) {
    if (me.outcome.kind === 'signIn') {
      for (const interview of waiting) await change(interview, 'signIn');
      for (const file of files) await keepFile({ ...file, state: 'signIn' });
      changed();
      return { signIn: true };
    }
    return { later: true };
  }
  let sent = 0;
  for (const interview of waiting) {
    // Sent by the person who recorded it: a shared phone does not send one person's interviews as another's.
    if (interview.userId !== me.userId) {
      if (interview.state !== 'otherPerson') await change(interview, 'otherPerson');
      continue;
    }
    await change(interview, 'sending');
    changed();
    let outcome = await post(interview, me.csrf);
    if (outcome.kind === 'staleToken') {
      me = await session(device);
      outcome = me.ok ? await post(interview, me.csrf) : me.outcome;
    }
    if (outcome.kind === 'stored') {
      await markSent(interview, outcome);
      sent++;
    } else if (outcome.kind === 'refused') {
      await change(interview, 'refused', { message: outcome.message, errors: outcome.errors });
    } else if (outcome.kind === 'signIn') {
      for (const rest of waiting.slice(waiting.indexOf(interview))) await change(rest, 'signIn');
      for (const file of await filesToSend(device)) await keepFile({ ...file, state: 'signIn' });
      changed();
      return { sent, signIn: true };
    } else if (outcome.kind === 'later' || outcome.kind === 'staleToken') {
      await change(interview, 'waiting');
      changed();
      return { sent, later: true };
    } else {
      await change(interview, 'problem', { status: outcome.status, message: outcome.message ?? '' });
    }
    changed();
  }
  return { sent, ...(await sendFiles(device, me, changed)) };
}

/** This alliance's files whose interview is stored (they know its story), waiting to be sent. */
async function filesToSend(device) {
  return (await listFiles())
    .filter((f) => f.allianceId === device.allianceId && f.storyUrl && FILE_SENDABLE.has(f.state))
    .sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)));
}

/** Sends the files of stored interviews, one at a time, after the interviews themselves. */
async function sendFiles(device, me, changed) {
  const files = await filesToSend(device);
  let filesSent = 0;
  for (const file of files) {
    if (file.userId !== me.userId) {
      if (file.state !== 'otherPerson') await keepFile({ ...file, state: 'otherPerson' });
      continue;
    }
    await keepFile({ ...file, state: 'sending' });
    changed();
    let outcome = await upload(device, file, me.csrf);
    if (outcome.kind === 'staleToken') {
      me = await session(device);
      outcome = me.ok ? await upload(device, file, me.csrf) : me.outcome;
    }
    if (outcome.kind === 'stored') {
      await markFileSent(file, outcome);
      filesSent++;
    } else if (outcome.kind === 'refused') {
      await keepFile({ ...file, state: 'refused', message: outcome.message });
    } else if (outcome.kind === 'signIn') {
      for (const rest of files.slice(files.indexOf(file))) await keepFile({ ...rest, state: 'signIn' });
      changed();
      return { filesSent, signIn: true };
    } else if (outcome.kind === 'later' || outcome.kind === 'staleToken') {
      await keepFile({ ...file, state: 'waiting' });
      changed();
      return { filesSent, later: true };
    } else {
      await keepFile({ ...file, state: 'problem', status: outcome.status, message: outcome.message ?? '' });
    }
    changed();
  }
  return { filesSent };
}

/** Whether this browser's session is signed in (true), signed out (false), or unknown (offline: undefined). */
export async function signedIn(device) {
  const me = await session(device);
  if (me.ok) return true;
  return me.outcome.kind === 'signIn' ? false : undefined;
}
