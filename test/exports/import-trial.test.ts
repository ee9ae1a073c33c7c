/**
 * What a new user met importing a CSV file: columns named as the guide's questions and fields ("Story", "Why",
 * "Title", "Who", "Panels") are matched as suggested and the check passes; an empty file is called empty, next to
 * the file field; an impossible date and a choice not offered are told with the cell's own words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { choicesInWords } from '../../server/exports/import-words.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { translator } from '../../server/web/i18n.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { mappingFor, uploadCsv } from './csv-steps.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;
let base: string;

// The trial's file (good.csv): an MSC inquiry's questions and fields, by short names.
const HEADER = 'Name,Domain,Date,Story,Why,Title,Who,Age,Place,Panels,Packs,Quotes,Funders,Publish,Anonymous';
const row = (n: number, date = '2026-02-11', who = 'Family member') =>
  `Teller ${n},Any other change,${date},I went back to school ${n}.,"Because it mattered, truly.",Imported title ${n},${who},41–65,Northbank,yes,yes,yes,no,no,no`;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Trial Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
});
afterAll(async () => {
  await t.close();
});

/** The mapping the page suggests: each column's selected option. */
const suggested = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<select id="field-map-(\d+)" name="map-\d+">([\s\S]*?)<\/select>/g)].map((m) => [
      `map-${m[1]}`,
      /<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? 'ignore',
    ]),
  );
