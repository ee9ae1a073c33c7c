import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { htmlErrors } from '../helpers/html.ts';
import { flash, heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { mappingFor, sendCsv, uploadCsv } from './csv-steps.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let other: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;
let base: string;
let map: Record<string, string>;

const HEADER = 'ID,Title,Domain,Date,Name,What changed,Why it matters,Who are you?,Funders may read';

beforeAll(async () => {
  // A small limit, so a file over it is quick to send.
  t = await testApp({ maxImportBytes: 1024 * 1024 });
  people = await makeAlliance(t.db, 'Import Alliance');
  other = await makeAlliance(t.db, 'Elsewhere');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  await makeStory(t.db, inquiry, { title: 'Already here' }); // MSC-0001
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
  const guide = await loadGuide(t.db, inquiry);
  const q = (kind: string) => `q${guide.questions.find((x) => x.kind === kind)!.id}`;
  const attribute = `a${guide.attributes.find((a) => a.label === 'Who are you?')!.id}`;
  const targets = [
    'code',
    'title',
    'domain',
    'toldOn',
    'storyteller',
    q('story'),
    q('why'),
    attribute,
    'consent:funders',
  ];
  map = Object.fromEntries(targets.map((v, i) => [`map-${i}`, v]));
  map[`map-1`] = q('title'); // the title question, which also becomes the story's title
});
afterAll(async () => {
  await t.close();
});

/** A JSON export sent to the alliance's import page. */
async function uploadJson(content: string) {
  const url = `/alliances/${people.alliance.id}/import`;
  await coordinator.get(url);
  return coordinator.postFile(url, { filename: 'x.json', content, type: 'application/json' });
}

const storyCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('stories')
        .select(t.db.fn.countAll().as('n'))
        .where('inquiry_id', '=', inquiry.id)
        .executeTakeFirstOrThrow()
    ).n,
  );

const check = (csv: string, intent: 'check' | 'import' = 'check') => sendCsv(coordinator, base, csv, map, intent);

