/**
 * Who gathered each story in the CSV export, as in the JSON: the team's file names the interviewer and the partner
 * (by name), a funders' file names no one (its Interviewer column empty, no Partner column), and a team file
 * imported again into the same alliance keeps who gathered each story, the column guessed from its header.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../../server/accounts/members-store.ts';
import type { Inquiry, User } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, makePerson, testApp, type TestApp } from '../helpers/app.ts';
import { flash, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { mappingFor } from './csv-steps.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let marta: User;
let andres: User;
let inquiry: Inquiry;
let coordinator: Agent;
let team = '';

const base = (id: number) => `/alliances/${people.alliance.id}/inquiries/${id}`;

async function download(query: string) {
  const res = await coordinator.get(`${base(inquiry.id)}/export/download?${query}`);
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The file as a spreadsheet shows it: its header, and a cell by story title and column. */
function table(csv: string) {
  const [header, ...rows] = parse(csv, { bom: true }) as string[][];
  const cell = (title: string, column: string) => rows.find((r) => r[1] === title)![header!.indexOf(column)];
  return { header: header!, rows, cell };
}

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Barrio Alliance');
  marta = await makePerson(t.db, 'Marta Gil');
  andres = await makePerson(t.db, 'Andrés Peña');
  for (const person of [marta, andres])
    await addMember(t.db, people.coordinator, people.alliance.id, person.id, 'interviewer', null);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  await makeStory(t.db, inquiry, { title: 'La plaza', interviewer: marta, partner: andres });
  await makeStory(t.db, inquiry, { title: 'El huerto', interviewer: people.interviewer });
  coordinator = await signedIn(t.app, people.coordinator.email);
  team = await download('format=csv');
});
afterAll(() => t.close());

describe('the CSV export', () => {
  it("names each story's interviewer and partner for the team", () => {
    const { header, cell } = table(team);
    expect(header).toContain('Interviewer');
    expect(header).toContain('Partner');
    expect(cell('La plaza', 'Interviewer')).toBe('Marta Gil');
    expect(cell('La plaza', 'Partner')).toBe('Andrés Peña');
    expect(cell('El huerto', 'Interviewer')).toBe(people.interviewer.name);
    expect(cell('El huerto', 'Partner')).toBe('');
  });

  it('names no one for funders', async () => {
    const funders = await download('format=csv&audience=funders');
    const { header, rows } = table(funders);
    expect(rows).toHaveLength(2);
    // As the JSON has it: an interviewer left empty, no partner at all.
    expect(header).toContain('Interviewer');
    expect(header).not.toContain('Partner');
    expect(rows.map((r) => r[header.indexOf('Interviewer')])).toEqual(['', '']);
    for (const said of [
      'Marta',
      'Andrés',
      marta.email,
      andres.email,
      people.interviewer.name,
      people.interviewer.email,
    ])
      expect(funders).not.toContain(said);
  });
});

describe('the team’s CSV imported again', () => {
  it('keeps who gathered each story, the Interviewer and Partner columns guessed as such', async () => {
    const copy = await makeInquiry(t.db, people.alliance, people.coordinator, 'msc', 'The same stories again');
    const { page, action } = await mappingFor(coordinator, base(copy.id), team, 'export.csv');
    const guessed = Object.fromEntries(
      [...page.body.matchAll(/<select[^>]*name="(map-\d+)"[\s\S]*?<option value="([^"]*)"[^>]* selected/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    const { header } = table(team);
    expect(guessed[`map-${header.indexOf('Interviewer')}`]).toBe('interviewer');
    expect(guessed[`map-${header.indexOf('Partner')}`]).toBe('partner');
    const imported = await coordinator.post(action, { ...guessed, intent: 'import' });
    expect(imported.statusCode, visibleText(imported.body).slice(0, 1000)).toBe(303);
    expect(flash((await coordinator.get(imported.headers.location as string)).body)).toBe('The stories were imported.');
    const stories = await t.db
      .selectFrom('stories')
      .select(['id', 'title', 'interviewer_id', 'partner_id'])
      .where('inquiry_id', '=', copy.id)
      .orderBy('title')
      .execute();
    expect(stories.map((s) => [s.title, s.interviewer_id, s.partner_id])).toEqual([
      ['El huerto', people.interviewer.id, null],
      ['La plaza', marta.id, andres.id],
    ]);
    const plaza = stories.find((s) => s.title === 'La plaza')!;
    const shown = visibleText((await coordinator.get(`/alliances/${people.alliance.id}/stories/${plaza.id}`)).body);
    expect(shown).toContain('Marta Gil');
    expect(shown).toContain('Andrés Peña');
  });

  it('says which partner is not a member who may pair, by the Partner column, and keeps nothing', async () => {
    const copy = await makeInquiry(t.db, people.alliance, people.coordinator, 'msc', 'A partner unknown');
    const { header } = table(team);
    const renamed = team.replace('Andrés Peña', 'Nadie Conocido');
    const { page, action } = await mappingFor(coordinator, base(copy.id), renamed, 'export.csv');
    const guessed = Object.fromEntries(
      [...page.body.matchAll(/<select[^>]*name="(map-\d+)"[\s\S]*?<option value="([^"]*)"[^>]* selected/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    expect(guessed[`map-${header.indexOf('Partner')}`]).toBe('partner');
    const refused = await coordinator.post(action, { ...guessed, intent: 'import' });
    expect(refused.statusCode).toBe(422);
    expect(visibleText(refused.body)).toContain(
      '“Nadie Conocido” is not one of this alliance’s members who may pair in an interview',
    );
    const kept = await t.db.selectFrom('stories').select('id').where('inquiry_id', '=', copy.id).execute();
    expect(kept).toEqual([]);
  });
});
