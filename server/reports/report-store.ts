/**
 * What a report is built from: the stories counted in the database (never read one by one, but for the few read by
 * panels, chosen or quoted), and the owners' stores (rounds, themes, codebook, accounts); the report's own texts too.
 * Stories come only through storiesFor, so drafts and withdrawn stories are never read; the funder view asks for
 * stories whose tellers agreed to share them with funders. Nothing here reads who interviewed whom.
 */
import { rolesOf } from '../accounts/members-store.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import { listTags } from '../codebook/tags-store.ts';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ConsentUse, Inquiry, ReportText, StoryRoute } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { LONG_WORDS, SHORT_WORDS } from '../patterns/dimensions.ts';
import { roundPanels } from '../rounds/rounds-store.ts';
import { quotableColumn, storiesFor, tellerColumn, type Audience } from '../stories/consent.ts';
import { STORY_DAY } from '../stories/list-store.ts';
import { latestFinishedRun, latestReviewedRun } from '../themes/runs-store.ts';
import { themesCounted } from '../themes/counts-store.ts';

export interface ReportStory {
  id: number;
  code: string;
  title: string;
  route: StoryRoute;
  domain_id: number | null;
  /** The day it was told, or the day it was recorded when that is not known (YYYY-MM-DD). */
  day: string;
  /** 1 when the teller agreed to be quoted. */
  quotable: number;
  /** Blank for anonymous tellers, and for funders. */
  storyteller: string;
  /** The story's length and the language it was told in ('' when not recorded), for meta-monitoring. */
  word_count: number;
  language: string;
}

/** A story's length band as the pattern views have it: 0 short, 1 medium, 2 long. */
const BAND = sql<number>`case when stories.word_count < ${sql.lit(SHORT_WORDS)} then 0 when stories.word_count < ${sql.lit(LONG_WORDS)} then 1 else 2 end`;

/**
 * The inquiry's stories in the period that this audience may be told about (never drafts or withdrawn ones), as a
 * query the counts below and the owners' stores (themes, storyteller answers) narrow further or use as a subquery.
 */
export function reportedStories(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience,
  period: ReportPeriod,
  use?: ConsentUse,
) {
  let query = storiesFor(db, inquiry.alliance_id, use, audience).where('stories.inquiry_id', '=', inquiry.id);
  if (period.from) query = query.where(STORY_DAY, '>=', period.from);
  if (period.to) query = query.where(STORY_DAY, '<=', period.to);
  return query;
}

const countWhere = (condition: RawBuilder<unknown>) =>
  sql<number | string>`sum(case when ${condition} then 1 else 0 end)`;

export interface StoryCount {
  route: StoryRoute;
  domain_id: number | null;
  /** 0 short, 1 medium, 2 long (dimensions.ts's bands). */
  band: number;
  language: string;
  /** How many stories are alike in all four, and how many of those were read back, changed then, verified. */
  n: number;
  read_back: number;
  changed: number;
  verified: number;
}

/**
 * The stories counted in the database, grouped by route, domain, length band and language: a few hundred rows
 * however many stories there are (issue 20: the report never reads every story into the process).
 */
export async function storyCounts(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience,
  period: ReportPeriod,
): Promise<StoryCount[]> {
  const readBack = sql`stories.read_back_on is not null and stories.read_back_on != ''`;
  const rows = await reportedStories(db, inquiry, audience, period)
    .select(['stories.route', 'stories.domain_id', BAND.as('band'), 'stories.language'])
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      countWhere(readBack).as('read_back'),
      countWhere(sql`${readBack} and trim(coalesce(stories.read_back_changes, '')) != ''`).as('changed'),
      countWhere(sql`stories.verified_on is not null and stories.verified_on != ''`).as('verified'),
    ])
    .groupBy(['stories.route', 'stories.domain_id', BAND, 'stories.language'])
    .execute();
  return rows.map((r) => ({
    route: r.route,
    domain_id: r.domain_id,
    band: Number(r.band),
    language: r.language,
    n: Number(r.n),
    read_back: Number(r.read_back),
    changed: Number(r.changed),
    verified: Number(r.verified),
  }));
}

/** How many stories can be asked for in one query (SQLite takes at most 32,766 values in a statement). */
const IDS_BATCH = 10_000;