describe('importing stories from CSV', () => {
  it('shows the upload page and the column mapping, valid HTML', async () => {
    const res = await coordinator.get(`${base}/import`);
    expect(heading(res.body)).toBe('Import stories from a CSV file');
    expect(await htmlErrors(res.body)).toEqual([]);
    const { page: mapping } = await mappingFor(
      coordinator,
      base,
      `${HEADER}\nX-1,A title,Any other change,2026-02-01,Mo,Words,Because,Worker,yes\n`,
    );
    expect(heading(mapping.body)).toBe('Which column is what');
    expect(visibleText(mapping.body)).toContain('stories.csv: 1 row.');
    expect(await htmlErrors(mapping.body)).toEqual([]);
  });

  it('lists every problem by row in a dry run, and imports nothing', async () => {
    const csv = [
      HEADER,
      'MSC-0001,Title one,Any other change,2026-02-01,Mo,Words one,Because,Worker,yes', // code already in Hearth
      'N-2,Title two,Changes on the moon,2026-02-01,Jo,Words two,Because,Worker,yes', // unknown domain
      'N-3,Title three,Any other change,31/02/2026,Al,Words three,Because,Worker,yes', // bad date
      'N-3,Title four,Any other change,2026-02-01,Bo,,Because,Worker,maybe', // duplicate id, missing required answer, not yes/no
      'N-5,"=HYPERLINK(""http://x"")",Any other change,2026-02-01,Cy,Words five,Because,Worker,no', // a formula
    ].join('\n');
    const before = await storyCount();
    const res = await check(csv);
    expect(res.statusCode).toBe(422);
    const text = visibleText(res.body);
    expect(text).toContain('Nothing was imported');
    expect(text).toContain('Row 1 (line 2): the story code MSC-0001 is already in this inquiry');
    expect(text).toContain("Row 2 (line 3): “Changes on the moon” is not one of this inquiry's domains of change.");
    expect(text).toMatch(/Row 3 \(line 4\): “Date”: this is not a date Hearth can read/);
    expect(text).toContain('Row 4 (line 5): the story code N-3 is also on row 3');
    expect(text).toMatch(/Row 4 \(line 5\): “What changed”: this must be answered/);
    expect(text).toContain('Row 4 (line 5): “maybe” in “Funders may read” is not yes or no.');
    expect(text).toContain('Row 5 (line 6): the cell in “Title” looks like a spreadsheet formula');
    expect(await storyCount()).toBe(before);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('imports every row, all at once, with codes kept, as paper stories', async () => {
    const csv = `\uFEFF${HEADER}\r\nK-1,Back at school,Any other change,2026-02-01,Mo,"I went back to school.\nIt was hard.",Because I can read now,Worker,yes\r\n,No code here,Any other change,2026-02-03T09:30:00Z,Jo,Words two,Because,,no\r\n`;
    const dry = await check(csv);
    expect(dry.statusCode).toBe(200);
    expect(visibleText(dry.body)).toContain(
      'Every row is fine: 2 stories are ready to import. Nothing has been saved yet.',
    );
    const { action } = await mappingFor(coordinator, base, csv);
    const res = await coordinator.post(action, { ...map, intent: 'import' });
    expect(res.statusCode).toBe(303);
    expect(flash((await coordinator.get(res.headers.location as string)).body)).toBe('The stories were imported.');
    // The file's bytes are not kept once imported; its page now leads to the stories, saying it was imported.
    const later = await coordinator.get(action);
    expect(later.statusCode).toBe(303);
    expect(flash((await coordinator.get(later.headers.location as string)).body)).toBe(
      'This file was imported already: its stories are here.',
    );
    const uploadId = Number(action.split('/').at(-1));
    expect(
      await t.db.selectFrom('csv_upload_chunks').select('seq').where('upload_id', '=', uploadId).execute(),
    ).toEqual([]);
    const rows = await t.db
      .selectFrom('stories')
      .selectAll()
      .where('inquiry_id', '=', inquiry.id)
      .where('route', '=', 'paper')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.code, r.title, r.told_on, r.consent_funders, r.status])).toEqual([
      ['K-1', 'Back at school', '2026-02-01', 1, 'recorded'],
      ['MSC-0002', 'No code here', '2026-02-03', 0, 'recorded'],
    ]);
    const answer = await t.db
      .selectFrom('story_answers')
      .select('value')
      .where('story_id', '=', rows[0]!.id)
      .where('kind', '=', 'story')
      .executeTakeFirstOrThrow();
    expect(answer.value).toBe('I went back to school.\nIt was hard.');
    // Searchable like any story.
    const found = await coordinator.get(`${base}/stories?q=school`);
    expect(visibleText(found.body)).toContain('Back at school');
  });

  it('explains a file that is not UTF-8, a malformed file, and one that is too big', async () => {
    const latin1 = Buffer.from(
      `${HEADER}\nL-1,Caf\xe9,Any other change,2026-02-01,Mo,Words,Because,Worker,yes\n`,
      'latin1',
    );
    const res = await uploadCsv(coordinator, base, latin1);
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('The file is not in UTF-8');
    const malformed = await uploadCsv(coordinator, base, `${HEADER}\nM-1,"Never closed,Any other change\n`);
    expect(malformed.statusCode).toBe(422);
    expect(visibleText(malformed.body)).toMatch(/quotation mark is not closed, near line \d/);
    const ragged = await uploadCsv(coordinator, base, `${HEADER}\nM-1,Too,many,cells,here,a,b,c,d,e,f\n`);
    expect(visibleText(ragged.body)).toContain('Line 2 has a different number of cells from the first line.');
    const big = await uploadCsv(coordinator, base, `${HEADER}\n${'x'.repeat(1024 * 1024)}\n`);
    expect(big.statusCode).toBe(413);
    expect(visibleText(big.body)).toContain('The file is larger than Hearth accepts (1 MB)');
    // Far over the limit (the request's length says so before the file is read): refused the same way.
    const far = await uploadCsv(coordinator, base, `${HEADER}\n${'x'.repeat(1200 * 1024)}\n`);
    expect(far.statusCode).toBe(413);
    expect(far.headers.connection).toBe('close');
    expect(visibleText(far.body)).toContain('The file is larger than Hearth accepts (1 MB)');
    // Nothing of the refused files is kept.
    expect(await t.db.selectFrom('csv_uploads').select('id').where('complete', '=', 0).execute()).toEqual([]);
  });

  it('is for coordinators of this alliance only', async () => {
    expect((await t.app.inject({ url: `${base}/import` })).statusCode).toBe(303);
    const facilitator = await signedIn(t.app, people.facilitator.email);
    expect((await facilitator.get(`${base}/import`)).statusCode).toBe(403);
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(`${base}/import`)).statusCode).toBe(404);
    expect((await outsider.get(`/alliances/${people.alliance.id}/import`)).statusCode).toBe(404);
    expect((await facilitator.get(`/alliances/${people.alliance.id}/import`)).statusCode).toBe(403);
  });

  it('shows an uploaded file to the person who sent it, and to nobody else', async () => {
    const { action } = await mappingFor(
      coordinator,
      base,
      `${HEADER}\nP-1,Private,Any other change,2026-02-01,Mo,W,B,Worker,no\n`,
    );
    const stranger = await signedIn(t.app, other.coordinator.email);
    expect((await stranger.get(action)).statusCode).toBe(404);
    const sameAllianceAnotherTab = await signedIn(t.app, people.coordinator.email);
    expect((await sameAllianceAnotherTab.get(action)).statusCode).toBe(200);
    const facilitator = await signedIn(t.app, people.facilitator.email);
    expect((await facilitator.get(action)).statusCode).toBe(403);
    // Another inquiry's address for the same file finds nothing.
    const elsewhere = await makeInquiry(t.db, people.alliance, people.coordinator);
    const moved = action.replace(`/inquiries/${inquiry.id}/`, `/inquiries/${elsewhere.id}/`);
    expect((await coordinator.get(moved)).statusCode).toBe(404);
  });
});

