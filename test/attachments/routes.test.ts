/**
 * Recordings and photos on the story page: adding them through a plain file field (streamed), playing them with
 * range requests, what is refused (a fake recording, an image as a recording, an upload over the limit, a
 * recording the teller did not agree to keep, a forged form), who may do what, removing one, and the player on
 * the edit page beside the words.
 */
import exifr from 'exifr';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { Agent, recordPage, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { CAMERA_MAKE, CAMERA_MODEL, multipartBody, phoneJpeg, phonePng, wav } from './fixtures.ts';

/** Small, so an over-limit upload is quick to send; still over one 256 KB chunk, so ranges cross chunks. */
const LIMIT = 600_000;
let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let story: Story;
let unconsented: Story;
let interviewer: Agent;
const recording = wav(30, 7); // 480,044 bytes: two chunks

const storyUrl = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}`;

async function send(
  agent: Agent,
  url: string,
  file?: { bytes: Buffer; filename?: string; type?: string },
  fields: [string, string][] = [['_csrf', agent.csrf]],
): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipartBody(
    fields,
    file && {
      name: 'file',
      filename: file.filename ?? 'file.bin',
      type: file.type ?? 'application/octet-stream',
      ...file,
    },
  );
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: agent.cookie, 'content-type': contentType },
  });
  recordPage('POST', url, res);
  return res;
}

async function counts() {
  const files = await t.db.selectFrom('attachments').select('id').execute();
  const chunks = await t.db.selectFrom('attachment_chunks').select('seq').execute();
  return { files: files.length, chunks: chunks.length };
}

async function fileSrc(agent: Agent, s: Story, tag: 'source' | 'img'): Promise<string[]> {
  const page = await agent.get(storyUrl(s));
  expect(page.statusCode).toBe(200);
  return [...page.body.matchAll(new RegExp(`<${tag} src="([^"]+)"`, 'g'))].map((m) => m[1]!);
}

beforeAll(async () => {
  t = await testApp({ maxUploadBytes: LIMIT, maxRecordingSeconds: 60 });
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  story = await makeStory(t.db, inquiry, {
    title: 'The allotment',
    interviewer: people.interviewer,
    consent: { recording: true, hearing: true },
  });
  unconsented = await makeStory(t.db, inquiry, { title: 'No recording kept', interviewer: people.interviewer });
  interviewer = await signedIn(t.app, people.interviewer.email);
});

afterAll(() => t.close());