const problemsOn = (html: string) =>
  [...(/<ul class="import-problems">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map(
    (m) => visibleText(m[1]!),
  );

describe('columns named as the questions and fields', () => {
  it('are matched as suggested, so “Check every row” passes and the teller’s title is the story’s', async () => {
    const guide = await loadGuide(t.db, inquiry);
    const q = (kind: string) => `q${guide.questions.find((x) => x.kind === kind)!.id}`;
    const a = (label: string) => `a${guide.attributes.find((x) => x.label === label)!.id}`;
    const { page, action } = await mappingFor(coordinator, base, [HEADER, row(1), row(2)].join('\n'));
    const mapping = suggested(page.body);
    expect(Object.values(mapping)).toEqual([
      'storyteller',
      'domain',
      'toldOn',
      q('story'),
      q('why'),
      q('title'),
      a('Who are you?'),
      a('Age band'),
      a('Place'),
      'consent:panels',
      'consent:packs',
      'consent:quotes',
      'consent:funders',
      'consent:publish',
      'consent:anonymous',
    ]);
    expect(visibleText(page.body)).toContain(
      'In this inquiry a story’s title is the teller’s answer to “What title would you give your story?”',
    );
    const checked = await coordinator.post(action, { ...mapping, intent: 'check' });
    expect(problemsOn(checked.body)).toEqual([]);
    expect(visibleText(checked.body)).toContain('Every row is fine: 2 stories are ready to import.');
    expect(await htmlErrors(checked.body)).toEqual([]);
    const done = await coordinator.post(action, { ...mapping, intent: 'import' });
    expect(done.statusCode).toBe(303);
    const stories = await t.db
      .selectFrom('stories')
      .select(['id', 'title', 'consent_panels', 'consent_funders'])
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('id')
      .execute();
    expect(stories.map((s) => [s.title, s.consent_panels, s.consent_funders])).toEqual([
      ['Imported title 1', 1, 0],
      ['Imported title 2', 1, 0],
    ]);
    const answer = await t.db
      .selectFrom('story_answers')
      .select('value')
      .where('story_id', '=', stories[0]!.id)
      .where('kind', '=', 'title')
      .executeTakeFirstOrThrow();
    expect(answer.value).toBe('Imported title 1');
  });

  it('takes a column set to “Title” as the answer to the title question when no column is set to it', async () => {
    const { page, action } = await mappingFor(coordinator, base, [HEADER, row(3)].join('\n'));
    const mapping = { ...suggested(page.body), 'map-5': 'title' };
    const checked = await coordinator.post(action, { ...mapping, intent: 'check' });
    expect(visibleText(checked.body)).not.toContain('must be answered, but no column is set to it');
    expect(visibleText(checked.body)).toContain('Every row is fine: 1 story is ready to import.');
  });
});

describe('an empty file', () => {
  it('is called empty, next to the file field, not “Choose a file”', async () => {
    const res = await uploadCsv(coordinator, base, '', 'empty.csv');
    expect(res.statusCode).toBe(422);
    const field = /<p class="field-error" id="field-file-error">([\s\S]*?)<\/p>/.exec(res.body)?.[1] ?? '';
    expect(visibleText(field)).toBe('Error: This file is empty.');
    expect(visibleText(res.body)).not.toContain('Choose a file to upload.');
    expect(res.body).toMatch(/aria-invalid="true" aria-describedby="field-file-error field-file-hint"/);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('is called empty on the JSON import too', async () => {
    const url = `/alliances/${people.alliance.id}/import`;
    await coordinator.get(url);
    const res = await coordinator.postFile(url, { filename: 'x.json', content: '', type: 'application/json' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('This file is empty.');
  });
});

describe('a cell the row check refuses', () => {
  const check = async () => {
    const csv = [
      HEADER,
      row(4, '2026-02-30'),
      row(5, '2026-13-01'),
      row(6, '2026-03-01', 'Astronaut'),
      row(7).replace(',yes,yes,yes,', ',maybe,yes,yes,'), // bad.csv's row 9: Panels is still taken for consent
    ].join('\n');
    const { page, action } = await mappingFor(coordinator, base, csv);
    const res = await coordinator.post(action, { ...suggested(page.body), intent: 'check' });
    expect(res.statusCode).toBe(422);
    return problemsOn(res.body);
  };

  it('says a date written YYYY-MM-DD does not exist, and quotes a choice with the choices there are', async () => {
    expect(await check()).toEqual([
      'Row 1 (line 2): “Date”: 30 February 2026 does not exist: check the day and the month.',
      'Row 2 (line 3): “Date”: “2026-13-01” is not a real date: in YYYY-MM-DD the month goes from 01 to 12 and the day from 01 to 31.',
      'Row 3 (line 4): “Who”: “Astronaut” is not one of the choices: Citizen, Family member, Worker, Manager or Leader.',
      'Row 4 (line 5): “maybe” in “Panels” is not yes or no.',
    ]);
  });

  it('says so in the page’s language', async () => {
    await t.db.updateTable('users').set({ language: 'fr' }).where('id', '=', people.coordinator.id).execute();
    try {
      const [date, , choice] = await check();
      // French puts a narrow space before a colon: compared without spaces.
      const bare = (text: string | undefined) => (text ?? '').replace(/\s+/gu, '');
      expect(bare(date)).toContain(bare('le 30 février 2026 n’existe pas : vérifiez le jour et le mois.'));
      expect(bare(choice)).toContain(
        bare('« Astronaut » ne fait pas partie des choix : Citizen, Family member, Worker, Manager ou Leader.'),
      );
    } finally {
      await t.db.updateTable('users').set({ language: 'en' }).where('id', '=', people.coordinator.id).execute();
    }
  });

  it('names a long list of choices by its first few, and how many others, in every plural form', () => {
    const choices = Array.from({ length: 11 }, (_, i) => `C${i + 1}`);
    expect(choicesInWords(choices, 'en', translator('en'))).toBe('C1, C2, C3, C4, C5, C6 or 5 others');
    expect(choicesInWords(choices.slice(0, 8), 'en', translator('en'))).toBe('C1, C2, C3, C4, C5, C6, C7 or C8');
    const ar = (n: number) => choicesInWords(choices.slice(0, 6 + n), 'ar', translator('ar'));
    expect(ar(3)).toContain('\u20683\u2069 خيارات أخرى');
    expect(ar(5)).toContain('\u20685\u2069 خيارات أخرى');
    expect(
      choicesInWords(
        Array.from({ length: 17 }, (_, i) => `C${i}`),
        'ar',
        translator('ar'),
      ),
    ).toContain('\u206811\u2069 خيارًا آخر');
  });
});
