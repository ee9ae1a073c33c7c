/**
 * Recordings and photos sent from a phone after their interview is stored (issue 17): keyed by the interview's
 * device id and the file's own, so a retry or a second phone stores each once with the same answer; refused with a
 * message the phone shows on that interview (not audio: 422; too large or too long: 413; no consent to keep the
 * recording, a withdrawn story: 409); 401 JSON once signed out; 404 for a story the phone never stored; an upload
 * cut off part way leaves nothing on the server.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import exifr from 'exifr';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { findStory } from '../../server/stories/store.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide } from '../helpers/interviews.ts';
import { liveWebm, multipartBody, phoneJpeg, wav } from '../attachments/fixtures.ts';
import { phoneSession, recordOnPhone, send, takeIntoTheField, type FieldForm } from './field-fixture.ts';

/** Small, so an over-limit upload is quick; a 30 s WAV at 8 kHz (480 KB) fits, 40 s (640 KB) does not. */
const LIMIT = 600_000;
let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let phone: Agent;
let form: FieldForm;
let csrf: string;

beforeAll(async () => {
  t = await testApp({ maxUploadBytes: LIMIT, maxRecordingSeconds: 20 });
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  phone = await signedIn(t.app, people.interviewer.email);
  form = await takeIntoTheField(phone, guide);
  csrf = (await phoneSession(phone, form)).body.csrf!;
});
afterAll(() => t.close());

const RECORDING_CONSENT = { consent: ['panels', 'recording', 'hearing'] };

/** An interview stored from the phone; its device id is the key its files are sent under. */
async function storedInterview(overrides = RECORDING_CONSENT) {
  const interview = recordOnPhone(form, guide, overrides);
  const res = await send(t.app, phone.cookie, form, interview, csrf);
  expect(res.statusCode).toBe(200);
  return { deviceId: interview.deviceId, url: res.json().url as string };
}

const fileUrl = (storyDeviceId: string, kind: 'recordings' | 'photos', fileDeviceId: string) =>
  `/alliances/${people.alliance.id}/field/stories/${storyDeviceId}/${kind}/${fileDeviceId}`;

function upload(url: string, bytes: Buffer, as = phone, token = csrf): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipartBody([['_csrf', token]], {
    name: 'file',
    filename: 'interview.webm',
    type: 'audio/webm',
    bytes,
  });
  return t.app.inject({ method: 'POST', url, payload, headers: { cookie: as.cookie, 'content-type': contentType } });
}

async function counts() {
  const files = await t.db.selectFrom('attachments').select('id').execute();
  const chunks = await t.db.selectFrom('attachment_chunks').select('seq').execute();
  return { files: files.length, chunks: chunks.length };
}

