/**
 * What a report is built from, read in a few whole-inquiry queries (the report does the counting in report.ts),
 * mostly through the owners' stores (rounds, themes, codebook, accounts); the report's own texts are kept here.
 * Stories come only through storiesFor, so drafts and withdrawn stories are never read; the funder view asks for
 * stories whose tellers agreed to share them with funders. Nothing here reads who interviewed whom.
 */
import { rolesOf } from '../accounts/members-store.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import { listTags } from '../codebook/tags-store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, ReportText, StoryRoute } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { roundPanels } from '../rounds/rounds-store.ts';
import { quotableColumn, storiesFor, tellerColumn, type Audience } from '../stories/consent.ts';
import { latestFinishedRun } from '../themes/runs-store.ts';
import { themesWithStories } from '../themes/themes-store.ts';

export interface ReportStory {
  id: number;
  code: string;
  title: string;
  route: StoryRoute;
  domain_id: number | null;
  /** The day it was told, or the day it was recorded when that is not known (YYYY-MM-DD). */
  day: string;
  read_back_on: string | null;
  read_back_changes: string | null;
  verified_on: string | null;
  /** 1 when the teller agreed to be quoted. */
  quotable: number;
  /** Blank for anonymous tellers, and for funders. */
  storyteller: string;
  /** The story's length and the language it was told in ('' when not recorded), for meta-monitoring. */
  word_count: number;
  language: string;
}

/** The inquiry's stories this audience may be told about: never drafts or withdrawn ones. */
export async function reportStories(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  audience: Audience,
): Promise<ReportStory[]> {
  const rows = await storiesFor(db, inquiry.alliance_id, undefined, audience)
    .select([
      'stories.id',
      'stories.code',
      'stories.title',
      'stories.route',
      'stories.domain_id',
      'stories.told_on',
      'stories.created_at',
      'stories.read_back_on',
      'stories.read_back_changes',
      'stories.verified_on',
      'stories.word_count',
      'stories.language',
    ])
    .select([quotableColumn(), tellerColumn(audience)])
    .where('stories.inquiry_id', '=', inquiry.id)
    .orderBy('stories.code')
    .execute();
  return rows.map(({ told_on, created_at, ...r }) => ({
    ...r,
    day: told_on ?? created_at.slice(0, 10),
    quotable: Number(r.quotable),
    word_count: Number(r.word_count),
    language: r.language,
  }));
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

/** The latest finished theme run of the inquiry, its themes still in play, their stories and codebook tags. */
export async function latestThemes(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  const run = await latestFinishedRun(db, inquiry.alliance_id, inquiry.id);
  if (!run) return undefined;
  const { themes, members } = await themesWithStories(db, run, ['suggested', 'kept']);
  const tags = new Map((await listTags(db, inquiry)).map((t) => [t.id, t.name]));
  return {
    run,
    themes: themes.map((t) => ({ ...t, tag_name: t.tag_id === null ? null : (tags.get(t.tag_id) ?? null) })),
    members,
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
