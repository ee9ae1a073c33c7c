/**
 * A panel's reasons speak of the stories it chose. Wherever a reader may not see one of those stories (kept from
 * funders, or withdrawn since), the reasons, criteria and dissent are blanked (withPanelWords in
 * server/rounds/selections-store.ts): on the feedback page, the decide page, the report, and in every export.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry, Round, Story } from '../../server/db/schema.ts';
import type { HearthExport } from '../../server/exports/format.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { createShareLink } from '../../server/reports/share-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let round: Round;
let shared: Story;
let shareToken: string;

async function choose(stories: Story[], reasons: string, criteria = '', dissent = '') {
  const d = await t.db
    .insertInto('decisions')
    .values({
      round_id: round.id,
      domain_id: null,
      outcome: 'chosen',
      reasons,
      criteria,
      dissent,
      recorded_by: null,
      decided_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const story of stories)
    await t.db
      .insertInto('selections')
      .values({ decision_id: d.id, round_id: round.id, story_id: story.id, votes: 2 })
      .execute();
}

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  shared = await makeStory(t.db, inquiry, { words: 'The allotment garden grew.', title: 'Garden' });
  const kept = await makeStory(t.db, inquiry, {
    words: 'The quarryman kept his secret.',
    title: 'Not for funders',
    consent: { funders: false },
  });
  const gone = await makeStory(t.db, inquiry, { words: 'A story about the crossing.', title: 'Crossing' });
  round = await makeRound(t.db, people.alliance.id, inquiry.id, {
    stage: 'deciding',
    feedback_sent_at: new Date().toISOString(),
  });
  await addRoundStories(t.db, round.id, [shared.id, kept.id, gone.id]);
  await choose(
    [kept],
    'We chose the quarryman and his secret.',
    'Courage of the quarryman',
    'One of us doubted the quarryman',
  );
  await choose([gone], 'We chose the zebracrossing outside the school.');
  // A split decision: one story funders may see, one they may not.
  await choose([shared, kept], 'The garden and the quarrymen both.');
  await choose([shared], 'The allotment fed the street.');
  shareToken = (
    await createShareLink(t.db, people.coordinator, inquiry, {
      label: 'Funder',
      days: 30,
      period: { from: '', to: '' },
    })
  ).token;
  await withdrawStory(t.db, null, 'The storyteller', gone);
});
afterAll(() => t.close());

const base = () => `/alliances/${people.alliance.id}`;
const inq = () => `${base()}/inquiries/${inquiry.id}`;
const staff = () => signedIn(t.app, people.coordinator.email);
const download = async (format: string, audience?: 'funders') => {
  const res = await (
    await staff()
  ).get(`${inq()}/export/download?format=${format}${audience ? `&audience=${audience}` : ''}`);
  expect(res.statusCode).toBe(200);
  return res;
};
const decisionsOf = async (audience?: 'funders') =>
  (JSON.parse((await download('json', audience)).body) as HearthExport).rounds.flatMap((r) => r.decisions);

describe('a panel’s reasons for a story kept from funders', () => {
  it('are not in the funders’ JSON export, which says they are withheld', async () => {
    const res = await download('json', 'funders');
    expect(res.body).not.toContain('quarryman');
    const decisions = await decisionsOf('funders');
    expect(decisions).toHaveLength(4);
    // The decisions that chose the kept story (alone or with the shared one) or the withdrawn one: withheld, said so.
    const withheld = decisions.filter((d) => d.reasons_withheld);
    expect(withheld).toHaveLength(3);
    for (const d of withheld) expect([d.reasons, d.criteria, d.dissent]).toEqual(['', '', '']);
    // The decision that chose only a shared story keeps its words.
    expect(decisions.find((d) => d.reasons === 'The allotment fed the street.')).toMatchObject({
      reasons_withheld: false,
      selections: [{ story: shared.code, votes: 2 }],
    });
  });

  it('are not in the funders’ CSV or REFI-QDA exports', async () => {
    expect((await download('csv', 'funders')).body).not.toContain('quarryman');
    const qdpx = Object.values(unzipSync((await download('qdpx', 'funders')).rawPayload))
      .map((f) => strFromU8(f))
      .join('\n');
    expect(qdpx).not.toContain('quarryman');
  });

  it('stay whole in the team’s JSON export, where the team may read the story', async () => {
    const decisions = await decisionsOf();
    expect(decisions.find((d) => d.reasons === 'We chose the quarryman and his secret.')).toMatchObject({
      criteria: 'Courage of the quarryman',
      dissent: 'One of us doubted the quarryman',
      reasons_withheld: false,
    });
    expect(decisions.find((d) => d.reasons === 'The garden and the quarrymen both.')?.reasons_withheld).toBe(false);
  });

  // Not a leak: checked here because consent.test.ts checks these pages only for the story's title and words.
  it.each([
    ['reader: feedback page', () => `${base()}/rounds/${round.id}/feedback`],
    ['reader: report', () => `${inq()}/report`],
  ])('are not on the %s', async (_name, url) => {
    const res = await (await signedIn(t.app, people.reader.email)).get(url());
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('quarryman');
  });

  it('are not on the shared report', async () => {
    const res = await new Agent(t.app).get(`/shared/${shareToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('quarryman');
  });
});

describe('a panel’s reasons for a withdrawn story', () => {
  it('are not in the team’s JSON export, which says they are withheld', async () => {
    const res = await download('json');
    expect(res.body).not.toContain('zebracrossing');
    const decisions = await decisionsOf();
    expect(decisions.filter((d) => d.reasons_withheld)).toEqual([
      expect.objectContaining({ reasons: '', selections: [] }),
    ]);
  });

  it('are not in the team’s CSV export', async () => {
    expect((await download('csv')).body).not.toContain('zebracrossing');
  });

  it('are not on the round’s decide page', async () => {
    const res = await (await staff()).get(`${base()}/rounds/${round.id}/decide`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('zebracrossing');
  });

  it('are not on the feedback page (withheld there)', async () => {
    const res = await (await staff()).get(`${base()}/rounds/${round.id}/feedback`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('zebracrossing');
  });
});
