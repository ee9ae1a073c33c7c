/**
 * Who gathered each story survives an export and an import (a trial found imported stories showing "Interviewer —"
 * though the interviewer was a member): the team's JSON names the interviewer and the partner, by name and email,
 * and the funders' names no one; an import finds them among the alliance's members who record interviews, leaves
 * them empty where none is, and says how many it found when not all. The imported copy's title says when it came
 * in, where the alliance already has an inquiry of that title, in the importer's language.
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../../server/accounts/members-store.ts';
import { setUserLanguage } from '../../server/accounts/users-store.ts';
import { storeUpload } from '../../server/attachments/upload.ts';
import type { Inquiry, User } from '../../server/db/schema.ts';
import type { HearthExport } from '../../server/exports/format.ts';
import { wav } from '../attachments/fixtures.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, makePerson, testApp, type TestApp } from '../helpers/app.ts';
import { flash, heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

const TITLE = 'Lo mejor de nuestro barrio';
let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let marta: User;
let andres: User;
let inquiry: Inquiry;
let coordinator: Agent;
let zip: Buffer;
let team: HearthExport;

const today = (locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date());

async function download(agent: Agent, allianceId: number, query: string) {
  const res = await agent.get(`/alliances/${allianceId}/inquiries/${inquiry.id}/export/download?${query}`);
  expect(res.statusCode).toBe(200);
  return res;
}

/** The imported inquiry's stories, by code, with who gathered them. */
const gatheredBy = (inquiryId: number) =>
  t.db
    .selectFrom('stories')
    .select(['code', 'title', 'interviewer_id', 'partner_id'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('title')
    .execute();

async function sendZip(agent: Agent, allianceId: number) {
  await agent.get(`/alliances/${allianceId}/import`);
  return agent.postFile(`/alliances/${allianceId}/import/zip`, {
    filename: 'export.zip',
    content: zip,
    type: 'application/zip',
  });
}

const importedId = (html: string) => Number(/href="\/alliances\/\d+\/inquiries\/(\d+)">/.exec(html)![1]);

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Barrio Alliance');
  marta = await makePerson(t.db, 'Marta Gil');
  andres = await makePerson(t.db, 'Andrés Peña');
  for (const person of [marta, andres])
    await addMember(t.db, people.coordinator, people.alliance.id, person.id, 'interviewer', null);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator, 'ai', TITLE);
  const story = await makeStory(t.db, inquiry, {
    title: 'La plaza',
    interviewer: marta,
    partner: andres,
    consent: { recording: true, hearing: true },
  });
  await makeStory(t.db, inquiry, { title: 'El huerto', interviewer: people.interviewer });
  const stored = await storeUpload(
    t.db,
    (async function* () {
      yield wav(2, 3);
    })(),
    { allianceId: story.alliance_id, storyId: story.id, kind: 'recording', actor: marta },
    { maxBytes: 10_000_000, maxRecordingSeconds: 3600 },
  );
  expect(stored.ok).toBe(true);
  coordinator = await signedIn(t.app, people.coordinator.email);
  zip = (await download(coordinator, people.alliance.id, 'format=json&files=yes')).rawPayload;
  team = JSON.parse(strFromU8(unzipSync(zip)['export.json']!)) as HearthExport;
});
afterAll(() => t.close());

describe('the JSON export', () => {
  it('names the interviewer and the partner, by name and email, for the team', () => {
    expect(team.stories.find((s) => s.title === 'La plaza')).toMatchObject({
      interviewer: 'Marta Gil',
      interviewer_email: marta.email,
      partner: 'Andrés Peña',
      partner_email: andres.email,
    });
    expect(team.stories.find((s) => s.title === 'El huerto')).toMatchObject({ partner: null, partner_email: null });
  });

  it('names no one for funders', async () => {
    const text = (await download(coordinator, people.alliance.id, 'format=json&audience=funders')).body;
    for (const said of ['Marta', 'Andrés', marta.email, andres.email, people.interviewer.email])
      expect(text).not.toContain(said);
    const doc = JSON.parse(text) as HearthExport;
    expect(doc.stories[0]).not.toHaveProperty('partner');
    expect(doc.stories[0]!.interviewer).toBeNull();
  });
});

