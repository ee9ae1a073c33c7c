/**
 * Theme runs as a job queue: a run is queued by a person, claimed by exactly one app server (FOR UPDATE SKIP LOCKED
 * on PostgreSQL; a single atomic UPDATE on SQLite), reports progress, and ends done or failed.
 */
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import { claimOldest } from '../db/job-queue.ts';
import type { AnalysisRun, Inquiry, QuestionKind } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import { storiesFor } from '../stories/consent.ts';
import { answersOf } from '../stories/words-store.ts';
import type { ThemeResult } from '../text/types.ts';
import type { DomainFound } from './by-domain.ts';

export interface RunRequest {
  k: number | 'auto';
  seed: number;
  /** Only stories in this domain; null for all. */
  domainId: number | null;
  /** Find themes within each domain separately (each label then says its domain). */
  byDomain?: boolean;
}

/** Queues a run over the inquiry's stories that outputs may use (no drafts, nothing withdrawn). */
export async function queueRun(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  request: RunRequest,
  now = new Date(),
): Promise<AnalysisRun> {
  let stories = storiesFor(db, inquiry.alliance_id).where('stories.inquiry_id', '=', inquiry.id);
  if (request.domainId) stories = stories.where('stories.domain_id', '=', request.domainId);
  const ids = (await stories.select('stories.id').orderBy('stories.id').execute()).map((s) => s.id);
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .insertInto('analysis_runs')
      .values({
        alliance_id: inquiry.alliance_id,
        inquiry_id: inquiry.id,
        status: 'queued',
        progress: 0,
        step: '',
        k_requested: String(request.k),
        k: null,
        seed: request.seed,
        filters: JSON.stringify({ domainId: request.domainId, byDomain: Boolean(request.byDomain) }),
        story_ids: JSON.stringify(ids),
        criterion: '{}',
        error: '',
        claimed_by: null,
        created_by: actor.id,
        created_at: iso(now),
        started_at: null,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'themes.run_queued',
        subjectType: 'analysis_run',
        subjectId: run.id,
        detail: { k: request.k, seed: request.seed, stories: ids.length, byDomain: Boolean(request.byDomain) },
      },
      now,
    );
    return run;
  });
}

/** Takes the oldest queued run for this server, or nothing. Never hands one run to two servers. */
export function claimRun(db: Db, server: string, now = new Date()): Promise<AnalysisRun | undefined> {
  return claimOldest<AnalysisRun>(
    db,
    'analysis_runs',
    sql`status = 'running', claimed_by = ${server}, started_at = ${iso(now)}, step = 'starting'`,
    sql`status = 'queued'`,
  );
}

export async function reportProgress(db: Db, runId: number, progress: number, step: string): Promise<void> {
  await db
    .updateTable('analysis_runs')
    .set({ progress: Math.max(0, Math.min(1, progress)), step })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .execute();
}

/** Records in the run's filters that it was found on a sample of this many stories (so it can be reproduced, and said). */
export async function recordSample(db: Db, run: AnalysisRun, size: number): Promise<void> {
  const filters = { ...(JSON.parse(run.filters) as Record<string, unknown>), sample: size };
  await db
    .updateTable('analysis_runs')
    .set({ filters: JSON.stringify(filters) })
    .where('id', '=', run.id)
    .execute();
}

export async function failRun(db: Db, runId: number, error: string, now = new Date()): Promise<void> {
  await db
    .updateTable('analysis_runs')
    .set({ status: 'failed', error: error.slice(0, 2000), finished_at: iso(now) })
    .where('id', '=', runId)
    .execute();
}

