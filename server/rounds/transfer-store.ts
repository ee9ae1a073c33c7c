/**
 * Rounds in a Hearth JSON export (server/exports/format.ts): reading an inquiry's rounds whole for an export, and
 * writing the rounds of an imported file, with their stories, participants, ballots, decisions and annotations.
 */
import type { Db } from '../db/database.ts';
import type { ExportRound } from '../exports/format.ts';
import { listRounds } from './rounds-store.ts';
import { unusedCode } from './setup-store.ts';

const bit = (b: boolean) => (b ? 1 : 0);
const via = (m: Map<number, number>) => (n: number | null) => (n === null ? null : (m.get(n) ?? null));

/** Every round of an inquiry and everything in them, in a fixed order (so the same data exports the same bytes). */
export async function roundsForExport(db: Db, inquiry: { id: number; alliance_id: number }) {
  const rounds = await listRounds(db, inquiry.alliance_id, inquiry.id);
  const ids = rounds.length ? rounds.map((r) => r.id) : [0];
  const [domains, sources, stories, participants, ballots, decisions, selections, annotations] = await Promise.all([
    db
      .selectFrom('round_domains')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('domain_id')
      .execute(),
    db
      .selectFrom('round_sources')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('source_round_id')
      .execute(),
    db
      .selectFrom('round_stories')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('position')
      .orderBy('story_id')
      .execute(),
    db
      .selectFrom('round_participants')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('id')
      .execute(),
    db.selectFrom('ballots').selectAll().where('round_id', 'in', ids).orderBy('round_id').orderBy('id').execute(),
    db.selectFrom('decisions').selectAll().where('round_id', 'in', ids).orderBy('round_id').orderBy('id').execute(),
    db.selectFrom('selections').selectAll().where('round_id', 'in', ids).orderBy('decision_id').orderBy('id').execute(),
    db.selectFrom('annotations').selectAll().where('round_id', 'in', ids).orderBy('round_id').orderBy('id').execute(),
  ]);
  const ballotIds = ballots.length ? ballots.map((b) => b.id) : [0];
  const marks = await db
    .selectFrom('ballot_marks')
    .selectAll()
    .where('ballot_id', 'in', ballotIds)
    .orderBy('ballot_id')
    .orderBy('story_id')
    .execute();
  return { rounds, domains, sources, stories, participants, ballots, marks, decisions, selections, annotations };
}

export type RoundsForExport = Awaited<ReturnType<typeof roundsForExport>>;

/**
 * Writes the rounds of an imported inquiry, inside the import's transaction, with the file's domain and story ids
 * mapped to the new ones. Returns the file's round ids mapped to the new ones.
 */
export async function importRounds(
  trx: Db,
  allianceId: number,
  inquiryId: number,
  rounds: ExportRound[],
  mapped: { domains: Map<number, number>; story: (code: string) => number },
): Promise<Map<number, number>> {
  const { domains, story } = mapped;
  const ids = new Map<number, number>();
  const participants = new Map<number, number>();
  for (const r of rounds) {
    const row = await trx
      .insertInto('rounds')
      .values({
        alliance_id: allianceId,
        inquiry_id: inquiryId,
        name: r.name,
        panel: r.panel,
        level: r.level,
        method: r.method,
        dots: r.dots,
        voting: r.voting,
        stage: r.stage,
        shuffle: bit(r.shuffle),
        tallies_revealed: bit(r.tallies_revealed),
        join_code: await unusedCode(trx),
        filters: JSON.stringify(r.filters),
        feedback_sent_at: r.feedback_sent_at,
        feedback_sent_by: null,
        created_by: null,
        created_at: r.created_at,
        updated_at: r.updated_at,
        closed_at: r.closed_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(r.id, row.id);
  }
  for (const r of rounds) {
    const roundId = ids.get(r.id)!;
    for (const dom of r.domains)
      await trx
        .insertInto('round_domains')
        .values({ round_id: roundId, domain_id: domains.get(dom)! })
        .execute();
    for (const src of r.sources)
      await trx
        .insertInto('round_sources')
        .values({ round_id: roundId, source_round_id: ids.get(src)! })
        .execute();
    for (const x of r.stories)
      await trx
        .insertInto('round_stories')
        .values({ round_id: roundId, story_id: story(x.story), position: x.position, origin: x.origin })
        .execute();
    for (const p of r.participants) {
      const row = await trx
        .insertInto('round_participants')
        .values({
          round_id: roundId,
          user_id: null,
          display_name: p.display_name,
          order_seed: 1 + (p.id % 2_147_483_000),
          joined_at: p.joined_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      participants.set(p.id, row.id);
    }
    for (const b of r.ballots) {
      const ballot = await trx
        .insertInto('ballots')
        .values({
          round_id: roundId,
          participant_id: via(participants)(b.participant),
          source: b.source,
          entered_by: null,
          cast_at: b.cast_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const m of b.marks)
        await trx
          .insertInto('ballot_marks')
          .values({ ballot_id: ballot.id, story_id: story(m.story), points: m.points, rank: m.rank })
          .execute();
    }
    for (const dec of r.decisions) {
      const decision = await trx
        .insertInto('decisions')
        .values({
          round_id: roundId,
          domain_id: via(domains)(dec.domain),
          outcome: dec.outcome,
          reasons: dec.reasons,
          criteria: dec.criteria,
          dissent: dec.dissent,
          recorded_by: null,
          decided_at: dec.decided_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const x of dec.selections)
        await trx
          .insertInto('selections')
          .values({ decision_id: decision.id, round_id: roundId, story_id: story(x.story), votes: x.votes })
          .execute();
    }
    for (const a of r.annotations) {
      await trx
        .insertInto('annotations')
        .values({
          round_id: roundId,
          story_id: story(a.story),
          participant_id: participants.get(a.participant)!,
          answer_position: a.answer_position,
          start_offset: a.start,
          end_offset: a.end,
          quote: a.quote,
          comment: a.comment,
          created_at: a.created_at,
        })
        .execute();
    }
  }
  return ids;
}