describe('importing it', () => {
  it('into the same alliance, with its files: each story keeps its interviewer and partner', async () => {
    const res = await sendZip(coordinator, people.alliance.id);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('The inquiry was imported');
    // Everyone named is a member here: nothing to say about them.
    expect(visibleText(res.body)).not.toContain('found among this alliance’s members');
    const id = importedId(res.body);
    const rows = await gatheredBy(id);
    expect(rows.map((r) => [r.title, r.interviewer_id, r.partner_id])).toEqual([
      ['El huerto', people.interviewer.id, null],
      ['La plaza', marta.id, andres.id],
    ]);
    const plaza = await t.db
      .selectFrom('stories')
      .select('id')
      .where('inquiry_id', '=', id)
      .where('title', '=', 'La plaza')
      .executeTakeFirstOrThrow();
    const page = visibleText((await coordinator.get(`/alliances/${people.alliance.id}/stories/${plaza.id}`)).body);
    expect(page).toContain('Marta Gil');
    expect(page).toContain('Andrés Peña');
  });

  it('gives the copy a title that tells it from the original, with the day it came in', async () => {
    const list = visibleText((await coordinator.get(`/alliances/${people.alliance.id}/inquiries`)).body);
    expect(list).toContain(`${TITLE} (imported ${today('en-GB')})`);
    // Imported again by a coordinator who reads Spanish: said in Spanish.
    await setUserLanguage(t.db, people.coordinator.id, 'es');
    const spanish = await signedIn(t.app, people.coordinator.email);
    const res = await sendZip(spanish, people.alliance.id);
    expect(res.statusCode).toBe(200);
    expect(visibleText(res.body)).toContain(`«${TITLE} (importada el ${today('es')})»`);
    await setUserLanguage(t.db, people.coordinator.id, 'en');
  });

  it('into another alliance: finds who is a member there, leaves the others empty, and says how many it found', async () => {
    const other = await makeAlliance(t.db, 'Other Alliance');
    await addMember(t.db, other.coordinator, other.alliance.id, marta.id, 'interviewer', null);
    const there = await signedIn(t.app, other.coordinator.email);
    const res = await sendZip(there, other.alliance.id);
    expect(res.statusCode).toBe(200);
    expect(visibleText(res.body)).toContain('Interviewers and partners found among this alliance’s members: 1 of 3.');
    // A new title there: no inquiry of that title in that alliance.
    expect(visibleText(res.body)).toContain(`“${TITLE}” was imported`);
    const rows = await gatheredBy(importedId(res.body));
    expect(rows.map((r) => [r.title, r.interviewer_id, r.partner_id])).toEqual([
      ['El huerto', null, null],
      ['La plaza', marta.id, null],
    ]);

    // The JSON alone, from a Hearth that did not yet send emails: matched by name, and the flash says some were not.
    const older = structuredClone(team);
    for (const s of older.stories) {
      delete s.interviewer_email;
      delete s.partner_email;
      delete s.files;
    }
    await there.get(`/alliances/${other.alliance.id}/import`);
    const sent = await there.postFile(`/alliances/${other.alliance.id}/import`, {
      filename: 'export.json',
      content: JSON.stringify(older),
      type: 'application/json',
    });
    expect(sent.statusCode).toBe(303);
    const page = (await there.get(sent.headers.location as string)).body;
    expect(flash(page)).toContain(
      'Some interviewers or partners named in the file were not found among this alliance’s members',
    );
    const id = Number(/inquiries\/(\d+)/.exec(sent.headers.location as string)![1]);
    expect((await gatheredBy(id)).map((r) => r.interviewer_id)).toEqual([null, marta.id]);
  });
});
