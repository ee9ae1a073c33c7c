/** Rounds for tests, inserted directly (the creation pages are tested on their own): a round and its stories. */
import { randomInt } from 'node:crypto';
import type { Db } from '../../server/db/database.ts';
import type { Round, RoundStoryOrigin } from '../../server/db/schema.ts';
import { iso } from '../../server/db/time.ts';

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
export async function makeRound(db: Db, allianceId: number, inquiryId: number, overrides: RoundOverrides = {}): Promise<Round> {
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
export async function addRoundStories(db: Db, roundId: number, storyIds: number[], origin: RoundStoryOrigin = 'hand'): Promise<void> {
  const row = await db.selectFrom('round_stories').select((eb) => eb.fn.max('position').as('last')).where('round_id', '=', roundId).executeTakeFirst();
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