describe('a file sent from the field', () => {
  it('is stored with its story, and a retry or a second phone gets the same answer and stores nothing more', async () => {
    const story = await storedInterview();
    const url = fileUrl(story.deviceId, 'recordings', randomUUID());
    const first = await upload(url, wav(3, 1));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'stored', kind: 'recording' });
    expect(first.json().url).toMatch(new RegExp(`^${story.url}/files/\\d+$`));
    const after = await counts();

    const retry = await upload(url, wav(3, 1));
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const otherCsrf = (await phoneSession(coordinator, form)).body.csrf!;
    const secondPhone = await upload(url, wav(3, 1), coordinator, otherCsrf);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(secondPhone.json()).toEqual(first.json());
    expect(await counts()).toEqual(after);

    // The story page plays it.
    const played = await phone.get(first.json().url);
    expect(played.statusCode).toBe(200);
    expect(played.headers['content-type']).toBe('audio/wav');
  });

  it('stores a file sent twice at once exactly once', async () => {
    const story = await storedInterview();
    const url = fileUrl(story.deviceId, 'recordings', randomUUID());
    const before = await counts();
    const answers = await Promise.all(Array.from({ length: 4 }, () => upload(url, wav(2, 9))));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((r) => r.json().url)).size).toBe(1);
    expect((await counts()).files).toBe(before.files + 1);
  });

  it('takes a recording made in the browser (MediaRecorder WebM, whose length is not written down)', async () => {
    const story = await storedInterview();
    const webm = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'mediarecorder-chromium.webm'));
    const res = await upload(fileUrl(story.deviceId, 'recordings', randomUUID()), webm);
    expect(res.statusCode).toBe(200);
    const played = await phone.get(res.json().url);
    expect(played.headers['content-type']).toBe('audio/webm');
    expect(played.rawPayload.equals(webm)).toBe(true);
  });

  it('holds a browser recording to the length limit too, though it does not say how long it is', async () => {
    const story = await storedInterview();
    const res = await upload(fileUrl(story.deviceId, 'recordings', randomUUID()), liveWebm([2], 25_000));
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toContain('longer than the limit');
    const short = await upload(fileUrl(story.deviceId, 'recordings', randomUUID()), liveWebm([2], 15_000));
    expect(short.statusCode).toBe(200);
  });

  it('takes a photo of the paper without its location', async () => {
    const story = await storedInterview();
    const res = await upload(fileUrl(story.deviceId, 'photos', randomUUID()), phoneJpeg());
    expect(res.statusCode).toBe(200);
    const photo = await phone.get(res.json().url);
    expect(await exifr.gps(Buffer.from(photo.rawPayload))).toBeUndefined();
  });

  it('refuses a file that claims to be audio and is not, with a message for the interview, storing nothing', async () => {
    const story = await storedInterview();
    const before = await counts();
    const res = await upload(
      fileUrl(story.deviceId, 'recordings', randomUUID()),
      Buffer.from('Typed notes, not a recording.\n'.repeat(100)),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ status: 'refused', error: 'attachments.errors.notAudio' });
    expect(res.json().message).toContain('its contents are not audio');
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over HEARTH_MAX_UPLOAD_MB (413) and a recording over the length limit, storing nothing', async () => {
    const story = await storedInterview();
    const before = await counts();
    const large = await upload(fileUrl(story.deviceId, 'recordings', randomUUID()), wav(40, 2));
    expect(large.statusCode).toBe(413);
    expect(large.json().message).toContain('larger than the limit');
    const long = await upload(fileUrl(story.deviceId, 'recordings', randomUUID()), wav(25, 3, 4000));
    expect(long.statusCode).toBe(413);
    expect(long.json().message).toContain('longer than the limit');
    expect(await counts()).toEqual(before);
  });

  it('keeps no recording the storyteller did not agree to keep (a photo is still taken)', async () => {
    const story = await storedInterview({ consent: ['panels'] });
    const res = await upload(fileUrl(story.deviceId, 'recordings', randomUUID()), wav(2, 4));
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('has not agreed to keep a recording');
    const photo = await upload(fileUrl(story.deviceId, 'photos', randomUUID()), phoneJpeg());
    expect(photo.statusCode).toBe(200);
  });

  it('refuses files for a withdrawn story, and a file sent before withdrawal is gone (404)', async () => {
    const story = await storedInterview();
    const first = await upload(fileUrl(story.deviceId, 'recordings', randomUUID()), wav(2, 5));
    const stored = await t.db.selectFrom('stories').selectAll().where('device_id', '=', story.deviceId).execute();
    const full = await findStory(t.db, people.alliance.id, stored[0]!.id);
    await withdrawStory(t.db, people.interviewer, people.interviewer.name, full!);
    expect((await phone.get(first.json().url)).statusCode).toBe(404);
    const before = await counts();
    const res = await upload(fileUrl(story.deviceId, 'photos', randomUUID()), phoneJpeg());
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('withdrawn');
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an interview Hearth never stored, and for one of another alliance', async () => {
    const res = await upload(fileUrl(randomUUID(), 'recordings', randomUUID()), wav(1, 6));
    expect(res.statusCode).toBe(404);
    expect(res.json().status).toBe('error');
    const other = await makeAlliance(t.db, 'Moorland Alliance');
    const outsider = await signedIn(t.app, other.coordinator.email);
    const story = await storedInterview();
    const url = `/alliances/${other.alliance.id}/field/stories/${story.deviceId}/photos/${randomUUID()}`;
    const { payload, contentType } = multipartBody([['_csrf', outsider.csrf]], {
      name: 'file',
      filename: 'p.jpg',
      type: 'image/jpeg',
      bytes: phoneJpeg(),
    });
    const away = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: outsider.cookie, 'content-type': contentType },
    });
    expect(away.statusCode).toBe(404);
  });

  it('answers 401 JSON once signed out (the phone then says "sign in to send"), and 403 without the token', async () => {
    const story = await storedInterview();
    const url = fileUrl(story.deviceId, 'photos', randomUUID());
    const { payload, contentType } = multipartBody([['_csrf', csrf]], {
      name: 'file',
      filename: 'p.jpg',
      type: 'image/jpeg',
      bytes: phoneJpeg(),
    });
    const signedOut = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.json().status).toBe('signIn');
    const forged = await upload(url, phoneJpeg(), phone, 'not-a-token');
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error).toBe('errors.csrf');
  });

  it('leaves nothing stored when the upload is cut off part way, and takes it whole when sent again', async () => {
    const story = await storedInterview();
    const url = fileUrl(story.deviceId, 'recordings', randomUUID());
    const bytes = wav(20, 8); // 320 KB: more than one stored chunk arrives before the cut
    const { payload, contentType } = multipartBody([['_csrf', csrf]], {
      name: 'file',
      filename: 'r.wav',
      type: 'audio/wav',
      bytes,
    });
    const before = await counts();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: url,
      method: 'POST',
      headers: { cookie: phone.cookie, 'content-type': contentType, 'content-length': payload.length },
    });
    req.on('error', () => {});
    req.write(payload.subarray(0, 300_000));
    // Part of it is on the server (a file begun, its first chunk written)…
    await expect.poll(async () => (await counts()).chunks, { timeout: 5000 }).toBeGreaterThan(before.chunks);
    // …when the phone loses its signal.
    req.destroy();
    await expect.poll(counts, { timeout: 5000 }).toEqual(before);
    const again = await upload(url, bytes);
    expect(again.statusCode).toBe(200);
    expect((await counts()).files).toBe(before.files + 1);
  });
});
