/** Rounds for tests, inserted directly (the creation pages are tested on their own): a round and its stories. */
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/db/database.ts';
import type { Round, RoundStoryOrigin } from '../../server/db/schema.ts';
import { iso } from '../../server/db/time.ts';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
let codes = 0;

/** A random unique 6-letter uppercase code (a counter in the last letters keeps codes unique within a run). */
function joinCode(): string {
  const n = ++codes;
  let code = '';
  for (let i = 0; i < 3; i++) code += LETTERS[randomInt(LETTERS.length)];
  for (let i = 0, k = n; i < 3; i++, k = Math.floor(k / LETTERS.length)) code += LETTERS[k % LETTERS.length];
  return code;
}

export type RoundOverrides = Partial<Omit<Round, 'id' | 'alliance_id' | 'inquiry_id'>>;

/** A round in the voting stage, dot voting with 3 dots, live, not shuffled, level 1 — override anything. */
export async function makeRound(
  db: Db,
  allianceId: number,
  inquiryId: number,
  overrides: RoundOverrides = {},
): Promise<Round> {
  const now = iso();
  return db
    .insertInto('rounds')
    .values({
      alliance_id: allianceId,
      inquiry_id: inquiryId,
      name: 'Table 3 round',
      panel: 'Table 3 at the open event',
      level: 1,
      method: 'dots',
      dots: 3,
      voting: 'live',
      stage: 'voting',
      shuffle: 0,
      tallies_revealed: 0,
      join_code: joinCode(),
      filters: '{}',
      feedback_sent_at: null,
      feedback_sent_by: null,
      created_by: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Puts these stories in the round, in this order (positions 1..n after any already there). */
export async function addRoundStories(
  db: Db,
  roundId: number,
  storyIds: number[],
  origin: RoundStoryOrigin = 'hand',
): Promise<void> {
  const row = await db
    .selectFrom('round_stories')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  const start = Number(row?.last ?? 0);
  if (storyIds.length === 0) return;
  await db
    .insertInto('round_stories')
    .values(storyIds.map((story_id, i) => ({ round_id: roundId, story_id, position: start + i + 1, origin })))
    .execute();
}

/** Moves a round to another stage directly (closing it sets closed_at). */
export async function setStage(db: Db, roundId: number, stage: Round['stage']): Promise<void> {
  await db
    .updateTable('rounds')
    .set({ stage, updated_at: iso(), closed_at: stage === 'closed' ? iso() : null })
    .where('id', '=', roundId)
    .execute();
}

/** An alliance (and another one) with an inquiry, a live dot-voting round, and stories: three a panel may read, one without panel consent, one withdrawn. */
export async function participationWorld(t: TestApp, overrides: RoundOverrides = {}) {
  const { alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance');
  const other = await makeAlliance(t.db, 'Other Alliance');
  const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  const stories = [
    await makeStory(t.db, inquiry, {
      title: 'The day they met at the door',
      words: 'When my son came home from hospital, the nurse and the housing officer met us at the door.',
      storyteller: 'Rose T.',
    }),
    await makeStory(t.db, inquiry, {
      title: 'A bench by the harbour',
      words: 'The new bench by the harbour is where we talk now.',
      consent: { anonymous: true },
      storyteller: 'Hidden Name',
    }),
    await makeStory(t.db, inquiry, {
      title: 'Learning to cook again',
      words: 'After the stroke I learned to cook again with the group.',
    }),
  ];
  const private_ = await makeStory(t.db, inquiry, {
    title: 'Not for panels',
    words: 'Words a panel must never read.',
    consent: { panels: false },
  });
  const withdrawn = await makeStory(t.db, inquiry, {
    title: 'Withdrawn later',
    words: 'Gone words.',
    status: 'withdrawn',
  });
  const round = await makeRound(t.db, alliance.id, inquiry.id, overrides);
  await addRoundStories(
    t.db,
    round.id,
    [...stories, private_, withdrawn].map((s) => s.id),
  );
  return { alliance, people, other, inquiry, stories, private: private_, withdrawn, round };
}

/** A guest's browser that has joined the round with its code. */
export async function guestIn(app: FastifyInstance, code: string, name = 'Sam'): Promise<Agent> {
  const guest = new Agent(app);
  const res = await guest.submit('/join', '/join', { code, name });
  if (res.statusCode !== 303) throw new Error(`joining as ${name} failed: ${res.statusCode}`);
  return guest;
}
