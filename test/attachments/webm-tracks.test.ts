/**
 * A browser's MediaRecorder writes WebM as a live stream (segment and clusters of unknown size), which
 * music-metadata cannot read: the tracks read from the file's head tell a recording made in the browser (sound)
 * from a video. The real recording is 2.5 s from Chromium's fake microphone (test/fixtures/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { audioFacts } from '../../server/attachments/audio-facts.ts';
import { webmLeastSeconds, webmTracks } from '../../server/attachments/webm-tracks.ts';
import { liveWebm } from './fixtures.ts';

const recorded = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'mediarecorder-chromium.webm'));

describe('the tracks of a live WebM', () => {
  it('finds the sound of a recording made by Chromium’s MediaRecorder, which music-metadata cannot read', async () => {
    expect(webmTracks(recorded)).toEqual({ audio: true, video: false });
    const facts = await audioFacts(
      Readable.from([recorded]),
      'audio/webm',
      recorded.length,
      recorded.subarray(0, 65536),
    );
    expect(facts).toEqual({ ok: true, durationSeconds: null });
    // Without the head, as before: refused.
    expect(await audioFacts(Readable.from([recorded]), 'audio/webm', recorded.length)).toEqual({
      ok: false,
      video: false,
    });
  });

  it('tells a video from a recording, and reads nothing into bytes that are not WebM', () => {
    expect(webmTracks(liveWebm([2]))).toEqual({ audio: true, video: false });
    expect(webmTracks(liveWebm([1, 2]))).toEqual({ audio: true, video: true });
    expect(webmTracks(Buffer.from('RIFF....WAVEfmt '))).toBeUndefined();
    expect(webmTracks(liveWebm([2]).subarray(0, 20))).toBeUndefined(); // cut before its tracks
  });

  it('reads how long a live WebM lasts at least from its last cluster, so the length limit holds for it too', () => {
    expect(webmLeastSeconds(liveWebm([2], 400_000))).toBe(400);
    expect(webmLeastSeconds(liveWebm([2], 400_000).subarray(-100))).toBe(400); // the end of the file is enough
    const least = webmLeastSeconds(recorded)!;
    expect(least).toBeGreaterThanOrEqual(0);
    expect(least).toBeLessThan(2.5);
    expect(webmLeastSeconds(Buffer.from('no clusters here'))).toBeUndefined();
  });
});
