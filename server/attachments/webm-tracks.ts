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

/** Whether the head of a WebM file declares sound and picture tracks; undefined when it cannot be read. */
export function webmTracks(head: Uint8Array): { audio: boolean; video: boolean } | undefined {
  const found = { audio: false, video: false };
  let sawTracks = false;
  const walk = (start: number, end: number): boolean => {
    let at = start;
    while (at < end) {
      const id = vint(head, at, true);
      const size = vint(head, at + id.length, false);
      const body = at + id.length + size.length;
      if (id.value === CLUSTER) return true; // the sound itself: the tracks are behind us
      const stop = size.unknown ? end : Math.min(body + size.value, end);
      if (id.value === TRACKS) sawTracks = true;
      if (id.value === TRACK_TYPE) {
        const type = head[stop - 1];
        if (type === 1) found.video = true;
        if (type === 2) found.audio = true;
      }
      if (CONTAINERS.has(id.value) && walk(body, stop)) return true;
      at = stop;
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
