/** A Hearth for the decisions, feedback and learning tests: an inquiry with stories in a voting round, everyone signed in. */
import type { Db } from '../../server/db/database.ts';
import type { Alliance, Inquiry, Role, Round, Story, User } from '../../server/db/schema.ts';
import { iso } from '../../server/db/time.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from './round-fixtures.ts';

export interface DecisionWorld {
  t: TestApp;
  alliance: Alliance;
  people: Record<Role, User>;
  as: Record<Role, Agent>;
  other: Agent;
  inquiry: Inquiry;
  /** Three stories in the first domain, one in the second, one without a domain. */
  lives: Story[];
  services: Story;
  noDomain: Story;
  round: Round;
  /** /alliances/<id> */
  base: string;
  /** /alliances/<id>/rounds/<round id> */
  roundPath: string;
  domainIds: { lives: number; services: number };
}

export async function makeDecisionWorld(): Promise<DecisionWorld> {
  const t = await testApp();
  const { alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance');
  const otherAlliance = await makeAlliance(t.db, 'Other Alliance');
  const as = {} as Record<Role, Agent>;
  for (const role of ['coordinator', 'interviewer', 'facilitator', 'reader'] as const) {
    as[role] = await signedIn(t.app, people[role].email);
    await as[role].get(`/alliances/${alliance.id}`);
  }
  const other = await signedIn(t.app, otherAlliance.coordinator.email);
  await other.get(`/alliances/${otherAlliance.alliance.id}`);
  const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  const lives = [
    await makeStory(t.db, inquiry, { title: 'I found my voice', storyteller: 'Amina' }),
    await makeStory(t.db, inquiry, { title: 'The bus came back', storyteller: 'Bob' }),
    await makeStory(t.db, inquiry, {
      title: 'A quiet story',
      storyteller: 'Secret Teller',
      consent: { anonymous: true },
    }),
  ];
  const services = await makeStory(t.db, inquiry, { title: 'Teams now talk', domain: 1, storyteller: 'Carol' });
  const noDomain = await makeStory(t.db, inquiry, { title: 'Something else', domain: null, storyteller: 'Dev' });
  const round = await makeRound(t.db, alliance.id, inquiry.id, {
    name: 'Table 3 round',
    panel: 'Table 3 at the open event',
  });
  await addRoundStories(t.db, round.id, [...lives.map((s) => s.id), services.id, noDomain.id]);
  const base = `/alliances/${alliance.id}`;
  return {
    t,
    alliance,
    people,
    as,
    other,
    inquiry,
    lives,
    services,
    noDomain,
    round,
    base,
    roundPath: `${base}/rounds/${round.id}`,
    domainIds: { lives: lives[0]!.domain_id!, services: services.domain_id! },
  };
}

/** Paper tallies for the round: story id -> votes, as one paper ballot. */
export async function paperVotes(db: Db, roundId: number, votes: Record<number, number>): Promise<void> {
  const ballot = await db
    .insertInto('ballots')
    .values({ round_id: roundId, participant_id: null, source: 'paper', entered_by: null, cast_at: iso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [storyId, points] of Object.entries(votes)) {
    await db
      .insertInto('ballot_marks')
      .values({ ballot_id: ballot.id, story_id: Number(storyId), points, rank: null })
      .execute();
  }
}

/** Everything these pages can write, to prove a refused request wrote nothing. */
export async function roundsSnapshot(db: Db) {
  return {
    decisions: await db.selectFrom('decisions').selectAll().orderBy('id').execute(),
    selections: await db.selectFrom('selections').selectAll().orderBy('id').execute(),
    rounds: await db
      .selectFrom('rounds')
      .select(['id', 'stage', 'feedback_sent_at', 'feedback_sent_by'])
      .orderBy('id')
      .execute(),
    learning: await db.selectFrom('learning_items').selectAll().orderBy('id').execute(),
    links: await db.selectFrom('learning_links').selectAll().orderBy('item_id').execute(),
    audit: await db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
  };
}

/** Withdraws a story as its teller would. */
export async function withdraw(db: Db, story: Story): Promise<void> {
  await withdrawStory(db, null, 'The storyteller', story);
}
