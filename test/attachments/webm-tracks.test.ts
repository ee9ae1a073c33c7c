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
import { webmTracks } from '../../server/attachments/webm-tracks.ts';

const recorded = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'mediarecorder-chromium.webm'));

/** A live WebM as MediaRecorder writes one, with one track of each type given (1 video, 2 audio). */
function liveWebm(...types: number[]): Buffer {
  const el = (id: number[], body: Buffer) => Buffer.concat([Buffer.from(id), Buffer.from([0x80 | body.length]), body]);
  const unknown = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const header = el([0x1a, 0x45, 0xdf, 0xa3], el([0x42, 0x82], Buffer.from('webm')));
  const entries = types.map((type, i) =>
    el([0xae], Buffer.concat([el([0xd7], Buffer.from([i + 1])), el([0x83], Buffer.from([type]))])),
  );
  return Buffer.concat([
    header,
    Buffer.from([0x18, 0x53, 0x80, 0x67]),
    unknown,
    el([0x16, 0x54, 0xae, 0x6b], Buffer.concat(entries)),
    Buffer.from([0x1f, 0x43, 0xb6, 0x75]),
    unknown,
    Buffer.alloc(64, 7),
  ]);
}

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
    expect(webmTracks(liveWebm(2))).toEqual({ audio: true, video: false });
    expect(webmTracks(liveWebm(1, 2))).toEqual({ audio: true, video: true });
    expect(webmTracks(Buffer.from('RIFF....WAVEfmt '))).toBeUndefined();
    expect(webmTracks(liveWebm(2).subarray(0, 20))).toBeUndefined(); // cut before its tracks
  });
});