/** Runs left 'running' by a server that stopped: marked failed so people can run them again. */
export async function failAbandonedRuns(db: Db, olderThanMinutes: number, now = new Date()): Promise<number> {
  const result = await db
    .updateTable('analysis_runs')
    .set({
      status: 'failed',
      error: 'Interrupted: the server stopped while this run was working. Run it again.',
      finished_at: iso(now),
    })
    .where('status', '=', 'running')
    .where('started_at', '<', iso(new Date(now.getTime() - olderThanMinutes * 60_000)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Saves what the engine found, and marks the run done, in one transaction. Stories withdrawn meanwhile are left out.
 * A run by domain also keeps what each domain gave in its filters, for its page to say.
 */
export async function finishRun(
  db: Db,
  run: AnalysisRun,
  result: ThemeResult & { domains?: DomainFound[] },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (result.domains) {
      const filters = { ...(JSON.parse(run.filters) as Record<string, unknown>), domains: result.domains };
      await trx
        .updateTable('analysis_runs')
        .set({ filters: JSON.stringify(filters) })
        .where('id', '=', run.id)
        .execute();
    }
    const still = new Set(
      (
        await storiesFor(trx, run.alliance_id)
          .where('stories.inquiry_id', '=', run.inquiry_id)
          .select('stories.id')
          .execute()
      ).map((s) => String(s.id)),
    );
    const points = new Map(result.points.map((p) => [p.id, p]));
    for (const [position, theme] of result.themes.entries()) {
      const row = await trx
        .insertInto('themes')
        .values({
          run_id: run.id,
          inquiry_id: run.inquiry_id,
          position,
          label: theme.label,
          name: null,
          terms: JSON.stringify(theme.terms),
          status: 'suggested',
          merged_into: null,
          tag_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Nearest the centre first, then the rest; written in batches (a theme can hold thousands of stories).
      const examples = new Set(theme.examples);
      const ordered = [...theme.examples, ...theme.stories.filter((id) => !examples.has(id))].filter((id) =>
        still.has(id),
      );
      const rows = ordered.map((id, rank) => ({
        theme_id: row.id,
        story_id: Number(id),
        rank,
        x: points.get(id)?.x ?? 0,
        y: points.get(id)?.y ?? 0,
      }));
      for (let i = 0; i < rows.length; i += 1000)
        await trx
          .insertInto('theme_stories')
          .values(rows.slice(i, i + 1000))
          .execute();
    }
    await markRunDone(trx, run, result, now);
  });
}

/** Marks a run finished with the number of themes found and how it was chosen (inside the run's saving transaction). */
export async function markRunDone(
  db: Db,
  run: Pick<AnalysisRun, 'id'>,
  found: Pick<ThemeResult, 'k' | 'criterion'>,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('analysis_runs')
    .set({
      status: 'done',
      progress: 1,
      step: 'done',
      k: found.k,
      criterion: JSON.stringify(found.criterion ?? {}),
      finished_at: iso(now),
    })
    .where('id', '=', run.id)
    .execute();
}

export function findRun(db: Db, allianceId: number, runId: number): Promise<AnalysisRun | undefined> {
  return db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('id', '=', runId)
    .executeTakeFirst();
}

export function listRuns(db: Db, allianceId: number, inquiryId: number): Promise<AnalysisRun[]> {
  return db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('inquiry_id', '=', inquiryId)
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
}

/** The inquiry's run that finished last with themes found: the one outputs (reports, exhibits) show. */
export function latestFinishedRun(db: Db, allianceId: number, inquiryId: number): Promise<AnalysisRun | undefined> {
  return finishedRuns(db, allianceId, inquiryId).executeTakeFirst();
}

/** An inquiry's finished runs, newest first. */
function finishedRuns(db: Db, allianceId: number, inquiryId: number) {
  return db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('inquiry_id', '=', inquiryId)
    .where('status', '=', 'done')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc');
}

/**
 * The latest finished run in which people kept or renamed a theme (and did not then discard or merge it): the run a
 * report shows, as people reviewed it, even when a newer run's suggestions are still untouched.
 */
export function latestReviewedRun(db: Db, allianceId: number, inquiryId: number): Promise<AnalysisRun | undefined> {
  return finishedRuns(db, allianceId, inquiryId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('themes')
          .select('themes.id')
          .whereRef('themes.run_id', '=', 'analysis_runs.id')
          .where((eb) => eb.or([eb('themes.status', '=', 'kept'), eb('themes.name', 'is not', null)]))
          .where('themes.status', 'in', ['suggested', 'kept']),
      ),
    )
    .executeTakeFirst();
}

/** The answers the engine reads as a story's words, after its title (choices, scales and dates are not words). */
const ENGINE_KINDS: readonly QuestionKind[] = ['story', 'why', 'long', 'short'];

/** Stories as the engine reads them: title and answers, in the story's language, in the order given. */
export async function docsOf(
  db: Db,
  stories: { id: number; title: string; language: string }[],
): Promise<{ id: string; text: string; language: string }[]> {
  const byStory = new Map<number, string[]>();
  for (const a of await answersOf(
    db,
    stories.map((s) => s.id),
    ENGINE_KINDS,
  )) {
    const list = byStory.get(a.story_id) ?? [];
    list.push(a.value);
    byStory.set(a.story_id, list);
  }
  return stories.map((s) => ({
    id: String(s.id),
    text: [s.title, ...(byStory.get(s.id) ?? [])].join('\n'),
    language: s.language,
  }));
}

/**
 * The words of the run's stories, for the engine. Selected by inquiry and matched to the run's ids in memory (an IN
 * list of 100,000 ids is more than SQLite takes), so a story withdrawn since the run was queued is left out.
 */
export async function storyTexts(
  db: Db,
  run: AnalysisRun,
): Promise<{ id: string; text: string; language: string; domain: string | null }[]> {
  const wanted = new Set(JSON.parse(run.story_ids) as number[]);
  if (wanted.size === 0) return [];
  const stories = (
    await storiesFor(db, run.alliance_id)
      .where('stories.inquiry_id', '=', run.inquiry_id)
      .select((eb) => [
        'stories.id',
        'stories.title',
        'stories.language',
        domainName(eb.ref('stories.domain_id')).as('domain_name'),
      ])
      .orderBy('stories.id')
      .execute()
  ).filter((s) => wanted.has(s.id));
  const docs = await docsOf(db, stories);
  return docs.map((d, i) => ({ ...d, domain: stories[i]!.domain_name }));
}

/** The languages of the inquiry's stories that outputs may use: themes across languages need their dictionaries. */
export async function storyLanguages(db: Db, allianceId: number, inquiryId: number): Promise<string[]> {
  const rows = await storiesFor(db, allianceId)
    .where('stories.inquiry_id', '=', inquiryId)
    .select('stories.language')
    .distinct()
    .execute();
  return rows.map((r) => r.language);
}
