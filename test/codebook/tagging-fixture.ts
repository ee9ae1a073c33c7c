/** The alliance, people, inquiry and stories the codebook and tagging tests share, and the guards every route must pass. */
import { expect } from 'vitest';
import { createTag } from '../../server/codebook/tags-store.ts';
import type { Db } from '../../server/db/database.ts';
import type { Alliance, Domain, Inquiry, Role, Story, Tag, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { heading } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

export const WORDS =
  'The food bank and the housing team met every Tuesday. Every Tuesday I knew where to go, and the damp flat got fixed.';

export interface TagWorld {
  t: TestApp;
  alliance: Alliance;
  people: Record<Role, User>;
  /** Everyone signed in, each holding a CSRF token. */
  as: Record<Role, Agent>;
  other: { alliance: Alliance; coordinator: User; as: Agent; inquiry: Inquiry; story: Story };
  inquiry: Inquiry;
  domains: Domain[];
  /** Recorded by the interviewer, in the first domain; its story answer (position 0) is WORDS. */
  story: Story;
  /** /alliances/<id> */
  a: string;
  /** /alliances/<id>/inquiries/<id>/codebook */
  codebook: string;
  /** /alliances/<id>/stories/<story id> */
  storyPath: string;
}

export async function tagWorld(): Promise<TagWorld> {
  const t = await testApp();
  const { alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance');
  const theirs = await makeAlliance(t.db, 'Other Alliance');
  const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  const domains = await t.db
    .selectFrom('domains')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('position')
    .execute();
  const story = await makeStory(t.db, inquiry, {
    title: 'Where to go',
    words: WORDS,
    why: 'Because someone listened.',
    interviewer: people.interviewer,
  });
  const otherInquiry = await makeInquiry(t.db, theirs.alliance, theirs.coordinator, 'msc', 'Their inquiry');
  const otherStory = await makeStory(t.db, otherInquiry, { words: 'Their own story.' });
  const as = {} as Record<Role, Agent>;
  for (const role of ['coordinator', 'interviewer', 'facilitator', 'reader'] as const) {
    as[role] = await signedIn(t.app, people[role].email);
    await as[role].get(`/alliances/${alliance.id}`);
  }
  const otherAgent = await signedIn(t.app, theirs.coordinator.email);
  await otherAgent.get(`/alliances/${theirs.alliance.id}`);
  const a = `/alliances/${alliance.id}`;
  return {
    t,
    alliance,
    people,
    as,
    other: {
      alliance: theirs.alliance,
      coordinator: theirs.coordinator,
      as: otherAgent,
      inquiry: otherInquiry,
      story: otherStory,
    },
    inquiry,
    domains,
    story,
    a,
    codebook: `${a}/inquiries/${inquiry.id}/codebook`,
    storyPath: `${a}/stories/${story.id}`,
  };
}

/** A tag made directly through the store, as the coordinator. */
export function makeTag(w: TagWorld, name: string, parent?: Tag, description = ''): Promise<Tag> {
  return createTag(w.t.db, w.people.coordinator, w.inquiry, { name, description, parentId: parent?.id ?? null });
}

/** Everything tagging can change, to prove a refused request wrote nothing. */
export async function tagState(db: Db) {
  return {
    tags: await db.selectFrom('tags').selectAll().orderBy('id').execute(),
    storyTags: await db.selectFrom('story_tags').selectAll().orderBy('id').execute(),
    audit: await db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
  };
}

/** The audit actions recorded after a state was taken. */
export async function auditSince(db: Db, before: { audit: { id: number }[] }): Promise<string[]> {
  const last = before.audit.at(-1)?.id ?? 0;
  return (await db.selectFrom('audit_events').select('action').where('id', '>', last).orderBy('id').execute()).map(
    (e) => e.action,
  );
}

/**
 * A route refused in the usual ways, writing nothing: signed out (to sign-in), each refused role (403), another
 * alliance's coordinator (404), also under their own alliance's address.
 */
export async function expectGuarded(
  w: TagWorld,
  method: 'get' | 'post',
  url: string,
  refused: Role[],
  fields: Record<string, string> = {},
) {
  const before = await tagState(w.t.db);
  const anonymous = method === 'get' ? await new Agent(w.t.app).get(url) : await new Agent(w.t.app).post(url, fields);
  expect(anonymous.statusCode).toBe(303);
  expect(anonymous.headers.location).toMatch(/^\/sign-in\?next=/);
  for (const role of refused) {
    const res = method === 'get' ? await w.as[role].get(url) : await w.as[role].post(url, fields);
    expect(res.statusCode, role).toBe(403);
    expect(heading(res.body), role).toBe('Not for your role');
  }
  const outsider = w.other.as;
  const theirs = url.replace(`/alliances/${w.alliance.id}/`, `/alliances/${w.other.alliance.id}/`);
  for (const address of [url, theirs]) {
    const res = method === 'get' ? await outsider.get(address) : await outsider.post(address, fields);
    expect(res.statusCode, address).toBe(404);
  }
  expect(await tagState(w.t.db)).toEqual(before);
}

/** The tags on a story, as rows. */
export function storyTagsOf(db: Db, storyId: number) {
  return db
    .selectFrom('story_tags')
    .innerJoin('tags', 'tags.id', 'story_tags.tag_id')
    .select([
      'story_tags.id',
      'tags.name',
      'story_tags.answer_position',
      'story_tags.start_offset',
      'story_tags.end_offset',
      'story_tags.quote',
    ])
    .where('story_id', '=', storyId)
    .orderBy('story_tags.id')
    .execute();
}
