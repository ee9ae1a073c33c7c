/**
 * A panel's decisions: per domain, the story (or two) it chose and why, or why it chose none. Re-recording a
 * domain's decision replaces it whole, in one transaction, so a round never holds two answers for one domain.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Decision, DecisionOutcome, Round } from '../db/schema.ts';
import { iso } from '../db/time.ts';

export interface DecisionWithSelections extends Decision {
  selections: { story_id: number; votes: number }[];
}

/** The round's decisions with the stories each chose (whatever their consent now: callers filter what they show). */
export async function listDecisions(db: Db, roundId: number): Promise<DecisionWithSelections[]> {
  const decisions = await db
    .selectFrom('decisions')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('id')
    .execute();
  const selections = await db
    .selectFrom('selections')
    .select(['decision_id', 'story_id', 'votes'])
    .where('round_id', '=', roundId)
    .orderBy('id')
    .execute();
  return decisions.map((d) => ({
    ...d,
    selections: selections
      .filter((s) => s.decision_id === d.id)
      .map((s) => ({ story_id: s.story_id, votes: Number(s.votes) })),
  }));
}

export interface DecisionInput {
  domainId: number | null;
  outcome: DecisionOutcome;
  /** The chosen stories with their vote totals at this moment. */
  chosen: { storyId: number; votes: number }[];
  reasons: string;
  criteria: string;
  dissent: string;
}

/** Records (or replaces) the decision for one domain of the round, with its selections and an audit event. */
export async function recordDecision(
  db: Db,
  actor: Actor,
  round: Round,
  input: DecisionInput,
  now = new Date(),
): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    // Touching the round first serialises two people recording the same round at once (a row lock on PostgreSQL).
    await trx
      .updateTable('rounds')
      .set({ updated_at: iso(now) })
      .where('id', '=', round.id)
      .execute();
    let existing = trx.deleteFrom('decisions').where('round_id', '=', round.id);
    existing =
      input.domainId === null
        ? existing.where('domain_id', 'is', null)
        : existing.where('domain_id', '=', input.domainId);
    const replaced = (await existing.returning('id').execute()).length > 0;
    const decision = await trx
      .insertInto('decisions')
      .values({
        round_id: round.id,
        domain_id: input.domainId,
        outcome: input.outcome,
        reasons: input.reasons,
        criteria: input.criteria,
        dissent: input.dissent,
        recorded_by: actor.id,
        decided_at: iso(now),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const c of input.chosen) {
      await trx
        .insertInto('selections')
        .values({ decision_id: decision.id, round_id: round.id, story_id: c.storyId, votes: c.votes })
        .execute();
    }
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: 'round.decision_recorded',
        subjectType: 'round',
        subjectId: round.id,
        detail: {
          domain: input.domainId,
          outcome: input.outcome,
          stories: input.chosen.map((c) => c.storyId).join(', '),
          replaced,
        },
      },
      now,
    );
    return decision;
  });
}

/** Marks the round's feedback as sent (once): who and when. Returns false if it had already been marked. */
export async function markFeedbackSent(db: Db, actor: Actor, round: Round, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('rounds')
      .set({ feedback_sent_at: iso(now), feedback_sent_by: actor.id, updated_at: iso(now) })
      .where('id', '=', round.id)
      .where('feedback_sent_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: 'round.feedback_sent',
        subjectType: 'round',
        subjectId: round.id,
        detail: { name: round.name },
      },
      now,
    );
    return true;
  });
}
