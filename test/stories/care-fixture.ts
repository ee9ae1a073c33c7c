/** The alliance, people and story the story-care tests share, and the checks every care page must pass. */
import { expect } from 'vitest';
import { addMember } from '../../server/accounts/members-store.ts';
import type { Alliance, Inquiry, Role, Story, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, makePerson, testApp, type TestApp } from '../helpers/app.ts';
import { heading } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

export const WORDS =
  'When the food bank and the housing team started meeting every Tuesday, my family finally had one place to go.';

export interface CareFixture {
  t: TestApp;
  alliance: Alliance;
  people: Record<Role, User>;
  /** A second interviewer, the pair's partner on `story`. */
  partner: User;
  other: { alliance: Alliance } & Record<Role, User>;
  inquiry: Inquiry;
  /** Recorded by people.interviewer with partner, told on 2026-02-01. */
  story: Story;
  coordinator: Agent;
  /** The alliance's address, /alliances/<id>. */
  a: string;
}

export async function careFixture(): Promise<CareFixture> {
  const t = await testApp();
  const { alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance');
  const partner = await makePerson(t.db, 'Pat Partner');
  await addMember(t.db, people.coordinator, alliance.id, partner.id, 'interviewer', null);
  const other = await makeAlliance(t.db, 'Other Alliance');
  const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  const story = await makeStory(t.db, inquiry, {
    title: 'One place to go',
    words: WORDS,
    interviewer: people.interviewer,
    partner,
    toldOn: '2026-02-01',
    storyteller: 'Teller T7',
    attributes: { 'Who are you?': 'Family member' },
  });
  const coordinator = await signedIn(t.app, people.coordinator.email);
  return { t, alliance, people, partner, other, inquiry, story, coordinator, a: `/alliances/${alliance.id}` };
}

export const load = (f: CareFixture, id = f.story.id) =>
  f.t.db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
export const auditActions = async (f: CareFixture) =>
  (
    await f.t.db.selectFrom('audit_events').select('action').where('subject_type', '=', 'story').orderBy('id').execute()
  ).map((e) => e.action);
/** Everything a care action could change. */
export const careState = async (f: CareFixture) => ({
  stories: await f.t.db.selectFrom('stories').selectAll().orderBy('id').execute(),
  audit: await f.t.db.selectFrom('audit_events').select('id').execute(),
});

/** Checks a page is refused in the usual ways: signed out, wrong roles (403), another alliance's member (404). */
export async function expectGuarded(
  f: CareFixture,
  path: (s: Story) => string,
  method: 'get' | 'post',
  refused: User[],
) {
  const url = path(f.story);
  const anonymous = await new Agent(f.t.app)[method](url);
  expect(anonymous.statusCode).toBe(303);
  expect(anonymous.headers.location).toMatch(/^\/sign-in\?next=/);
  for (const person of refused) {
    const agent = await signedIn(f.t.app, person.email);
    if (method === 'post') await agent.get(`${f.a}/inquiries/${f.inquiry.id}/stories`);
    const res = await agent[method](url);
    expect(res.statusCode, person.name).toBe(403);
    expect(heading(res.body), person.name).toBe('Not for your role');
  }
  const outsider = await signedIn(f.t.app, f.other.coordinator.email);
  await outsider.get('/');
  expect((await outsider[method](url)).statusCode).toBe(404);
  // Their own alliance's address, our story's id: still not found.
  expect(
    (await outsider[method](url.replace(`/alliances/${f.alliance.id}/`, `/alliances/${f.other.alliance.id}/`)))
      .statusCode,
  ).toBe(404);
}
