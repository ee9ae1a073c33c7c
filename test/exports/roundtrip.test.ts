import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import { createTag } from '../../server/codebook/tags-store.ts';
import type { Db } from '../../server/db/database.ts';
import type { Inquiry, Story, User } from '../../server/db/schema.ts';
import { DEMO_PASSWORD, loadDemo } from '../../server/demo/load.ts';
import { HearthExportSchema } from '../../server/exports/format.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { editStory } from '../helpers/stories.ts';

let source: TestApp;
let target: TestApp;
let inquiry: Inquiry;

/** A round of the demo inquiry with a participant, a vote, a decision with reasons, and a learning item. */
async function addRound(db: Db, inquiry: Inquiry, stories: Story[], coordinator: User): Promise<void> {
  const now = '2026-03-01T10:00:00.000Z';
  const round = await db
    .insertInto('rounds')
    .values({
      alliance_id: inquiry.alliance_id,
      inquiry_id: inquiry.id,
      name: 'Open event, table 3',
      panel: 'Table 3',
      level: 1,
      method: 'dots',
      dots: 3,
      voting: 'live',
      stage: 'closed',
      shuffle: 1,
      join_code: 'RTRIP2',
      filters: '{}',
      feedback_sent_at: null,
      feedback_sent_by: null,
      created_by: coordinator.id,
      created_at: now,
      updated_at: now,
      closed_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const domain = stories[0]!.domain_id;
  if (domain) await db.insertInto('round_domains').values({ round_id: round.id, domain_id: domain }).execute();
  for (const [position, s] of stories.entries())
    await db
      .insertInto('round_stories')
      .values({ round_id: round.id, story_id: s.id, position, origin: 'filter' })
      .execute();
  const participant = await db
    .insertInto('round_participants')
    .values({ round_id: round.id, user_id: coordinator.id, display_name: 'Amira', order_seed: 7, joined_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ballot = await db
    .insertInto('ballots')
    .values({ round_id: round.id, participant_id: participant.id, source: 'live', entered_by: null, cast_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('ballot_marks')
    .values({ ballot_id: ballot.id, story_id: stories[0]!.id, points: 3, rank: null })
    .execute();
  const decision = await db
    .insertInto('decisions')
    .values({
      round_id: round.id,
      domain_id: domain,
      outcome: 'chosen',
      reasons: 'It shows a family finding its feet again, in their own words.',
      criteria: 'Depth of change',
      dissent: 'One of us preferred the bus story.',
      recorded_by: coordinator.id,
      decided_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('selections')
    .values({ decision_id: decision.id, round_id: round.id, story_id: stories[0]!.id, votes: 3 })
    .execute();
  await db
    .insertInto('annotations')
    .values({
      round_id: round.id,
      story_id: stories[0]!.id,
      participant_id: participant.id,
      answer_position: null,
      start_offset: null,
      end_offset: null,
      quote: '',
      comment: 'This one moved me.',
      created_at: now,
    })
    .execute();
  const item = await db
    .insertInto('learning_items')
    .values({
      inquiry_id: inquiry.id,
      kind: 'will_do',
      text: 'Hold the drop-in on Saturdays too.',
      owner: 'Open Door Housing',
      status: 'open',
      period: '2026',
      created_by: coordinator.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('learning_links')
    .values({ item_id: item.id, story_id: stories[0]!.id, round_id: round.id })
    .execute();
}

async function exportJson(agent: Agent, allianceId: number, inquiryId: number) {
  const res = await agent.get(`/alliances/${allianceId}/inquiries/${inquiryId}/export/download?format=json`);
  expect(res.statusCode).toBe(200);
  return res.body;
}

/**
 * What may legitimately differ between two Hearths: when it was exported, and who interviewed (accounts stay behind:
 * an empty Hearth has none of the members who gathered the stories).
 */
function normalised(text: string) {
  const doc = JSON.parse(text);
  delete doc.exported_at;
  for (const s of doc.stories)
    for (const key of ['interviewer', 'interviewer_email', 'partner', 'partner_email']) delete s[key];
  return doc;
}

async function upload(agent: Agent, url: string, content: string) {
  await agent.get(url);
  const boundary = `----hearth${Date.now()}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${agent.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.json"\r\nContent-Type: application/json\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return target.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: agent.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

beforeAll(async () => {
  source = await testApp();
  target = await testApp();
  const demo = await loadDemo(source.db);
  const inquiries = await source.db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', demo.alliance.id)
    .where('method', '=', 'msc')
    .orderBy('id')
    .execute();
  inquiry = inquiries[0]!;
  const stories = await source.db
    .selectFrom('stories')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .where('status', 'in', ['recorded', 'read_back', 'verified'])
    .where('consent_panels', '=', 1)
    .orderBy('id')
    .limit(3)
    .execute();
  await addRound(source.db, inquiry, stories, demo.coordinator);
  const tag = await createTag(source.db, demo.coordinator, inquiry, {
    name: 'Belonging',
    description: 'Feeling part of something',
    parentId: null,
  });
  const answer = await source.db
    .selectFrom('story_answers')
    .selectAll()
    .where('story_id', '=', stories[0]!.id)
    .orderBy('position')
    .executeTakeFirstOrThrow();
  await tagStory(
    source.db,
    demo.coordinator,
    inquiry,
    stories[0]!,
    { tag },
    { answerPosition: answer.position, start: 0, end: 10, quote: answer.value.slice(0, 10) },
  );
  await editStory(source.db, stories[1]!, demo.coordinator, {
    title: 'A title corrected by the teller',
    note: 'Read back',
  });
}, 60_000);
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('a Hearth JSON export, imported into an empty Hearth', () => {
  it('matches the published schema, for the team and for funders', async () => {
    const demoCoordinator = new Agent(source.app);
    expect((await demoCoordinator.signIn('coordinator@demo.hearth.example', DEMO_PASSWORD)).statusCode).toBe(303);
    for (const audience of ['team', 'funders']) {
      const res = await demoCoordinator.get(
        `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}/export/download?format=json&audience=${audience}`,
      );
      const doc = JSON.parse(res.body);
      expect(doc.audience).toBe(audience);
      expect(doc.stories.length && doc.rounds.length && doc.tags.length).toBeGreaterThan(0);
      expect([...Value.Errors(HearthExportSchema, doc)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    }
  });

  it('exports again with the same stories, versions, tags, selections and reasons', async () => {
    const demoCoordinator = new Agent(source.app);
    expect((await demoCoordinator.signIn('coordinator@demo.hearth.example', DEMO_PASSWORD)).statusCode).toBe(303);
    const first = await exportJson(demoCoordinator, inquiry.alliance_id, inquiry.id);
    const before = normalised(first);
    const mine = (doc: { rounds: { name: string; decisions: { reasons: string; selections: unknown[] }[] }[] }) =>
      doc.rounds.find((r) => r.name === 'Open event, table 3')!;
    expect(mine(before).decisions[0]!.selections).toHaveLength(1);
    expect(before.stories.some((s: { versions: unknown[] }) => s.versions.length > 0)).toBe(true);

    const people = await makeAlliance(target.db, 'New Hearth');
    const coordinator = await signedIn(target.app, people.coordinator.email);
    const res = await upload(coordinator, `/alliances/${people.alliance.id}/import`, first);
    expect(res.statusCode).toBe(303);
    const imported = await target.db
      .selectFrom('inquiries')
      .selectAll()
      .where('alliance_id', '=', people.alliance.id)
      .executeTakeFirstOrThrow();
    expect(res.headers.location).toBe(`/alliances/${people.alliance.id}/inquiries/${imported.id}`);

    const after = normalised(await exportJson(coordinator, people.alliance.id, imported.id));
    expect(after).toEqual(before);
    expect(mine(after).decisions[0]!.reasons).toBe('It shows a family finding its feet again, in their own words.');
    expect(
      after.learning.find((l: { text: string }) => l.text === 'Hold the drop-in on Saturdays too.').links,
    ).toHaveLength(1);

    // The imported stories are searchable, and new stories continue the numbering.
    expect(imported.code_prefix).toBe(inquiry.code_prefix);
    const codes = before.stories.map((s: { code: string }) => Number(s.code.split('-')[1]));
    expect(imported.story_counter).toBe(Math.max(...codes));
    const search = await coordinator.get(
      `/alliances/${people.alliance.id}/inquiries/${imported.id}/stories?q=${encodeURIComponent(before.stories[0].title.split(' ')[0])}`,
    );
    expect(search.body).toContain(before.stories[0].code);
  });
});
