/**
 * Whether a stored recording really is sound, and how long it is, read by music-metadata from its headers (the
 * length of a WebM made by a browser's MediaRecorder is often not written down: then it is unknown). A file with a
 * picture track is a video, not a recording of an interview, and is refused.
 */
import type { Readable } from 'node:stream';
import { parseStream } from 'music-metadata';

export type AudioFacts = { ok: true; durationSeconds: number | null } | { ok: false; video: boolean };

export async function audioFacts(stream: Readable, mediaType: string, size: number): Promise<AudioFacts> {
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
    return { ok: false, video: false };
  } finally {
    stream.destroy();
  }
}
