/**
 * The tracks of a WebM file, read from its first bytes. A browser's MediaRecorder writes WebM as a live stream:
 * the segment and its clusters have "unknown size", which music-metadata cannot read, so a recording made in the
 * browser would be refused as not audio. The tracks come before the first cluster, so the head is enough to tell
 * sound from video. EBML: each element is an id and a size, both variable-length integers.
 */

const EBML = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
const CLUSTER = 0x1f43b675;
/** Elements whose children are read; the rest are stepped over. */
const CONTAINERS = new Set([SEGMENT, TRACKS, TRACK_ENTRY]);

/** A variable-length integer at `at`: its length, and its value (the id keeps its marker bits, a size does not). */
function vint(b: Uint8Array, at: number, keepMarker: boolean): { length: number; value: number; unknown: boolean } {
  const first = b[at];
  if (first === undefined || first === 0) throw new RangeError('not EBML');
  const length = Math.clz32(first) - 23; // leading zeros within the byte, plus one
  if (at + length > b.length) throw new RangeError('cut short');
  let value = keepMarker ? first : first & (0xff >> length);
  let ones = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    ones &&= b[at + i] === 0xff;
  }
  return { length, value, unknown: !keepMarker && ones };
}

/** The EBML elements from start to end, each with where its body starts and stops (an unknown size runs to end). */
function* elements(
  head: Uint8Array,
  start: number,
  end: number,
): Generator<{ id: number; body: number; stop: number }> {
  let at = start;
  while (at < end) {
    const id = vint(head, at, true);
    const size = vint(head, at + id.length, false);
    const body = at + id.length + size.length;
    const stop = size.unknown ? end : Math.min(body + size.value, end);
    yield { id: id.value, body, stop };
    at = stop;
  }
}

/** Whether the head of a WebM file declares sound and picture tracks; undefined when it cannot be read. */
export function webmTracks(head: Uint8Array): { audio: boolean; video: boolean } | undefined {
  const found = { audio: false, video: false };
  let sawTracks = false;
  const walk = (start: number, end: number): boolean => {
    for (const { id, body, stop } of elements(head, start, end)) {
      if (id === CLUSTER) return true; // the sound itself: the tracks are behind us
      if (id === TRACKS) sawTracks = true;
      if (id === TRACK_TYPE) {
        const type = head[stop - 1];
        if (type === 1) found.video = true;
        if (type === 2) found.audio = true;
      }
      if (CONTAINERS.has(id) && walk(body, stop)) return true;
    }
    return false;
  };
  try {
    if (vint(head, 0, true).value !== EBML) return undefined;
    walk(0, head.length);
  } catch {
    // Cut short or not EBML after all: whatever was read is the answer.
  }
  return sawTracks ? found : undefined;
}

const SIMPLE_BLOCK = 0xa3;
const BLOCK_GROUP = 0xa0;

/**
 * Whether the head of a WebM holds a block of sound (in a cluster): a recorder stopped at once writes its tracks and
 * nothing after them. False when the head was read through without one; undefined when it is not WebM.
 */
export function webmFirstBlock(head: Uint8Array): boolean | undefined {
  const walk = (start: number, end: number): boolean => {
    for (const { id, body, stop } of elements(head, start, end)) {
      if (id === SIMPLE_BLOCK || id === BLOCK_GROUP) return true;
      if ((id === SEGMENT || id === CLUSTER) && walk(body, stop)) return true;
    }
    return false;
  };
  try {
    if (vint(head, 0, true).value !== EBML) return undefined;
    return walk(0, head.length);
  } catch {
    // Cut short (the end of the head, or of the file) before any block.
    return false;
  }
}

const CLUSTER_BYTES = [0x1f, 0x43, 0xb6, 0x75];
const TIMECODE = 0xe7;

/**
 * How long a live WebM lasts at least, in seconds, read from the end of the file: the timecode of its last cluster
 * (in milliseconds, the scale MediaRecorder writes). A cluster holds at most about 33 s, so the recording is at most
 * that much longer; enough to hold a recording to the length limit. Undefined when no cluster can be read.
 */
export function webmLeastSeconds(tail: Uint8Array): number | undefined {
  for (let at = tail.length - CLUSTER_BYTES.length; at >= 0; at--) {
    if (!CLUSTER_BYTES.every((byte, i) => tail[at + i] === byte)) continue;
    try {
      const size = vint(tail, at + 4, false);
      const id = vint(tail, at + 4 + size.length, true);
      if (id.value !== TIMECODE) continue;
      const length = vint(tail, at + 4 + size.length + id.length, false);
      const start = at + 4 + size.length + id.length + length.length;
      if (length.value < 1 || length.value > 8 || start + length.value > tail.length) continue;
      let ms = 0;
      for (let i = 0; i < length.value; i++) ms = ms * 256 + tail[start + i]!;
      return ms / 1000;
    } catch {
      // Bytes that only looked like a cluster: keep looking.
    }
  }
  return undefined;
}