describe('importing a KoboToolbox export', () => {
  const KOBO = '_id,_uuid,Interviewer,Name,What changed,Why it matters,Domain,Story title,_submission_time';
  const row = (id: number, interviewer: string, words: string) =>
    `${id},5b0c7d1e-9a51-4c3e-b8a4-${String(id).padStart(12, '0')},${interviewer},Teller ${id},${words},Because,Any other change,Title ${id},2026-02-03T10:20:00.000+01:00`;
  /** The column each select on the mapping page starts at. */
  const guessed = (html: string) =>
    [...html.matchAll(/<select[^>]*name="(map-\d+)"[\s\S]*?<option value="([^"]*)"[^>]* selected/g)].map((m) => m[2]);

  it('never guesses a numbered id column as the story code, and guesses the interviewer column', async () => {
    const { page } = await mappingFor(coordinator, base, `${KOBO}\n${row(487231905, 'x', 'Words')}\n`);
    expect(page.statusCode).toBe(200);
    const columns = guessed(page.body);
    expect(columns.slice(0, 3)).toEqual(['ignore', 'ignore', 'interviewer']);
    expect(columns.at(-1)).toBe('toldOn');
    expect(page.body).toContain('Interviewer (a member, by name or email)');
  });

  it('keeps who gathered each story, by name or email, and says which names are not interviewers', async () => {
    const guide = await loadGuide(t.db, inquiry);
    const q = (kind: string) => `q${guide.questions.find((x) => x.kind === kind)!.id}`;
    const mapping = [
      'ignore',
      'ignore',
      'interviewer',
      'storyteller',
      q('story'),
      q('why'),
      'domain',
      q('title'),
      'toldOn',
    ];
    const send = (csv: string, intent: 'check' | 'import') =>
      sendCsv(coordinator, base, csv, Object.fromEntries(mapping.map((v, i) => [`map-${i}`, v])), intent);
    const before = await storyCount();
    const unknown = await send(`${KOBO}\n${row(1, 'Nobody Known', 'Words one')}\n`, 'check');
    expect(unknown.statusCode).toBe(422);
    expect(visibleText(unknown.body)).toContain(
      'Row 1 (line 2): “Nobody Known” is not one of this alliance’s interviewers',
    );
    const csv = [
      KOBO,
      row(2, people.interviewer.name.toUpperCase(), 'Words about the allotment'),
      row(3, people.interviewer.email, 'Words about the library'),
      row(4, '', 'Words with no interviewer'),
    ].join('\n');
    const imported = await send(csv, 'import');
    expect(imported.statusCode, visibleText(imported.body).slice(0, 2000)).toBe(303);
    expect(await storyCount()).toBe(before + 3);
    const stories = await t.db
      .selectFrom('stories')
      .select(['code', 'interviewer_id'])
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    expect(stories.map((s) => s.interviewer_id).reverse()).toEqual([
      people.interviewer.id,
      people.interviewer.id,
      null,
    ]);
    // Codes are Hearth's own, not KoboToolbox's row numbers.
    for (const s of stories) expect(s.code).toMatch(/^MSC-\d{4}$/);
  });
});

describe('importing a Hearth JSON export', () => {
  it('refuses what is not a Hearth export, saying why, and imports nothing', async () => {
    const page = await coordinator.get(`/alliances/${people.alliance.id}/import`);
    expect(await htmlErrors(page.body)).toEqual([]);
    const before = await t.db.selectFrom('inquiries').select('id').execute();
    const notJson = await uploadJson('{"format": ');
    expect(notJson.statusCode).toBe(422);
    expect(visibleText(notJson.body)).toContain('The file is not JSON Hearth can read');
    const other = await uploadJson('{"format":"something"}');
    expect(visibleText(other.body)).toContain('The file is not a Hearth export');
    const exported = JSON.parse((await coordinator.get(`${base}/export/download?format=json`)).body);
    exported.stories.push({ ...exported.stories[0] }); // the same code twice
    const twice = await uploadJson(JSON.stringify(exported));
    expect(visibleText(twice.body)).toContain(`The story code ${exported.stories[0].code} is in the file twice.`);
    const nul = JSON.parse((await coordinator.get(`${base}/export/download?format=json`)).body);
    nul.stories[0].title = 'Before\u0000after';
    const withNul = await uploadJson(JSON.stringify(nul));
    expect(withNul.statusCode).toBe(422);
    expect(visibleText(withNul.body)).toContain('The file holds a NUL character (\\u0000) in stories[0].title');
    expect(await t.db.selectFrom('inquiries').select('id').execute()).toEqual(before);
  });
});

describe('the import’s one transaction', () => {
  it('gives the stores inside it the database’s functions (countAll…), as outside it', async () => {
    const { joined } = await import('../../server/exports/import-store.ts');
    const counted = await t.db
      .transaction()
      .execute((trx) =>
        joined(trx)
          .selectFrom('stories')
          .select(joined(trx).fn.countAll().as('n'))
          .where('inquiry_id', '=', inquiry.id)
          .executeTakeFirstOrThrow(),
      );
    expect(Number(counted.n)).toBeGreaterThan(0);
  });
});
