/**
 * Whether a stored recording really is sound, and how long it is, read by music-metadata from its headers (the
 * length of a WebM made by a browser's MediaRecorder is often not written down: then it is unknown). A file with a
 * picture track is a video, not a recording of an interview, and is refused; so is one with no sound after its
 * headers (audio-frames.ts), or that says it lasts no time at all: it would be kept and exported, and play nothing.
 */
import type { Readable } from 'node:stream';
import { parseStream } from 'music-metadata';
import { soundAfterHeaders } from './audio-frames.ts';
import { webmTracks } from './webm-tracks.ts';

/** `empty`: audio by its headers, with no sound after them. */
export type AudioFacts = { ok: true; durationSeconds: number | null } | { ok: false; video: boolean; empty?: true };

const EMPTY: AudioFacts = { ok: false, video: false, empty: true };

/**
 * `head`: the file's first bytes: whether sound follows the headers is read there (audio-frames.ts), and so are the
 * tracks of a browser's WebM recording, which music-metadata cannot read (webm-tracks.ts).
 */
export async function audioFacts(
  stream: Readable,
  mediaType: string,
  size: number,
  head?: Uint8Array,
): Promise<AudioFacts> {
  // Headers with nothing after them are no recording, whatever a parser makes of them (some stop at the missing end).
  const frames = head ? soundAfterHeaders(mediaType, head, size) : undefined;
  if (frames === false) {
    stream.destroy();
    return EMPTY;
  }
  try {
    const { format } = await parseStream(
      stream,
      { mimeType: mediaType, size },
      { skipCovers: true, skipPostHeaders: true },
    );
    if (format.hasVideo) return { ok: false, video: true };
    const sound = format.hasAudio ?? Boolean(format.sampleRate || format.codec || format.numberOfChannels);
    if (!sound) return { ok: false, video: false };
    const duration = format.duration !== undefined && Number.isFinite(format.duration) ? format.duration : null;
    if (frames !== true && (duration === 0 || format.numberOfSamples === 0)) return EMPTY;
    // A fragmented MP4 (Safari's recorder) says 0 in its header while its fragments hold the sound: unknown.
    return { ok: true, durationSeconds: duration === 0 ? null : duration };
  } catch {
    const tracks = mediaType === 'audio/webm' && head ? webmTracks(head) : undefined;
    if (tracks?.video) return { ok: false, video: true };
    // Its length is not written down in a live WebM: unknown, as for other recordings that do not say.
    return tracks?.audio ? { ok: true, durationSeconds: null } : { ok: false, video: false };
  } finally {
    stream.destroy();
  }
}
