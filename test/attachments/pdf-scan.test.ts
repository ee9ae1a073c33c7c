/**
 * A scan of the paper form as a PDF: accepted where photos are, known by its bytes (%PDF), kept without who made
 * it, with what or when (document information and XMP), shown on the story page as a link to open it, refused
 * with a message by the field when it is not a PDF or cannot be read, and gone once the story is withdrawn.
 */
import type { LightMyRequestResponse } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { recordPage, signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { fieldError, flash, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { multipartBody, PDF_AUTHOR, PDF_PRODUCER, PDF_XMP_WORDS, scanPdf } from './fixtures.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let story: Story;
let interviewer: Agent;
let scan: Buffer;

const storyUrl = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}`;

async function sendScan(bytes: Buffer, filename = 'scan.pdf'): Promise<LightMyRequestResponse> {
  const url = `${storyUrl(story)}/photos`;
  await interviewer.get(url);
  const { payload, contentType } = multipartBody([['_csrf', interviewer.csrf]], {
    name: 'file',
    filename,
    type: 'application/pdf',
    bytes,
  });
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: interviewer.cookie, 'content-type': contentType },
  });
  recordPage('POST', url, res);
  for (const c of res.cookies) interviewer.setCookie(c.name, c.value); // the session, with its flash
  return res;
}

const fileCount = async () => (await t.db.selectFrom('attachments').select('id').execute()).length;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  const inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  story = await makeStory(t.db, inquiry, { title: 'Told on paper', interviewer: people.interviewer });
  interviewer = await signedIn(t.app, people.interviewer.email);
  scan = await scanPdf();
});
afterAll(() => t.close());

describe('a PDF scan of the paper form', () => {
  it('is offered where photos are', async () => {
    const page = await interviewer.get(`${storyUrl(story)}/photos`);
    expect(page.body).toMatch(/accept="image\/jpeg,image\/png,application\/pdf"/);
    expect(visibleText(page.body)).toContain('or a PDF of up to 50 MB');
  });

  it('is kept without its author, producer, dates or XMP, and opens from the story page', async () => {
    const before = await PDFDocument.load(scan, { updateMetadata: false });
    expect(before.getAuthor()).toBe(PDF_AUTHOR);
    expect(before.getProducer()).toBe(PDF_PRODUCER);

    const res = await sendScan(scan);
    expect(res.statusCode).toBe(303);
    const page = await interviewer.get(storyUrl(story));
    expect(flash(page.body)).toBe('The photo or scan was added, without its location, camera and author details.');
    const link = /<a href="([^"]+)" class="story-scan" type="application\/pdf">([^<]+)<\/a>/.exec(page.body);
    expect(link?.[2]).toBe('Scan of the paper (PDF), 1 of 1');

    const file = await interviewer.get(link![1]!);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^inline; filename=".*\.pdf"$/);
    const kept = await PDFDocument.load(file.rawPayload, { updateMetadata: false });
    expect(kept.getPageCount()).toBe(1);
    expect(kept.getAuthor()).toBeUndefined();
    expect(kept.getProducer()).toBeUndefined();
    expect(kept.getCreator()).toBeUndefined();
    expect(kept.getTitle()).toBeUndefined();
    expect(kept.getCreationDate()).toBeUndefined();
    const raw = file.rawPayload.toString('latin1');
    expect(raw).not.toContain(PDF_XMP_WORDS);
    expect(raw).not.toContain('/Metadata');
    expect(scan.toString('latin1')).toContain('/JavaScript');
    expect(raw).not.toContain('/JavaScript');
  });

  it('refuses a file called .pdf that is not one (422, a message by the field, nothing kept)', async () => {
    const before = await fileCount();
    const res = await sendScan(Buffer.from('Dear diary, this is plain text and not a scan at all.\n'));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'file')).toBe(
      'This file is not a JPEG or PNG image or a PDF, whatever its name says. Choose a photo or a scan.',
    );
    expect(await fileCount()).toBe(before);
  });

  it('refuses a PDF that cannot be read (422, a message by the field, nothing kept)', async () => {
    const before = await fileCount();
    const res = await sendScan(Buffer.from('%PDF-1.7\nthis stops before any page\n'));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'file')).toBe(
      'This PDF is damaged, incomplete or locked with a password, so nothing was kept. Choose the scan again.',
    );
    expect(await fileCount()).toBe(before);
  });

  it('is gone, its address answering 404, once the story is withdrawn', async () => {
    const page = await interviewer.get(storyUrl(story));
    const href = /<a href="([^"]+)" class="story-scan"/.exec(page.body)![1]!;
    await withdrawStory(t.db, people.coordinator, people.coordinator.name, story);
    expect((await interviewer.get(href)).statusCode).toBe(404);
    expect(await fileCount()).toBe(0);
  });
});
