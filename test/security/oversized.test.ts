/**
 * Oversized bodies and uploads: a form or file larger than Hearth accepts is refused with a page that says so, and
 * nothing is written — a CSV upload over its limit (2 MB here), a mapping form over its limit, a public story over 1 MB, a multipart
 * form with more files or fields than any of Hearth's forms has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry } from '../helpers/stories.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;
let base: string;

beforeAll(async () => {
  t = await testApp({ maxImportBytes: 2 * 1024 * 1024 });
  people = await makeAlliance(t.db, 'Oversized Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  await t.db
    .updateTable('inquiries')
    .set({ public_token: 'oversized-public-link-token', public_open: 1 })
    .where('id', '=', inquiry.id)
    .execute();
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
});
afterAll(() => t.close());

const MB = 1024 * 1024;
const HEADER = 'ID,Title,Domain,Date,Name,What changed,Why it matters\n';

/** Everything an import or a story could have written. */
async function written() {
  const count = async (table: 'stories' | 'story_answers' | 'audit_events' | 'csv_upload_chunks') =>
    Number((await t.db.selectFrom(table).select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    stories: await count('stories'),
    answers: await count('story_answers'),
    audit: await count('audit_events'),
    files: await count('csv_upload_chunks'),
  };
}

type Part = { name: string; filename?: string; content: string | Buffer };

async function multipart(url: string, parts: Part[]) {
  await coordinator.get(url);
  const boundary = `----hearth${Date.now()}`;
  const chunks: Buffer[] = [];
  for (const part of [{ name: '_csrf', content: coordinator.csrf } as Part, ...parts]) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.filename === undefined ? '' : 'Content-Type: text/csv\r\n'}\r\n`,
      ),
      Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(chunks),
    headers: { cookie: coordinator.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('oversized bodies and uploads', { timeout: 60_000 }, () => {
  it('refuses a CSV upload over its limit with 413 and a clear message beside the upload, keeping nothing', async () => {
    const before = await written();
    const res = await multipart(`${base}/import`, [
      {
        name: 'file',
        filename: 'big.csv',
        content: HEADER + `A-1,Title,,2026-01-01,Mo,${'x'.repeat(2 * MB)},Because\n`,
      },
    ]);
    expect(res.statusCode).toBe(413);
    expect(heading(res.body)).toBe('Import stories from a CSV file');
    expect(visibleText(res.body)).toContain('The file is larger than Hearth accepts (2 MB)');
    expect(res.body).not.toContain('x'.repeat(1000)); // the file is not sent back
    expect(await written()).toEqual(before);
  });

  it('refuses a multipart form with more files or fields than the upload form has, writing nothing', async () => {
    const before = await written();
    const files = await multipart(`${base}/import`, [
      { name: 'file', filename: 'a.csv', content: HEADER },
      { name: 'file2', filename: 'b.csv', content: HEADER },
    ]);
    const fields = await multipart(
      `${base}/import`,
      Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, content: 'x' })),
    );
    for (const res of [files, fields]) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toMatch(/node_modules|\.ts:\d+|FST_|\bat [\w.]+ \(/);
    }
    expect(await written()).toEqual(before);
  });

  it('refuses the mapping step over its limit with the 413 page', async () => {
    const sent = await multipart(`${base}/import`, [
      { name: 'file', filename: 'small.csv', content: HEADER + 'A-1,Title,,2026-01-01,Mo,Words,Because\n' },
    ]);
    expect(sent.statusCode).toBe(303);
    const before = await written();
    const action = sent.headers.location as string;
    await coordinator.get(action);
    const res = await coordinator.post(action, { 'map-0': 'A'.repeat(2 * MB), intent: 'import' });
    expect(res.statusCode).toBe(413);
    expect(heading(res.body)).toBe('Too much to send');
    expect(visibleText(res.body)).toContain('Nothing was saved');
    expect(await written()).toEqual(before);
  });

  it('refuses a public story over 1 MB with the 413 page, keeping nothing', async () => {
    const before = await written();
    const tell = '/tell/oversized-public-link-token';
    await coordinator.get(tell);
    const res = await coordinator.post(tell, { storyteller: 'Sam', q1: 'words '.repeat(200_000) });
    expect(res.statusCode).toBe(413);
    expect(heading(res.body)).toBe('Too much to send');
    expect(await written()).toEqual(before);
  });

  it('refuses a CSV file with NUL bytes (UTF-16 without its mark, or not text) as not UTF-8, writing nothing', async () => {
    const before = await written();
    for (const content of [
      Buffer.from(HEADER + 'A-1,Tit\u0000le,,2026-01-01,Mo,Words,Because\n'),
      Buffer.from(HEADER, 'utf16le'),
    ]) {
      const res = await multipart(`${base}/import`, [{ name: 'file', filename: 'nul.csv', content }]);
      expect(res.statusCode).toBe(422);
      expect(visibleText(res.body)).toContain('The file is not in UTF-8');
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a multipart body where no form takes one (415)', async () => {
    const upload = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: '--x\r\n\r\n--x--',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(upload.statusCode).toBe(415);
    expect(heading(upload.body)).toBe('Hearth could not read that');
  });
});
