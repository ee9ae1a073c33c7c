/**
 * A recording with no sound after its headers is refused like an empty file (a trial found a 44-byte WAV header
 * accepted, listed with no length, and shipped in the exports): for each format a recording comes in, the header
 * alone is refused with a message by the field, and the same header with sound after it is kept. And the photo
 * page states the limits that apply: a PDF is held to the upload limit too.
 */
import { Readable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioFacts } from '../../server/attachments/audio-facts.ts';
import { soundAfterHeaders } from '../../server/attachments/audio-frames.ts';
import { sniff } from '../../server/attachments/sniff.ts';
import type { Story } from '../../server/db/schema.ts';
import { Agent, recordPage, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { liveWebm, multipartBody, wav } from './fixtures.ts';

let t: TestApp;
let story: Story;
let interviewer: Agent;
const url = () => `/alliances/${story.alliance_id}/stories/${story.id}/recordings`;

/** A WAV's 44-byte header alone; by default claiming the 312,694 bytes of samples the trial's file claimed. */
function wavHeader(claimed = 312_694): Buffer {
  const header = wav(0).subarray(0, 44);
  header.writeUInt32LE(36 + claimed, 4);
  header.writeUInt32LE(claimed, 40);
  return Buffer.from(header);
}

/** A FLAC's signature and STREAMINFO (8 kHz mono, 16 bit, total samples unknown), then `frames`. */
function flac(frames: Buffer = Buffer.alloc(0)): Buffer {
  const info = Buffer.alloc(34);
  info.writeUInt16BE(4096, 0);
  info.writeUInt16BE(4096, 2);
  // Sample rate (20 bits) 8000, channels-1 (3 bits) 0, bits-1 (5 bits) 15, total samples (36 bits) 0.
  info.writeUInt32BE((8000 << 12) | (0 << 9) | (15 << 4), 10);
  return Buffer.concat([Buffer.from('fLaC'), Buffer.from([0x80, 0, 0, 34]), info, frames]);
}

/** An Ogg Opus stream: its two header pages, then (unless `seconds` is 0) a page of sound ending at `seconds`. */
function opus(seconds: number): Buffer {
  const page = (granule: number, seq: number, flags: number, body: Buffer) => {
    const head = Buffer.alloc(28);
    head.write('OggS', 0, 'latin1');
    head[5] = flags;
    head.writeBigUInt64LE(BigInt(granule), 6);
    head.writeUInt32LE(1, 14);
    head.writeUInt32LE(seq, 18);
    head[26] = 1; // one segment, as long as the body
    head[27] = body.length;
    return Buffer.concat([head, body]);
  };
  const opusHead = Buffer.alloc(19);
  opusHead.write('OpusHead', 0, 'latin1');
  opusHead[8] = 1; // version
  opusHead[9] = 1; // mono
  opusHead.writeUInt32LE(48000, 12);
  const tags = Buffer.from('OpusTags\x04\0\0\0test\0\0\0\0', 'latin1');
  return Buffer.concat([
    page(0, 0, 2, opusHead),
    page(0, 1, 0, tags),
    ...(seconds ? [page(seconds * 48000, 2, 4, Buffer.alloc(60, 0xfc))] : []),
  ]);
}

/** An M4A's boxes: ftyp, an empty moov, and an mdat of `sound` bytes (none when 0). */
function m4a(sound: number): Buffer {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  return Buffer.concat([
    box('ftyp', Buffer.from('M4A \0\0\0\0M4A isom', 'latin1')),
    box('moov', Buffer.alloc(0)),
    ...(sound ? [box('mdat', Buffer.alloc(sound, 1))] : []),
  ]);
}

async function send(bytes: Buffer, filename: string): Promise<LightMyRequestResponse> {
  await interviewer.get(url());
  const { payload, contentType } = multipartBody([['_csrf', interviewer.csrf]], {
    name: 'file',
    filename,
    type: 'application/octet-stream',
    bytes,
  });
  const res = await t.app.inject({
    method: 'POST',
    url: url(),
    payload,
    headers: { cookie: interviewer.cookie, 'content-type': contentType },
  });
  recordPage('POST', url(), res);
  return res;
}

const stored = async () => (await t.db.selectFrom('attachments').select('id').execute()).length;

beforeAll(async () => {
  t = await testApp({ maxUploadBytes: 20 * 1024 * 1024 });
  const people = await makeAlliance(t.db);
  const inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  story = await makeStory(t.db, inquiry, {
    title: 'Lo mejor del barrio',
    interviewer: people.interviewer,
    consent: { recording: true, hearing: true },
  });
  interviewer = await signedIn(t.app, people.interviewer.email);
});

afterAll(() => t.close());

describe('a recording with no sound', () => {
  it('refuses a WAV that is only its header, with a message by the field, keeping nothing', async () => {
    for (const bytes of [wavHeader(), wavHeader(0)]) {
      const res = await send(bytes, 'broken.wav');
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('This recording holds no sound');
      expect(res.body).toMatch(/id="field-file-error"[^]*aria-invalid="true"/);
    }
    expect(await stored()).toBe(0);
    // A real WAV still goes in, with its length.
    const kept = await send(wav(2, 4), 'voz.wav');
    expect(kept.statusCode).toBe(303);
    expect(await stored()).toBe(1);
  });

  it('refuses a browser recording stopped before its first sound', async () => {
    const res = await send(liveWebm([2], 5000, false), 'grabacion.webm');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This recording holds no sound');
    expect((await send(liveWebm([2], 5000), 'grabacion.webm')).statusCode).toBe(303);
  });

  it('tells header-only files of every format from the same files with sound', async () => {
    const facts = async (bytes: Buffer) => {
      const type = (await sniff(bytes, 'recording'))!;
      return audioFacts(Readable.from([bytes], { objectMode: false }), type, bytes.length, bytes);
    };
    expect(await facts(wavHeader())).toEqual({ ok: false, video: false, empty: true });
    expect(await facts(wav(1))).toEqual({ ok: true, durationSeconds: 1 });
    expect(await facts(flac())).toEqual({ ok: false, video: false, empty: true });
    expect((await facts(flac(Buffer.from([0xff, 0xf8, 0x69, 0x08, 0, 0, 0, 0])))).ok).toBe(true);
    expect(await facts(opus(0))).toEqual({ ok: false, video: false, empty: true });
    expect(await facts(opus(1))).toEqual({ ok: true, durationSeconds: 1 });
    expect(await facts(liveWebm([2], 5000, false))).toEqual({ ok: false, video: false, empty: true });
    expect(await facts(liveWebm([2]))).toEqual({ ok: true, durationSeconds: null });
    // An MP4 whose header says 0 s (as a fragmented one does) is sound when its media data holds something.
    expect(soundAfterHeaders('audio/mp4', m4a(0), m4a(0).length)).toBe(false);
    expect(soundAfterHeaders('audio/mp4', m4a(500), m4a(500).length)).toBe(true);
    // A head that stops before the data: sound is taken to follow.
    expect(soundAfterHeaders('audio/wav', wavHeader().subarray(0, 30), 1_000_000)).toBeUndefined();
    expect(soundAfterHeaders('audio/wav', wavHeader(), 1_000_000)).toBe(true);
  });
});

describe('the photo page', () => {
  it('states the limit that applies to a PDF: the upload limit, when it is lower than 50 MB', async () => {
    const page = await interviewer.get(`/alliances/${story.alliance_id}/stories/${story.id}/photos`);
    expect(page.body).toContain('A JPEG or PNG image, or a PDF, of up to 20 MB.');
    expect(page.body).not.toContain('50 MB');
  });
});
