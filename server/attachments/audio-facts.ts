/**
 * Whether a stored recording really is sound, and how long it is, read by music-metadata from its headers (the
 * length of a WebM made by a browser's MediaRecorder is often not written down: then it is unknown). A file with a
 * picture track is a video, not a recording of an interview, and is refused.
 */
import type { Readable } from 'node:stream';
import { parseStream } from 'music-metadata';
import { webmTracks } from './webm-tracks.ts';

export type AudioFacts = { ok: true; durationSeconds: number | null } | { ok: false; video: boolean };

/** `head`: the file's first bytes, for a browser's WebM recording, which music-metadata cannot read (webm-tracks.ts). */
export async function audioFacts(
  stream: Readable,
  mediaType: string,
  size: number,
  head?: Uint8Array,
): Promise<AudioFacts> {
  try {
    const { format } = await parseStream(
      stream,
      { mimeType: mediaType, size },
      { skipCovers: true, skipPostHeaders: true },
    );
    if (format.hasVideo) return { ok: false, video: true };
    const sound = format.hasAudio ?? Boolean(format.sampleRate || format.codec || format.numberOfChannels);
    if (!sound) return { ok: false, video: false };
    const duration = format.duration;
    return { ok: true, durationSeconds: duration !== undefined && Number.isFinite(duration) ? duration : null };
  } catch {
    const tracks = mediaType === 'audio/webm' && head ? webmTracks(head) : undefined;
    if (tracks?.video) return { ok: false, video: true };
    // Its length is not written down in a live WebM: unknown, as for other recordings that do not say.
    return tracks?.audio ? { ok: true, durationSeconds: null } : { ok: false, video: false };
  } finally {
    stream.destroy();
  }
}