describe('adding a recording', () => {
  it('offers a file field on the story page’s own form, without JavaScript', async () => {
    const story_ = await interviewer.get(storyUrl(story));
    expect(story_.body).toContain(`href="${storyUrl(story)}/recordings"`);
    const page = await interviewer.get(`${storyUrl(story)}/recordings`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/enctype="multipart\/form-data"/);
    expect(page.body).toMatch(/<input id="field-file" name="file" type="file"/);
    // The token comes before the file, so a forged post is refused before any of the file is read.
    expect(page.body.indexOf('name="_csrf"')).toBeLessThan(page.body.indexOf('name="file"'));
  });

  it('keeps it and plays it on the story page, whole and by ranges', async () => {
    await interviewer.get(`${storyUrl(story)}/recordings`);
    const res = await send(interviewer, `${storyUrl(story)}/recordings`, {
      bytes: recording,
      filename: 'interview.wav',
      type: 'audio/wav',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${storyUrl(story)}#files`);
    const [src] = await fileSrc(interviewer, story, 'source');
    expect(src).toMatch(/\/files\/\d+$/);
    const page = await interviewer.get(storyUrl(story));
    expect(page.body).toContain('<audio controls');
    expect(page.body).toContain('0 min 30 s');

    const whole = await interviewer.get(src!);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Number(whole.headers['content-length'])).toBe(recording.length);
    expect(whole.rawPayload.equals(recording)).toBe(true);

    const ranged = async (range: string) =>
      t.app.inject({ method: 'GET', url: src!, headers: { cookie: interviewer.cookie, range } });
    const part = await ranged('bytes=100-199');
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${recording.length}`);
    expect(part.rawPayload.equals(recording.subarray(100, 200))).toBe(true);
    // Across the boundary of two stored chunks.
    const across = await ranged('bytes=262000-262300');
    expect(across.statusCode).toBe(206);
    expect(across.rawPayload.equals(recording.subarray(262000, 262301))).toBe(true);
    const tail = await ranged('bytes=-10');
    expect(tail.rawPayload.equals(recording.subarray(recording.length - 10))).toBe(true);
    const open = await ranged('bytes=480000-');
    expect(open.headers['content-range']).toBe(`bytes 480000-${recording.length - 1}/${recording.length}`);
    const head = await t.app.inject({ method: 'HEAD', url: src!, headers: { cookie: interviewer.cookie } });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(recording.length);
    expect(head.rawPayload.length).toBe(0);
    for (const bad of [`bytes=${recording.length}-`, 'bytes=500-100', 'bytes=x-y']) {
      const refused = await ranged(bad);
      expect(refused.statusCode).toBe(416);
      expect(refused.headers['content-range']).toBe(`bytes */${recording.length}`);
    }
  });

  it('shows the player beside the words on the edit page, where the typed words remain the story', async () => {
    const page = await interviewer.get(`${storyUrl(story)}/edit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('class="listen-beside"');
    expect(page.body).toMatch(/<source src="[^"]+\/files\/\d+" type="audio\/wav">/);
  });

  it('refuses a text file named .mp3, and one starting like an MP3 tag, storing nothing', async () => {
    const before = await counts();
    await interviewer.get(`${storyUrl(story)}/recordings`);
    for (const bytes of [
      Buffer.from('These are typed notes, not a recording. '.repeat(40)),
      Buffer.concat([
        Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0010'),
        Buffer.from('not audio '.repeat(500)),
      ]),
    ]) {
      const res = await send(interviewer, `${storyUrl(story)}/recordings`, {
        bytes,
        filename: 'interview.mp3',
        type: 'audio/mpeg',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('its contents are not audio');
      expect(res.body).toContain('aria-invalid="true"');
    }
    const photo = await send(interviewer, `${storyUrl(story)}/recordings`, { bytes: phoneJpeg(), filename: 'a.mp3' });
    expect(photo.statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('answers 413 with a message for a file over the limit, and keeps nothing of it', async () => {
    const before = await counts();
    await interviewer.get(`${storyUrl(story)}/recordings`);
    const res = await send(interviewer, `${storyUrl(story)}/recordings`, { bytes: wav(40, 3), filename: 'long.wav' });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('larger than the limit');
    expect(res.body).toContain('0 MB'); // the limit is stated in the hint (600 KB rounds down to 0 MB)
    expect(await counts()).toEqual(before);
  });

  it('answers 413 at once to an upload declared bigger than the limit (a 2 GB file), before reading it', async () => {
    const before = await counts();
    await interviewer.get(`${storyUrl(story)}/recordings`);
    const { payload, contentType } = multipartBody([['_csrf', interviewer.csrf]], {
      name: 'file',
      filename: 'huge.wav',
      type: 'audio/wav',
      bytes: wav(1),
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `${storyUrl(story)}/recordings`,
      payload,
      headers: { cookie: interviewer.cookie, 'content-type': contentType, 'content-length': String(2 * 1024 ** 3) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(res.body).toContain('larger than the limit');
    expect(await counts()).toEqual(before);
  });

  it('answers 413 for a recording longer than the limit, keeping nothing', async () => {
    const before = await counts();
    await interviewer.get(`${storyUrl(story)}/recordings`);
    // 70 seconds at a low rate: small enough, but longer than the 60 seconds allowed here.
    const res = await send(interviewer, `${storyUrl(story)}/recordings`, { bytes: wav(70, 5, 2000) });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('longer than the limit');
    expect(await counts()).toEqual(before);
  });

  it('keeps no recording the teller did not agree to keep', async () => {
    const page = await interviewer.get(`${storyUrl(unconsented)}/recordings`);
    expect(page.body).toContain('has not agreed to keep a recording');
    expect(page.body).not.toContain('type="file"');
    const res = await send(interviewer, `${storyUrl(unconsented)}/recordings`, { bytes: wav(1) });
    expect(res.statusCode).toBe(409);
    expect(await t.db.selectFrom('attachments').where('story_id', '=', unconsented.id).select('id').execute()).toEqual(
      [],
    );
  });

  it('refuses a form without its token before reading the file', async () => {
    const before = await counts();
    const res = await send(interviewer, `${storyUrl(story)}/recordings`, { bytes: wav(1) }, [['_csrf', 'forged']]);
    expect(res.statusCode).toBe(403);
    const none = await send(interviewer, `${storyUrl(story)}/recordings`, { bytes: wav(1) }, []);
    expect(none.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('asks for a file when none was chosen', async () => {
    await interviewer.get(`${storyUrl(story)}/recordings`);
    const res = await send(interviewer, `${storyUrl(story)}/recordings`, { bytes: Buffer.alloc(0), filename: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Choose a file to add.');
  });
});

describe('adding a photo of the paper', () => {
  it('keeps it without location or camera details, shown on the story page', async () => {
    await interviewer.get(`${storyUrl(story)}/photos`);
    const original = phoneJpeg(6);
    expect((await exifr.gps(original))?.latitude).toBeCloseTo(51.5, 3);
    const res = await send(interviewer, `${storyUrl(story)}/photos`, {
      bytes: original,
      filename: 'form.jpg',
      type: 'image/jpeg',
    });
    expect(res.statusCode).toBe(303);
    const [src] = await fileSrc(interviewer, story, 'img');
    const page = await interviewer.get(storyUrl(story));
    expect(page.body).toContain('alt="Photo of the paper, 1 of 1"');
    expect(page.body).toContain('width="24" height="32"');
    const stored = await interviewer.get(src!);
    expect(stored.headers['content-type']).toBe('image/jpeg');
    expect(await exifr.gps(stored.rawPayload)).toBeUndefined();
    expect(stored.rawPayload.toString('latin1')).not.toContain(CAMERA_MAKE);
    expect(stored.rawPayload.toString('latin1')).not.toContain(CAMERA_MODEL);
    expect(await exifr.orientation(stored.rawPayload)).toBe(6);
    // Nor do the stored chunks hold any of it.
    const chunks = await t.db.selectFrom('attachment_chunks').select('data').execute();
    expect(chunks.some((c) => Buffer.from(c.data).includes(CAMERA_MODEL))).toBe(false);
  });

  it('keeps a PNG without its text chunks, and refuses a recording as a photo', async () => {
    await interviewer.get(`${storyUrl(story)}/photos`);
    expect((await send(interviewer, `${storyUrl(story)}/photos`, { bytes: phonePng() })).statusCode).toBe(303);
    const srcs = await fileSrc(interviewer, story, 'img');
    const png = await interviewer.get(srcs[1]!);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.toString('latin1')).not.toContain(CAMERA_MODEL);
    const wrong = await send(interviewer, `${storyUrl(story)}/photos`, { bytes: wav(1), filename: 'photo.jpg' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('not a JPEG or PNG image');
  });
});

describe('who may do what', () => {
  it('lets those who read stories play and see them, and nobody else', async () => {
    const [src] = await fileSrc(interviewer, story, 'source');
    const facilitator = await signedIn(t.app, people.facilitator.email);
    expect((await facilitator.get(src!)).statusCode).toBe(200);
    const reader = await signedIn(t.app, people.reader.email);
    expect((await reader.get(src!)).statusCode).toBe(403);
    const other = await makeAlliance(t.db, 'Other Alliance');
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(src!)).statusCode).toBe(404);
    // Swapping the other alliance's id in does not reach it either.
    const swapped = src!.replace(`/alliances/${people.alliance.id}/`, `/alliances/${other.alliance.id}/`);
    expect((await outsider.get(swapped)).statusCode).toBe(404);
    expect((await new Agent(t.app).get(src!)).statusCode).toBe(303);
  });

  it('lets only the interviewer pair and coordinators add or remove them', async () => {
    const facilitator = await signedIn(t.app, people.facilitator.email);
    expect((await facilitator.get(`${storyUrl(story)}/recordings`)).statusCode).toBe(403);
    expect((await send(facilitator, `${storyUrl(story)}/photos`, { bytes: phoneJpeg() })).statusCode).toBe(403);
    const page = await facilitator.get(storyUrl(story));
    expect(page.body).not.toContain('/remove"');
    expect(page.body).not.toContain(`${storyUrl(story)}/photos"`);
  });
});

describe('removing a file, and the teller changing their mind', () => {
  it('removes a photo after asking', async () => {
    const page = await interviewer.get(storyUrl(story));
    const remove = /href="([^"]+\/files\/(\d+)\/remove)">Remove this photo/.exec(page.body);
    expect(remove).not.toBeNull();
    const confirm = await interviewer.get(remove![1]!);
    expect(confirm.statusCode).toBe(200);
    const res = await interviewer.post(remove![1]!);
    expect(res.statusCode).toBe(303);
    expect((await interviewer.get(`${storyUrl(story)}/files/${remove![2]}`)).statusCode).toBe(404);
  });

  it('deletes the recording when the teller no longer agrees to keep it', async () => {
    const kept = await makeStory(t.db, inquiry, { interviewer: people.interviewer, consent: { recording: true } });
    await interviewer.get(`${storyUrl(kept)}/recordings`);
    expect((await send(interviewer, `${storyUrl(kept)}/recordings`, { bytes: wav(2, 9) })).statusCode).toBe(303);
    const [src] = await fileSrc(interviewer, kept, 'source');
    const edit = await interviewer.get(`${storyUrl(kept)}/edit`);
    // Posting the form again with only the text uses ticked (as a person would by unticking the recording).
    const fields: Record<string, string | string[]> = {};
    for (const m of edit.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
      const tag = m[0];
      const name = m[1]!;
      if (name === '_csrf' || name === 'file') continue;
      const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
      if (/type="(checkbox|radio)"/.test(tag) && !/\schecked/.test(tag)) continue;
      if (name === 'consent' && (value === 'recording' || value === 'hearing')) continue;
      fields[name] = name in fields ? [fields[name]!].flat().concat(value) : value;
    }
    for (const m of edit.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
      fields[m[1]!] = m[2]!
        .replace(/^\n/, '')
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, '&');
    fields.intent = 'record';
    const saved = await interviewer.post(storyUrl(kept), fields);
    expect(saved.statusCode).toBe(303);
    expect((await interviewer.get(src!)).statusCode).toBe(404);
    expect(await t.db.selectFrom('attachments').where('story_id', '=', kept.id).select('id').execute()).toEqual([]);
  });
});
