/**
 * Reading an inquiry whole, for exports, from the parts each capability gives out (their transfer-store.ts). Which
 * stories go out is decided here, once, through storiesFor: never a draft, never a withdrawn story, and for funders
 * only those whose teller consented to sharing with funders. Everything else read is then kept only where it
 * belongs to those stories (see json.ts).
 */
import { listMembers } from '../accounts/members-store.ts';
import { namesOf } from '../accounts/users-store.ts';
import { storyTagsForExport } from '../codebook/transfer-store.ts';
import { listTags } from '../codebook/tags-store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { guideForExport } from '../inquiries/transfer-store.ts';
import { learningForExport } from '../learning/transfer-store.ts';
import { selectionsForInquiry } from '../rounds/selections-store.ts';
import { roundsForExport } from '../rounds/transfer-store.ts';
import { storiesFor, type Audience } from '../stories/consent.ts';
import { storyPartsForExport } from '../stories/transfer-store.ts';
import { analysisForExport } from '../themes/transfer-store.ts';
import { translationsOf } from '../translations/transfer-store.ts';

async function readStories(db: Db, inquiry: Inquiry, audience: Audience, storyIds?: number[]) {
  let query = storiesFor(db, inquiry.alliance_id, undefined, audience)
    .selectAll('stories')
    .where('stories.inquiry_id', '=', inquiry.id);
  if (storyIds) query = query.where('stories.id', 'in', storyIds.length ? storyIds : [0]);
  const rows = await query.orderBy('stories.code').orderBy('stories.id').execute();
  const ids = rows.map((s) => s.id);
  const [names, members, parts] = await Promise.all([
    namesOf(db, [...rows.map((s) => s.interviewer_id), ...rows.map((s) => s.partner_id)]),
    // Funders' files name no one, so they need no emails.
    audience === 'funders' ? [] : listMembers(db, inquiry.alliance_id),
    storyPartsForExport(db, ids),
  ]);
  const emails = new Map(members.map((m) => [m.user_id, m.email]));
  // Who gathered it by name, and by email while they are members, for an import to find them again (accounts do
  // not travel); null where there was none.
  const stories = rows.map((s) => ({
    ...s,
    interviewer_name: s.interviewer_id === null ? null : (names.get(s.interviewer_id) ?? null),
    interviewer_email: s.interviewer_id === null ? null : (emails.get(s.interviewer_id) ?? null),
    partner_name: s.partner_id === null ? null : (names.get(s.partner_id) ?? null),
    partner_email: s.partner_id === null ? null : (emails.get(s.partner_id) ?? null),
  }));
  return { stories, ids, ...parts };
}

/**
 * The decisions whose reasons, criteria and dissent this audience may not read: those that chose a story it may not
 * see, as selectionsForInquiry marks them for the report. A decision that chose only such stories has no row there,
 * so any decision with a choice and no readable row is withheld.
 */
async function withheldDecisions(db: Db, inquiry: Inquiry, audience: Audience, chosen: { decision_id: number }[]) {
  const rows = await selectionsForInquiry(db, inquiry.alliance_id, inquiry.id, audience);
  const readable = new Set(rows.filter((s) => !s.reasons_withheld).map((s) => Number(s.decision_id)));
  return new Set(chosen.map((x) => Number(x.decision_id)).filter((id) => !readable.has(id)));
}

/** Everything an export may draw on, for one inquiry already found within its alliance. */
export async function readInquiry(db: Db, inquiry: Inquiry, audience: Audience, storyIds?: number[]) {
  const [guide, stories, tags, rounds, analysis, learning] = await Promise.all([
    guideForExport(db, inquiry.id),
    readStories(db, inquiry, audience, storyIds),
    listTags(db, inquiry),
    roundsForExport(db, inquiry),
    analysisForExport(db, inquiry, audience),
    learningForExport(db, inquiry.id),
  ]);
  const [storyTags, translations, reasonsWithheld] = await Promise.all([
    storyTagsForExport(db, stories.ids),
    translationsOf(db, stories.ids),
    withheldDecisions(db, inquiry, audience, rounds.selections),
  ]);
  return {
    inquiry,
    ...guide,
    ...stories,
    tags,
    storyTags,
    translations,
    rounds,
    reasonsWithheld,
    analysis,
    ...learning,
  };
}

export type InquiryData = Awaited<ReturnType<typeof readInquiry>>;

/** How many stories an export would hold: for the team, and for funders. */
export async function exportCounts(db: Db, inquiry: Inquiry): Promise<{ team: number; funders: number }> {
  const count = async (audience: Audience) => {
    const row = await storiesFor(db, inquiry.alliance_id, undefined, audience)
      .select(db.fn.countAll().as('n'))
      .where('stories.inquiry_id', '=', inquiry.id)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  return { team: await count('team'), funders: await count('funders') };
}
