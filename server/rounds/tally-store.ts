/**
 * A round's tally: what its ballots add up to per story (live votes and typed-in paper tallies), and how many have
 * voted. Counting only; casting a ballot and entering paper tallies live in votes-store.ts.
 */
import type { Db } from '../db/database.ts';
import type { Round } from '../db/schema.ts';
import { storiesFor, type Audience } from '../stories/consent.ts';
import { panelParticipants } from './participants-store.ts';

/**
 * Votes per story in the round (live ballots and typed-in paper tallies together), only for stories the round may
 * still show. Returns story id -> points (dots, votes, or ranking points).
 */
export async function roundTallies(
  db: Db,
  round: Pick<Round, 'id' | 'alliance_id'>,
  audience: Audience = 'team',
): Promise<Map<number, { live: number; paper: number; total: number }>> {
  const rows = await storiesFor(db, round.alliance_id, 'panels', audience)
    .innerJoin('ballot_marks', 'ballot_marks.story_id', 'stories.id')
    .innerJoin('ballots', 'ballots.id', 'ballot_marks.ballot_id')
    .select(['stories.id as story_id', 'ballots.source', (eb) => eb.fn.sum<number>('ballot_marks.points').as('points')])
    .where('ballots.round_id', '=', round.id)
    .groupBy(['stories.id', 'ballots.source'])
    .execute();
  const tallies = new Map<number, { live: number; paper: number; total: number }>();
  for (const row of rows) {
    const t = tallies.get(row.story_id) ?? { live: 0, paper: 0, total: 0 };
    t[row.source === 'paper' ? 'paper' : 'live'] += Number(row.points);
    t.total = t.live + t.paper;
    tallies.set(row.story_id, t);
  }
  return tallies;
}

/** The paper tallies as last typed in: story id -> count. */
export async function paperTallies(db: Db, roundId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('ballot_marks')
    .innerJoin('ballots', 'ballots.id', 'ballot_marks.ballot_id')
    .select(['ballot_marks.story_id', 'ballot_marks.points'])
    .where('ballots.round_id', '=', roundId)
    .where('ballots.source', '=', 'paper')
    .execute();
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.story_id, (counts.get(r.story_id) ?? 0) + Number(r.points));
  return counts;
}

/** Whether anyone's votes are in Hearth for the round: a live ballot, or paper tallies typed in (a paper ballot holds only counts above 0). */
export async function hasBallots(db: Db, roundId: number): Promise<boolean> {
  const row = await db.selectFrom('ballots').select('id').where('round_id', '=', roundId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** How many participants have voted, out of how many joined. */
export async function votingProgress(
  db: Db,
  round: Pick<Round, 'id' | 'alliance_id'>,
): Promise<{ voted: number; joined: number }> {
  // Those who sit on the panel now: a member removed from the alliance no longer counts (their ballot still does).
  const sitting = (await panelParticipants(db, round)).map((p) => p.id);
  const voted =
    sitting.length === 0
      ? { n: 0 }
      : await db
          .selectFrom('ballots')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('round_id', '=', round.id)
          .where('participant_id', 'in', sitting)
          .executeTakeFirstOrThrow();
  return { voted: Number(voted.n), joined: sitting.length };
}
