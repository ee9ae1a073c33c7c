/**
 * What a coordinator reads on the CSV import's pages: each row's problems once, naming the column (or what the
 * page calls the field) and never an internal name or a raw [period]; counts of rows and stories in the right plural,
 * in English and in Arabic's six forms; smileys and list items accepted while formulas are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { looksLikeFormula } from '../../server/exports/import-cells.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { mappingFor, sendCsv } from './csv-steps.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;
let base: string;
let q: (kind: string) => string;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Problems Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
  const guide = await loadGuide(t.db, inquiry);
  q = (kind: string) => `q${guide.questions.find((x) => x.kind === kind)!.id}`;
});
afterAll(async () => {
  await t.close();
});

/** The problems listed on a page, each as read: "Row 1 (line 2): …". */
const problemsOn = (html: string) =>
  [...(/<ul class="import-problems">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map(
    (m) => visibleText(m[1]!),
  );
const mapped = (...targets: string[]) => Object.fromEntries(targets.map((v, i) => [`map-${i}`, v]));

describe('the problems of a row', () => {
  it('tells a bad date once, by its column, even though it is also the date consent was given', async () => {
    const csv = 'Date,Name,What changed,Why,Title,Domain\n31/02/2026,Mo,Words,Because,A title,Any other change\n';
    const res = await sendCsv(
      coordinator,
      base,
      csv,
      mapped('toldOn', 'storyteller', q('story'), q('why'), q('title'), 'domain'),
      'check',
    );
    expect(res.statusCode).toBe(422);
    expect(problemsOn(res.body)).toEqual([
      'Row 1 (line 2): “Date”: this is not a date Hearth can read. Write dates as YYYY-MM-DD, for example 2026-03-31.',
    ]);
    expect(visibleText(res.body)).toContain('Nothing was imported: 1 problem to fix');
    expect(visibleText(res.body)).not.toContain('consentOn');
  });

  it('names a missing consent date by what the page calls it, not by an internal name', async () => {
    const csv = 'Name,What changed,Why,Title,Domain\nMo,Words,Because,A title,Any other change\n';
    const res = await sendCsv(
      coordinator,
      base,
      csv,
      mapped('storyteller', q('story'), q('why'), q('title'), 'domain'),
      'check',
    );
    expect(problemsOn(res.body)).toEqual([
      'Row 1 (line 2): “Consent given on (date)” (no column is set to it): there is no date consent was given: set a column to “Consent given on”, or give the date the story was told.',
    ]);
    expect(visibleText(res.body)).not.toContain('consentOn');
  });

  it('tells an unknown domain once, and a formula once however else its cell is wrong', async () => {
    const csv = [
      'Date,Name,What changed,Why,Title,Domain',
      '2026-02-01,Mo,Words,Because,A title,Changes on the moon',
      '=TODAY(),Jo,Words,Because,A title,Any other change',
    ].join('\n');
    const res = await sendCsv(
      coordinator,
      base,
      csv,
      mapped('toldOn', 'storyteller', q('story'), q('why'), q('title'), 'domain'),
      'check',
    );
    expect(problemsOn(res.body)).toEqual([
      "Row 1 (line 2): “Changes on the moon” is not one of this inquiry's domains of change.",
      'Row 2 (line 3): the cell in “Date” looks like a spreadsheet formula. Hearth does not import formulas: put the words themselves in the cell.',
    ]);
  });

  it('quotes questions as they are asked, with the period filled in, never a raw [period]', async () => {
    const { page, action } = await mappingFor(coordinator, base, 'Name,Domain\nMo,Any other change\n');
    expect(visibleText(page.body)).toContain(
      'Looking back over the last six months, what do you think was the most significant change in the domain chosen?',
    );
    expect(visibleText(page.body)).not.toContain('[period]');
    const res = await coordinator.post(action, { ...mapped('storyteller', 'domain'), intent: 'check' });
    const text = visibleText(res.body);
    expect(text).toContain(
      'The question “Looking back over the last six months, what do you think was the most significant change in the domain chosen?” must be answered, but no column is set to it.',
    );
    expect(text).not.toMatch(/\[(period|domain|topic)\]/);
  });

  it('asks for a pseudonym, or to mark the story anonymous, when the storyteller cell is empty', async () => {
    const csv =
      'Date,Name,What changed,Why,Title,Domain,Anonymous\n2026-02-01,,Words,Because,A title,Any other change,no\n';
    const res = await sendCsv(
      coordinator,
      base,
      csv,
      mapped('toldOn', 'storyteller', q('story'), q('why'), q('title'), 'domain', 'consent:anonymous'),
      'check',
    );
    expect(problemsOn(res.body)).toEqual([
      'Row 1 (line 2): “Name”: the cell is empty: give the storyteller a pseudonym or code (it need not be their name), or mark the story anonymous in a column set to “Anonymous (yes/no)”.',
    ]);
    const anonymous = await sendCsv(
      coordinator,
      base,
      csv.replace(/,no\n$/, ',yes\n'),
      mapped('toldOn', 'storyteller', q('story'), q('why'), q('title'), 'domain', 'consent:anonymous'),
      'check',
    );
    expect(visibleText(anonymous.body)).toContain('Every row is fine: 1 story is ready to import.');
  });

  it('says which languages the inquiry has when a story is told in another', async () => {
    const csv =
      'Date,Name,What changed,Why,Title,Domain,Language\n2026-02-01,Mo,Palabras,Porque,Un título,Any other change,es\n';
    const res = await sendCsv(
      coordinator,
      base,
      csv,
      mapped('toldOn', 'storyteller', q('story'), q('why'), q('title'), 'domain', 'language'),
      'check',
    );
    expect(problemsOn(res.body)).toEqual([
      "Row 1 (line 2): “es” is not one of this inquiry's languages (en): write one of them, as a code or by name, or add it in the inquiry's settings.",
    ]);
  });
  it('takes a language by its code in any case, or by its name in English, Spanish, French or Arabic', async () => {
    const bilingual = await makeInquiry(t.db, people.alliance, people.coordinator);
    await t.db.updateTable('inquiries').set({ languages: 'en,es' }).where('id', '=', bilingual.id).execute();
    const guide = await loadGuide(t.db, bilingual);
    const its = (kind: string) => `q${guide.questions.find((x) => x.kind === kind)!.id}`;
    const names = ['ES', 'Spanish', 'Español', 'espagnol', 'الإسبانية', 'English'];
    const csv = [
      'Date,Name,What changed,Why,Title,Domain,Language',
      ...names.map((n, i) => `2026-02-01,Teller ${i},Words ${i},Because,Title ${i},Any other change,${n}`),
    ].join('\n');
    const res = await sendCsv(
      coordinator,
      `/alliances/${people.alliance.id}/inquiries/${bilingual.id}`,
      csv,
      mapped('toldOn', 'storyteller', its('story'), its('why'), its('title'), 'domain', 'language'),
      'import',
    );
    expect(res.statusCode, problemsOn(res.body).join('\n')).toBe(303);
    const stories = await t.db
      .selectFrom('stories')
      .select('language')
      .where('inquiry_id', '=', bilingual.id)
      .orderBy('id')
      .execute();
    expect(stories.map((s) => s.language)).toEqual(['es', 'es', 'es', 'es', 'es', 'en']);
  });
});

describe('counting rows and stories', () => {
  const HEADER = 'Date,Name,What changed,Why,Title,Domain';
  const rows = (n: number) =>
    [
      HEADER,
      ...Array.from({ length: n }, (_, i) => `2026-02-01,Teller ${i},Words ${i},Because,Title ${i},Any other change`),
    ].join('\n');
  const check = async (n: number) => {
    const { page, action } = await mappingFor(coordinator, base, rows(n));
    const checked = await coordinator.post(action, {
      ...mapped('toldOn', 'storyteller', q('story'), q('why'), q('title'), 'domain'),
      intent: 'check',
    });
    expect(checked.statusCode).toBe(200);
    return { mapping: visibleText(page.body), checked: visibleText(checked.body), html: checked.body };
  };

  it('says “1 row”, “1 story” and “Import 1 story” for one, and plurals for more', async () => {
    const one = await check(1);
    expect(one.mapping).toContain('stories.csv: 1 row. Say what each column holds');
    expect(one.checked).toContain('Every row is fine: 1 story is ready to import.');
    expect(one.checked).toContain('Import 1 story');
    expect(one.checked).not.toMatch(/\b1 (rows|stories)\b/);
    const two = await check(2);
    expect(two.mapping).toContain('stories.csv: 2 rows.');
    expect(two.checked).toContain('Every row is fine: 2 stories are ready to import.');
    expect(two.checked).toContain('Import 2 stories');
    expect(await htmlErrors(two.html)).toEqual([]);
  });

  it('uses Arabic’s own forms for one, two and a few', async () => {
    await t.db.updateTable('users').set({ language: 'ar' }).where('id', '=', people.coordinator.id).execute();
    try {
      const one = await check(1);
      expect(one.mapping).toContain('\u2068stories.csv\u2069: صف واحد.');
      expect(one.checked).toContain('كل الصفوف سليمة: قصة واحدة جاهزة للاستيراد.');
      const two = await check(2);
      expect(two.mapping).toContain('صفّان');
      expect(two.checked).toContain('قصتان جاهزتان للاستيراد');
      expect(two.checked).toContain('استيراد القصتين');
      const three = await check(3);
      expect(three.mapping).toContain('\u20683\u2069 صفوف');
      expect(three.checked).toContain('\u20683\u2069 قصص جاهزة للاستيراد');
    } finally {
      await t.db.updateTable('users').set({ language: 'en' }).where('id', '=', people.coordinator.id).execute();
    }
  });
});

describe('spreadsheet formulas', () => {
  it('takes a cell for a formula only when a spreadsheet would run it', () => {
    const formulas = [
      '=SUM(A1:A3)',
      '=HYPERLINK("http://evil.example","click")',
      '=hyperlink ("http://x")',
      '=A1',
      '=$B$2*2',
      "=cmd|' /C calc'!A0",
      '=Sheet1!A1',
      '=1+1',
      '=(A1)',
      '="text"',
      '+SUM(1)',
      '-HYPERLINK("http://x")',
      '@SUM(A1)',
    ];
    const words = [
      '=)',
      '=) I smiled',
      '=D',
      '=( sad',
      '= that is all',
      '- a list item',
      '+1 for the bus',
      '@rosa said hi',
      '-',
    ];
    expect(formulas.filter((c) => !looksLikeFormula(c))).toEqual([]);
    expect(words.filter((c) => looksLikeFormula(c))).toEqual([]);
  });

  it('imports a smiley and a list item as they were written, and still refuses a formula', async () => {
    const map = mapped('toldOn', 'storyteller', q('story'), q('why'), q('title'), 'domain');
    const csv = [
      'Date,Name,What changed,Why,Title,Domain',
      '2026-02-01,Mo,=) I smiled all day,Because,Smiles,Any other change',
      '2026-02-01,Jo,"- a list item\n- another item",Because,Lists,Any other change',
    ].join('\n');
    const checked = await sendCsv(coordinator, base, csv, map, 'check');
    expect(checked.statusCode).toBe(200);
    expect(visibleText(checked.body)).toContain('Every row is fine: 2 stories are ready to import.');
    const imported = await sendCsv(coordinator, base, csv, map, 'import');
    expect(imported.statusCode).toBe(303);
    const words = await t.db
      .selectFrom('story_answers')
      .innerJoin('stories', 'stories.id', 'story_answers.story_id')
      .select('story_answers.value')
      .where('stories.inquiry_id', '=', inquiry.id)
      .where('story_answers.kind', '=', 'story')
      .orderBy('stories.id')
      .execute();
    expect(words.map((w) => w.value)).toEqual(['=) I smiled all day', '- a list item\n- another item']);
    const formula = await sendCsv(
      coordinator,
      base,
      'Date,Name,What changed,Why,Title,Domain\n2026-02-01,Al,=SUM(A1:A9),Because,Sums,Any other change\n',
      map,
      'check',
    );
    expect(problemsOn(formula.body)).toEqual([
      'Row 1 (line 2): the cell in “What changed” looks like a spreadsheet formula. Hearth does not import formulas: put the words themselves in the cell.',
    ]);
  });
});