/** These stories, where this audience may be told about them and they were told in the period; others are left out. */
export async function reportStories(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience,
  period: ReportPeriod,
  storyIds: readonly number[],
): Promise<ReportStory[]> {
  const ids = [...new Set(storyIds)].sort((a, b) => a - b);
  const found: ReportStory[] = [];
  for (let i = 0; i < ids.length; i += IDS_BATCH) {
    const rows = await reportedStories(db, inquiry, audience, period)
      .select([
        'stories.id',
        'stories.code',
        'stories.title',
        'stories.route',
        'stories.domain_id',
        'stories.word_count',
        'stories.language',
      ])
      .select([STORY_DAY.as('day'), quotableColumn(), tellerColumn(audience)])
      .where('stories.id', 'in', ids.slice(i, i + IDS_BATCH))
      .orderBy('stories.code')
      .execute();
    for (const r of rows)
      found.push({ ...r, quotable: Number(r.quotable), word_count: Number(r.word_count), language: r.language });
  }
  return found;
}

/** The panels: each round, which stories it read, and who sat on it by role (members) or as guests. */
export async function panelsOf(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  const { rounds, readings, sitters } = await roundPanels(db, inquiry);
  const members = sitters.flatMap((s) => (s.user_id === null ? [] : [s.user_id]));
  const roles = await rolesOf(db, inquiry.alliance_id, [...new Set(members)]);
  return {
    rounds,
    readings,
    sitters: sitters.map((s) => ({ ...s, role: s.user_id === null ? null : (roles.get(s.user_id) ?? null) })),
  };
}

/**
 * The latest finished theme run of the inquiry, its themes still in play with their codebook tags, how many of
 * these stories each holds, and the first few of them each may quote (in the theme's order), counted in the database.
 */
export async function latestThemes(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience,
  period: ReportPeriod,
  quotesEach = 10,
) {
  // The themes people kept or renamed, from the latest run they reviewed; only when they have reviewed none, the
  // latest run's suggestions, said to be unreviewed (a newer run's untouched suggestions never hide reviewed ones).
  const reviewedRun = await latestReviewedRun(db, inquiry.alliance_id, inquiry.id);
  const run = reviewedRun ?? (await latestFinishedRun(db, inquiry.alliance_id, inquiry.id));
  if (!run) return undefined;
  const counted = await themesCounted(
    db,
    run,
    ['suggested', 'kept'],
    reportedStories(db, inquiry, audience, period).select('stories.id'),
    reportedStories(db, inquiry, audience, period, 'quotes').select('stories.id'),
    quotesEach,
    audience,
  );
  const { counts, leading } = counted;
  // A theme none of whose stories is in this report (told outside its period, or kept from its audience: a funder
  // may see one of its stories told later) is not listed with "(0 stories)": it is not part of this report.
  const inReport = counted.themes.filter((t) => (counts.get(t.id) ?? 0) > 0);
  const themes = reviewedRun ? inReport.filter((t) => t.status === 'kept' || t.name !== null) : inReport;
  const tags = new Map((await listTags(db, inquiry)).map((t) => [t.id, t.name]));
  return {
    run,
    reviewed: Boolean(reviewedRun),
    themes: themes.map((t) => ({ ...t, tag_name: t.tag_id === null ? null : (tags.get(t.tag_id) ?? null) })),
    counts,
    leading,
  };
}

/* ---------- The coordinator's own words ---------- */

export interface ReportPeriod {
  from: string;
  to: string;
}

export function findTexts(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  period: ReportPeriod,
): Promise<ReportText | undefined> {
  return db
    .selectFrom('report_texts')
    .selectAll()
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .where('period_from', '=', period.from)
    .where('period_to', '=', period.to)
    .executeTakeFirst();
}

export interface TextsInput {
  title: string;
  introduction: string;
  conclusions: string;
}

/** Saves the report's title, introduction and conclusions for this period, replacing what was there. */
export async function saveTexts(
  db: Db,
  actor: Actor,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  period: ReportPeriod,
  input: TextsInput,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await findTexts(trx, inquiry, period);
    const values = {
      title: input.title,
      introduction: input.introduction,
      conclusions: input.conclusions,
      updated_by: actor.id,
      updated_at: iso(now),
    };
    if (existing) await trx.updateTable('report_texts').set(values).where('id', '=', existing.id).execute();
    else
      await trx
        .insertInto('report_texts')
        .values({
          alliance_id: inquiry.alliance_id,
          inquiry_id: inquiry.id,
          period_from: period.from,
          period_to: period.to,
          ...values,
        })
        .execute();
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'report.texts_saved',
        subjectType: 'inquiry',
        subjectId: inquiry.id,
        detail: { from: period.from, to: period.to },
      },
      now,
    );
  });
}
