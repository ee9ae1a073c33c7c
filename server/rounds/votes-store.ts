/**
 * Ballots: a participant's one live vote (the unique participant_id makes "once" hold under concurrent requests),
 * the facilitator's paper tallies (one ballot per round, replaced whole), and revealing the totals.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Round, RoundParticipant, User } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import type { Mark } from './ballots.ts';
import { participantActor } from './participants-store.ts';

export async function hasVoted(db: Db, participantId: number): Promise<boolean> {
  return Boolean(
    await db.selectFrom('ballots').select('id').where('participant_id', '=', participantId).executeTakeFirst(),
  );
}

/** A unique-index violation, as SQLite and PostgreSQL report it. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Records the participant's vote, or says they already voted (the database refuses a second ballot). */
export async function castBallot(
  db: Db,
  round: Round,
  participant: RoundParticipant,
  marks: readonly Mark[],
  now = new Date(),
): Promise<'cast' | 'already'> {
  if (await hasVoted(db, participant.id)) return 'already';
  try {
    await db.transaction().execute(async (trx) => {
      const ballot = await trx
        .insertInto('ballots')
        .values({
          round_id: round.id,
          participant_id: participant.id,
          source: 'live',
          entered_by: participant.user_id,
          cast_at: iso(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('ballot_marks')
        .values(marks.map((m) => ({ ballot_id: ballot.id, story_id: m.storyId, points: m.points, rank: m.rank })))
        .execute();
      // Who voted is kept; what they chose is not in the log (secret ballots stay secret).
      await recordAudit(
        trx,
        {
          allianceId: round.alliance_id,
          actor: participantActor(participant),
          action: 'round.vote_cast',
          subjectType: 'round',
          subjectId: round.id,
          detail: { method: round.method },
        },
        now,
      );
    });
    return 'cast';
  } catch (error) {
    if (isUniqueViolation(error)) return 'already';
    throw error;
  }
}

/** Replaces the round's paper tallies as a whole: the old paper ballot goes, the new counts come in, in one transaction. */
export async function replacePaperTallies(
  db: Db,
  round: Round,
  user: Pick<User, 'id' | 'name'>,
  counts: ReadonlyMap<number, number>,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Touching the round first makes two facilitators saving at once wait for each other (one paper ballot, not two).
    await trx
      .updateTable('rounds')
      .set({ updated_at: iso(now) })
      .where('id', '=', round.id)
      .execute();
    const old = trx.selectFrom('ballots').select('id').where('round_id', '=', round.id).where('source', '=', 'paper');
    await trx.deleteFrom('ballot_marks').where('ballot_id', 'in', old).execute();
    await trx.deleteFrom('ballots').where('round_id', '=', round.id).where('source', '=', 'paper').execute();
    const marks = [...counts].filter(([, n]) => n > 0);
    if (marks.length > 0) {
      const ballot = await trx
        .insertInto('ballots')
        .values({ round_id: round.id, participant_id: null, source: 'paper', entered_by: user.id, cast_at: iso(now) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('ballot_marks')
        .values(marks.map(([storyId, points]) => ({ ballot_id: ballot.id, story_id: storyId, points, rank: null })))
        .execute();
    }
    const total = marks.reduce((sum, [, n]) => sum + n, 0);
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor: user,
        action: 'round.paper_tallies_entered',
        subjectType: 'round',
        subjectId: round.id,
        detail: { stories: marks.length, total },
      },
      now,
    );
  });
}

/** Shows or hides the totals on the participants' results page. */
export async function setTalliesRevealed(
  db: Db,
  round: Round,
  actor: Actor,
  revealed: boolean,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('rounds')
      .set({ tallies_revealed: revealed ? 1 : 0, updated_at: iso(now) })
      .where('id', '=', round.id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: revealed ? 'round.tallies_revealed' : 'round.tallies_hidden',
        subjectType: 'round',
        subjectId: round.id,
      },
      now,
    );
  });
}
