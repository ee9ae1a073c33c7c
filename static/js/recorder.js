/* global MediaRecorder, Blob, DataTransfer, File */
// Recording an interview in the browser (MediaRecorder): record, stop, listen back, discard, with the time elapsed
// and a plain message when the microphone is refused or missing. One recorder for the story's "add a recording"
// page (it fills the page's file field, so the form is still what sends it) and the interview form in the field
// (where the recording is kept on the device with the interview). Only an enhancement: the markup
// (views/partials/recorder.hbs) stays hidden, and the file field is the way, where this cannot run.

/** Below this much free space on the device, recording does not start (a few minutes of speech is ~1 MB). */
export const ROOM_NEEDED_BYTES = 20 * 1024 * 1024;

const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg;codecs=opus'];

export const canRecord = () =>
  typeof window.MediaRecorder === 'function' && typeof navigator.mediaDevices?.getUserMedia === 'function';

/** "m:ss", or "h:mm:ss" past an hour. */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

const fill = (text, values) => String(text ?? '').replace(/\{\{(\w+)\}\}/g, (w, k) => (k in values ? values[k] : w));

/**
 * Starts the recorder in `root` (a [data-recorder] element). Options:
 *   mayRecord()   whether recording may start now (say why not with the returned text, or return '')
 *   changed(blob) called with the recording when it stops, and with undefined when it is discarded
 * Returns { blob(), discard() }, or undefined where this browser cannot record (the root says so).
 */
export function startRecorder(root, { mayRecord = () => '', changed = () => {} } = {}) {
  const texts = root.dataset;
  const $ = (selector) => root.querySelector(selector);
  const status = $('.recorder__status');
  const time = $('.recorder__time');
  const playback = $('.recorder__playback');
  const [start, stop, discard] = ['start', 'stop', 'discard'].map((n) => $(`[data-recorder-${n}]`));
  root.hidden = false;
  const say = (text) => (status.textContent = text);
  if (!canRecord()) {
    start.hidden = true;
    say(texts.unsupported);
    return undefined;
  }

  const noRoom = async () => {
    const left = await tooLittleRoom();
    return left === undefined ? '' : fill(texts.noRoom, { mb: Math.floor(left / (1024 * 1024)) });
  };
  let recording;
  let chunks = [];
  let blob;
  let timer;
  let startedAt = 0;
  let url;

  const show = (state) => {
    start.hidden = state === 'recording';
    stop.hidden = state !== 'recording';
    discard.hidden = state !== 'recorded';
    playback.hidden = state !== 'recorded';
    time.hidden = state === 'idle';
  };

  async function begin() {
    const why = (await mayRecord()) || (await noRoom());
    if (why) return say(why);
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      const missing = error?.name === 'NotFoundError' || error?.name === 'OverconstrainedError';
      return say(missing ? texts.noMicrophone : texts.denied);
    }
    const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported?.(t));
    recording = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    chunks = [];
    recording.addEventListener('dataavailable', (event) => event.data.size && chunks.push(event.data));
    recording.addEventListener('stop', () => {
      for (const track of stream.getTracks()) track.stop();
      clearInterval(timer);
      blob = new Blob(chunks, { type: (recording.mimeType || 'audio/webm').split(';')[0] });
      const seconds = (Date.now() - startedAt) / 1000;
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(blob);
      playback.src = url;
      show('recorded');
      time.textContent = clock(seconds);
      say(fill(texts.recorded, { time: clock(seconds) }));
      changed(blob);
      discard.focus();
    });
    // A chunk every few seconds, so a long interview is never one buffer that could be lost at the end.
    recording.start(5000);
    startedAt = Date.now();
    time.textContent = clock(0);
    timer = setInterval(() => (time.textContent = clock((Date.now() - startedAt) / 1000)), 1000);
    show('recording');
    say(texts.recording);
    stop.focus();
  }

  function drop() {
    blob = undefined;
    if (url) URL.revokeObjectURL(url);
    url = undefined;
    playback.removeAttribute('src');
    show('idle');
    say(texts.discarded);
    changed(undefined);
    start.focus();
  }

  start.addEventListener('click', begin);
  stop.addEventListener('click', () => recording?.state === 'recording' && recording.stop());
  discard.addEventListener('click', drop);
  show('idle');
  return { blob: () => blob, discard: drop };
}

/** Free space on the device in bytes when it is below `needed`, else undefined (unknown counts as enough). */
export async function tooLittleRoom(needed = ROOM_NEEDED_BYTES) {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (!estimate || !(estimate.quota > 0)) return undefined;
  const left = Math.max(0, estimate.quota - (estimate.usage || 0));
  return left < needed ? left : undefined;
}

/** The story page's "add a recording": a recording made here goes into the page's file field, to be sent by it. */
const page = document.querySelector('[data-recorder-for]');
if (page) {
  const input = document.getElementById(page.getAttribute('data-recorder-for'));
  startRecorder(page, {
    changed(blob) {
      const transfer = new DataTransfer();
      if (blob) {
        const extension = blob.type.includes('mp4') ? 'm4a' : blob.type.includes('ogg') ? 'ogg' : 'webm';
        transfer.items.add(new File([blob], `recording.${extension}`, { type: blob.type }));
      }
      input.files = transfer.files;
    },
  });
}
