/**
 * Setting rounds up: listing, creating and changing them (which brings in the stories passed up from the rounds
 * below), and moving their stage. Picking their stories is in ./picking-store.ts.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, Round, RoundStage } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { storiesFor } from '../stories/consent.ts';
import { newJoinCode } from './codes.ts';
import { panelSizes } from './participants-store.ts';
import { addPassedUp } from './picking-store.ts';
import { roundStories } from './rounds-store.ts';
import type { RoundFields } from './setup-forms.ts';

export interface RoundSummary extends Round {
  stories: number;
  participants: number;
}

/** The inquiry's rounds by level, each with how many stories it may show and who has joined. */
export async function listRoundSummaries(db: Db, inquiry: Inquiry): Promise<RoundSummary[]> {
  const rounds = await db
    .selectFrom('rounds')
    .selectAll()
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('level')
    .orderBy('id')
    .execute();
  if (rounds.length === 0) return [];
  const roundIds = rounds.map((r) => r.id);
  const stories = await storiesFor(db, inquiry.alliance_id, 'panels')
    .innerJoin('round_stories', 'round_stories.story_id', 'stories.id')
    .select(['round_stories.round_id', (eb) => eb.fn.countAll().as('n')])
    .where('round_stories.round_id', 'in', roundIds)
    .groupBy('round_stories.round_id')
    .execute();
  const people = await panelSizes(db, inquiry.alliance_id, roundIds);
  const count = (rows: { round_id: number; n: unknown }[], id: number) =>
    Number(rows.find((r) => Number(r.round_id) === id)?.n ?? 0);
  return rounds.map((r) => ({ ...r, stories: count(stories, r.id), participants: people.get(r.id) ?? 0 }));
}

export async function roundSourceIds(db: Db, roundId: number): Promise<number[]> {
  return (
    await db
      .selectFrom('round_sources')
      .select('source_round_id')
      .where('round_id', '=', roundId)
      .orderBy('source_round_id')
      .execute()
  ).map((r) => r.source_round_id);
}

/** Rounds that take this round's chosen stories. */
export async function roundUsers(db: Db, roundId: number): Promise<number[]> {
  return (await db.selectFrom('round_sources').select('round_id').where('source_round_id', '=', roundId).execute()).map(
    (r) => r.round_id,
  );
}

/** A join code no round has yet (also for rounds brought in by an import). */
export async function unusedCode(db: Db): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = newJoinCode();
    if (!(await db.selectFrom('rounds').select('id').where('join_code', '=', code).executeTakeFirst())) return code;
  }
  throw new Error('could not find an unused join code');
}

export async function createRound(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  fields: RoundFields,
  now = new Date(),
): Promise<Round> {
  return db.transaction().execute(async (trx) => {
    const round = await trx
      .insertInto('rounds')
      .values({
        alliance_id: inquiry.alliance_id,
        inquiry_id: inquiry.id,
        name: fields.name,
        panel: fields.panel,
        level: fields.level,
        method: fields.method,
        dots: fields.dots,
        voting: fields.voting,
        stage: 'preparing',
        shuffle: fields.shuffle ? 1 : 0,
        join_code: await unusedCode(trx),
        filters: '{}',
        feedback_sent_at: null,
        feedback_sent_by: null,
        created_by: actor.id,
        created_at: iso(now),
        updated_at: iso(now),
        closed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeLinks(trx, round.id, fields);
    const passedUp = await addPassedUp(trx, round);
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: 'round.created',
        subjectType: 'round',
        subjectId: round.id,
        detail: { name: round.name, level: round.level, method: round.method, passedUp },
      },
      now,
    );
    return round;
  });
}

async function writeLinks(db: Db, roundId: number, fields: RoundFields): Promise<void> {
  await db.deleteFrom('round_domains').where('round_id', '=', roundId).execute();
  await db.deleteFrom('round_sources').where('round_id', '=', roundId).execute();
  for (const domainId of fields.domainIds)
    await db.insertInto('round_domains').values({ round_id: roundId, domain_id: domainId }).execute();
  for (const sourceId of fields.sourceIds)
    await db.insertInto('round_sources').values({ round_id: roundId, source_round_id: sourceId }).execute();
}

export async function updateRound(
  db: Db,
  actor: Actor,
  round: Round,
  fields: RoundFields,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('rounds')
      .set({
        name: fields.name,
        panel: fields.panel,
        level: fields.level,
        method: fields.method,
        dots: fields.dots,
        voting: fields.voting,
        shuffle: fields.shuffle ? 1 : 0,
        updated_at: iso(now),
      })
      .where('id', '=', round.id)
      .execute();
    await writeLinks(trx, round.id, fields);
    const passedUp = round.stage === 'preparing' || round.stage === 'reading' ? await addPassedUp(trx, round) : 0;
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: 'round.updated',
        subjectType: 'round',
        subjectId: round.id,
        detail: { name: fields.name, passedUp },
      },
      now,
    );
  });
}

/** Names of the domains among the round's stories with no decision recorded yet ('' for stories with no domain). */
export async function undecidedDomains(db: Db, round: Round): Promise<{ id: number | null; name: string }[]> {
  const decided = await db.selectFrom('decisions').select('domain_id').where('round_id', '=', round.id).execute();
  const seen = new Map<string, { id: number | null; name: string }>();
  for (const s of await roundStories(db, round)) {
    if (decided.some((d) => (d.domain_id == null ? null : Number(d.domain_id)) === s.domain_id)) continue;
    seen.set(String(s.domain_id), { id: s.domain_id, name: s.domain_name ?? '' });
  }
  return [...seen.values()];
}

export async function setStage(db: Db, actor: Actor, round: Round, to: RoundStage, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('rounds')
      .set({ stage: to, closed_at: to === 'closed' ? iso(now) : null, updated_at: iso(now) })
      .where('id', '=', round.id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: 'round.stage_changed',
        subjectType: 'round',
        subjectId: round.id,
        detail: { from: round.stage, to },
      },
      now,
    );
  });
}
