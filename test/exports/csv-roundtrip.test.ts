/**
 * A CSV export imported into a fresh Hearth, with the columns as the import page guesses them: the same stories come
 * back, in the same languages, anonymous ones still anonymous, with the recording consents, and cells a spreadsheet would run neutralised in the
 * file but the teller's words unchanged in Hearth.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database.ts';
import type { Inquiry } from '../../server/db/schema.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { signedIn } from '../helpers/agent.ts';
import { flash, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { mappingFor } from './csv-steps.ts';

let source: TestApp;
let target: TestApp;
let inquiry: Inquiry;
let csv = '';

/** Each story as a person would compare them: code, title, language, anonymity, teller, recording consent, words. */
async function storiesOf(db: Db, inquiryId: number) {
  const stories = await db
    .selectFrom('stories')
    .select(['id', 'code', 'title', 'language', 'anonymous', 'storyteller', 'consent_recording', 'consent_hearing'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('code')
    .execute();
  return Promise.all(
    stories.map(async ({ id, ...story }) => ({
      ...story,
      words: (
        await db
          .selectFrom('story_answers')
          .select('value')
          .where('story_id', '=', id)
          .where('kind', '=', 'story')
          .executeTakeFirstOrThrow()
      ).value,
    })),
  );
}

const speaking = (db: Db, id: number) =>
  db.updateTable('inquiries').set({ languages: 'en,es' }).where('id', '=', id).execute();

beforeAll(async () => {
  source = await testApp();
  target = await testApp();
  const people = await makeAlliance(source.db, 'Exporting Alliance');
  inquiry = await makeInquiry(source.db, people.alliance, people.coordinator);
  await speaking(source.db, inquiry.id);
  await makeStory(source.db, inquiry, {
    title: 'The kitchen table',
    storyteller: 'Teller Rosa',
    consent: { recording: true, hearing: true },
  });
  await makeStory(source.db, inquiry, {
    title: 'La vecina',
    words: 'Mi vecina me llevó a la clínica cada semana.',
    language: 'es',
    storyteller: 'Secret Sam',
    consent: { anonymous: true },
  });
  await makeStory(source.db, inquiry, { title: 'Smiles', words: '=) I smiled all day', consent: { recording: true } });
  await makeStory(source.db, inquiry, { title: 'Lists', words: '- a list item\n- another item' });
  await makeStory(source.db, inquiry, { title: 'Sums', words: '=SUM(A1:A3) is what she wrote on the board' });
  const coordinator = await signedIn(source.app, people.coordinator.email);
  const res = await coordinator.get(
    `/alliances/${people.alliance.id}/inquiries/${inquiry.id}/export/download?format=csv`,
  );
  expect(res.statusCode).toBe(200);
  csv = res.body;
}, 60_000);
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('a CSV export', () => {
  it("has each story's language, leaves anonymous tellers out, and neutralises what a spreadsheet would run", () => {
    const [header, ...rows] = parse(csv, { bom: true }) as string[][];
    const cell = (title: string, column: string) => rows.find((r) => r[1] === title)![header!.indexOf(column)];
    expect(header).toContain('Language');
    expect(cell('The kitchen table', 'Language')).toBe('en');
    expect(cell('La vecina', 'Language')).toBe('es');
    expect(cell('La vecina', 'Anonymous')).toBe('yes');
    expect(cell('La vecina', 'Storyteller')).toBe('');
    // The recording uses, as the JSON export has them.
    expect(cell('The kitchen table', 'Consent: recording')).toBe('yes');
    expect(cell('The kitchen table', 'Consent: hearing')).toBe('yes');
    expect(cell('Smiles', 'Consent: hearing')).toBe('no');
    expect(cell('La vecina', 'Consent: recording')).toBe('no');
    const words =
      'Looking back over the last six months, what do you think was the most significant change in the domain chosen?';
    expect(header).toContain(words);
    expect(header!.join()).not.toContain('[period]');
    // Spreadsheets run (or try to run) a cell starting =, +, - or @, a smiley too: each gets an apostrophe.
    expect(cell('Smiles', words)).toBe("'=) I smiled all day");
    expect(cell('Lists', words)).toBe("'- a list item\n- another item");
    expect(cell('Sums', words)).toBe("'=SUM(A1:A3) is what she wrote on the board");
  });

  it('imports into a fresh Hearth as the same stories, languages and anonymity', async () => {
    const people = await makeAlliance(target.db, 'Importing Alliance');
    const fresh = await makeInquiry(target.db, people.alliance, people.coordinator);
    await speaking(target.db, fresh.id);
    const coordinator = await signedIn(target.app, people.coordinator.email);
    const base = `/alliances/${people.alliance.id}/inquiries/${fresh.id}`;
    const { page, action } = await mappingFor(coordinator, base, csv, 'export.csv');
    // The columns as the page guesses them, untouched.
    const guessed = Object.fromEntries(
      [...page.body.matchAll(/<select[^>]*name="(map-\d+)"[\s\S]*?<option value="([^"]*)"[^>]* selected/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    const header = (parse(csv, { bom: true }) as string[][])[0]!;
    expect(guessed[`map-${header.indexOf('Language')}`]).toBe('language');
    expect(guessed[`map-${header.indexOf('Anonymous')}`]).toBe('consent:anonymous');
    expect(guessed[`map-${header.indexOf('Consent: recording')}`]).toBe('consent:recording');
    expect(guessed[`map-${header.indexOf('Consent: hearing')}`]).toBe('consent:hearing');
    // Who gathered the stories is no member of this Hearth: the check says so, and that column is left out.
    const interviewer = `map-${header.indexOf('Interviewer')}`;
    expect(guessed[interviewer]).toBe('interviewer');
    const strangers = await coordinator.post(action, { ...guessed, intent: 'check' });
    expect(visibleText(strangers.body)).toContain(
      '“Exporting Alliance coordinator” is not one of this alliance’s interviewers',
    );
    guessed[interviewer] = 'ignore';
    const checked = await coordinator.post(action, { ...guessed, intent: 'check' });
    expect(checked.statusCode, visibleText(checked.body).slice(0, 600)).toBe(200);
    expect(visibleText(checked.body)).toContain('Every row is fine: 5 stories are ready to import.');
    const imported = await coordinator.post(action, { ...guessed, intent: 'import' });
    expect(imported.statusCode).toBe(303);
    expect(flash((await coordinator.get(imported.headers.location as string)).body)).toBe('The stories were imported.');

    const before = await storiesOf(source.db, inquiry.id);
    const after = await storiesOf(target.db, fresh.id);
    // An anonymous teller's name never left the first Hearth: the story comes back anonymous, with no name.
    expect(after).toEqual(before.map((s) => (s.anonymous ? { ...s, storyteller: '' } : s)));
    expect(after.find((s) => s.title === 'La vecina')).toMatchObject({ language: 'es', anonymous: 1, storyteller: '' });
    expect(after.find((s) => s.title === 'Smiles')!.words).toBe('=) I smiled all day');
    expect(after.find((s) => s.title === 'The kitchen table')).toMatchObject({
      consent_recording: 1,
      consent_hearing: 1,
    });
    expect(after.find((s) => s.title === 'Smiles')).toMatchObject({ consent_recording: 1, consent_hearing: 0 });
  });
});
