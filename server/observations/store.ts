/**
 * Observations on patterns and their interpretations. Every query names the inquiry (already found within the
 * alliance). Each change writes an audit event in its own transaction, which also tells the report's cache.
 */
import { namesOf } from '../accounts/users-store.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, Interpretation, Observation } from '../db/schema.ts';
import { iso } from '../db/time.ts';

export interface ObservationEntry extends Observation {
  author: string | null;
  interpretations: (Interpretation & { author: string | null })[];
}

type InquiryRef = Pick<Inquiry, 'id' | 'alliance_id'>;

/** The inquiry's observations, oldest first, each with its interpretations in the order written. */
export async function listObservations(db: Db, inquiry: InquiryRef, onCardsOnly = false): Promise<ObservationEntry[]> {
  let query = db
    .selectFrom('observations')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .where('alliance_id', '=', inquiry.alliance_id);
  if (onCardsOnly) query = query.where('on_cards', '=', 1);
  const observations = await query.orderBy('id').execute();
  if (observations.length === 0) return [];
  const readings = await db
    .selectFrom('interpretations')
    .selectAll()
    .where(
      'observation_id',
      'in',
      observations.map((o) => o.id),
    )
    .orderBy('id')
    .execute();
  const names = await namesOf(
    db,
    [...observations, ...readings].map((r) => r.created_by),
  );
  const author = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return observations.map((o) => ({
    ...o,
    author: author(o.created_by),
    interpretations: readings
      .filter((r) => r.observation_id === o.id)
      .map((r) => ({ ...r, author: author(r.created_by) })),
  }));
}

export async function findObservation(
  db: Db,
  inquiry: InquiryRef,
  observationId: number,
): Promise<ObservationEntry | undefined> {
  return (await listObservations(db, inquiry)).find((o) => o.id === observationId);
}

export interface ObservationInput {
  pattern: string;
  filters: string;
  title: string;
  text: string;
  /** Interpretations written with it; empty ones are left out. */
  interpretations: string[];
}

function audit(db: Db, actor: Actor, inquiry: InquiryRef, action: string, id: number, now: Date) {
  return recordAudit(
    db,
    {
      allianceId: inquiry.alliance_id,
      actor,
      action,
      subjectType: 'observation',
      subjectId: id,
      detail: { inquiry: inquiry.id },
    },
    now,
  );
}

export async function addObservation(
  db: Db,
  actor: Actor,
  inquiry: InquiryRef,
  input: ObservationInput,
  now = new Date(),
): Promise<Observation> {
  return db.transaction().execute(async (trx) => {
    const observation = await trx
      .insertInto('observations')
      .values({
        alliance_id: inquiry.alliance_id,
        inquiry_id: inquiry.id,
        pattern: input.pattern,
        filters: input.filters,
        title: input.title,
        text: input.text,
        on_cards: 1,
        created_by: actor.id,
        created_at: iso(now),
        updated_at: iso(now),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const text of input.interpretations)
      await trx
        .insertInto('interpretations')
        .values({ observation_id: observation.id, text, created_by: actor.id, created_at: iso(now) })
        .execute();
    await audit(trx, actor, inquiry, 'observation.pinned', observation.id, now);
    return observation;
  });
}

/** Changes what is seen, and whether it prints as a pattern card. */
export async function updateObservation(
  db: Db,
  actor: Actor,
  inquiry: InquiryRef,
  observation: Observation,
  change: { text: string; onCards: boolean },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('observations')
      .set({ text: change.text, on_cards: change.onCards ? 1 : 0, updated_at: iso(now) })
      .where('id', '=', observation.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    await audit(trx, actor, inquiry, 'observation.changed', observation.id, now);
  });
}

export async function addInterpretation(
  db: Db,
  actor: Actor,
  inquiry: InquiryRef,
  observation: Observation,
  text: string,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('interpretations')
      .values({ observation_id: observation.id, text, created_by: actor.id, created_at: iso(now) })
      .execute();
    await audit(trx, actor, inquiry, 'observation.interpreted', observation.id, now);
  });
}

export async function removeInterpretation(
  db: Db,
  actor: Actor,
  inquiry: InquiryRef,
  observation: Observation,
  interpretationId: number,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('interpretations')
      .where('id', '=', interpretationId)
      .where('observation_id', '=', observation.id)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) return false;
    await audit(trx, actor, inquiry, 'observation.interpretation_removed', observation.id, now);
    return true;
  });
}

/** Removes it and its interpretations; a learning item taken up from it stays, without the link. */
export async function removeObservation(
  db: Db,
  actor: Actor,
  inquiry: InquiryRef,
  observation: Observation,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('interpretations').where('observation_id', '=', observation.id).execute();
    await trx
      .deleteFrom('observations')
      .where('id', '=', observation.id)
      .where('inquiry_id', '=', inquiry.id)
      .execute();
    await audit(trx, actor, inquiry, 'observation.removed', observation.id, now);
  });
}
