/**
 * Selection history: where a story was chosen, by which panel, at which level, when, why and with how many votes.
 * Only rounds of the story's own alliance count, and a withdrawn story has no history to show anywhere.
 */
import type { Db } from '../db/database.ts';
import type { ConsentUse, Round, Story } from '../db/schema.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import { consented, quotableColumn, storiesFor, tellerColumn, type Audience } from '../stories/consent.ts';

export interface StorySelection {
  story_id: number;
  decision_id: number;
  round_id: number;
  round_name: string;
  panel: string;
  level: number;
  method: string;
  decided_at: string;
  reasons: string;
  criteria: string;
  dissent: string;
  votes: number;
  /** Whether any votes were entered in Hearth for the round (a paper or consensus round may have none). */
  counted: boolean;
  feedback_sent_at: string | null;
  /** True when the panel's words are blanked: the decision also chose a story this audience may not see. */
  reasons_withheld: boolean;
}

/**
 * Selections of stories that outputs may show (storiesFor: neither drafts nor withdrawn), in rounds of the alliance,
 * each saying whether votes were entered in Hearth for its round (without them, "0 votes" would be wrong, not zero).
 */
function selectionsQuery(db: Db, allianceId: number, use?: ConsentUse) {
  return storiesFor(db, allianceId, use)
    .innerJoin('selections', 'selections.story_id', 'stories.id')
    .innerJoin('decisions', 'decisions.id', 'selections.decision_id')
    .innerJoin('rounds', 'rounds.id', 'selections.round_id')
    .select([
      'selections.story_id',
      'decisions.id as decision_id',
      'rounds.id as round_id',
      'rounds.name as round_name',
      'rounds.panel',
      'rounds.level',
      'rounds.method',
      'decisions.decided_at',
      'decisions.reasons',
      'decisions.criteria',
      'decisions.dissent',
      'selections.votes',
      'rounds.feedback_sent_at',
    ])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('ballots').select('ballots.id').whereRef('ballots.round_id', '=', 'rounds.id'))
        .as('counted'),
    )
    .where('rounds.alliance_id', '=', allianceId)
    .orderBy('rounds.level')
    .orderBy('decisions.decided_at')
    .orderBy('selections.id');
}

const tidy = <T extends { level: number; votes: number; counted: unknown }>(r: T) => ({
  ...r,
  level: Number(r.level),
  votes: Number(r.votes),
  counted: Boolean(Number(r.counted)),
});

interface PanelWords {
  decision_id: number;
  reasons: string;
  criteria?: string;
  dissent: string;
}

/**
 * A split decision's reasons speak of every story it chose, so they are shown only where this audience may see
 * each of those stories (for this use): otherwise they are blanked and marked withheld. Otherwise a funder reading
 * a shared story would read what the panel said of one its teller kept from funders, or of a withdrawn one.
 */
export async function withPanelWords<T extends PanelWords>(
  db: Db,
  allianceId: number,
  rows: T[],
  use: ConsentUse | undefined,
  audience: Audience,
): Promise<(T & { reasons_withheld: boolean })[]> {
  const decisionIds = [...new Set(rows.map((r) => Number(r.decision_id)))];
  const chosen =
    decisionIds.length === 0
      ? []
      : await db
          .selectFrom('selections')
          .select(['selections.decision_id', 'selections.story_id'])
          .where('selections.decision_id', 'in', decisionIds)
          .execute();
  const storyIds = [...new Set(chosen.map((c) => Number(c.story_id)))];
  const shown =
    storyIds.length === 0
      ? new Set<number>()
      : new Set(
          (
            await storiesFor(db, allianceId, use, audience)
              .select('stories.id')
              .where('stories.id', 'in', storyIds)
              .execute()
          ).map((s) => Number(s.id)),
        );
  const withheld = new Set(chosen.filter((c) => !shown.has(Number(c.story_id))).map((c) => Number(c.decision_id)));
  return rows.map((r) => {
    const hide = withheld.has(Number(r.decision_id));
    return hide
      ? { ...r, reasons: '', dissent: '', ...('criteria' in r ? { criteria: '' } : {}), reasons_withheld: true }
      : { ...r, reasons_withheld: false };
  });
}

/**
 * Every time this story was chosen, lowest level first, with the panel's words as this audience may read them;
 * nothing for a withdrawn story.
 */
export async function storySelections(
  db: Db,
  allianceId: number,
  storyId: number,
  audience: Audience = 'team',
): Promise<StorySelection[]> {
  const rows = (await selectionsQuery(db, allianceId).where('selections.story_id', '=', storyId).execute()).map(tidy);
  return withPanelWords(db, allianceId, rows, undefined, audience);
}

/** Why earlier panels (lower levels of the same inquiry) chose these stories: for the feedback page of a later round. */
export async function earlierSelections(
  db: Db,
  round: Pick<Round, 'alliance_id' | 'inquiry_id' | 'level'>,
  storyIds: number[],
  audience: Audience = 'team',
): Promise<StorySelection[]> {
  if (storyIds.length === 0) return [];
  const rows = await selectionsQuery(db, round.alliance_id)
    .where('rounds.inquiry_id', '=', round.inquiry_id)
    .where('rounds.level', '<', round.level)
    .where('selections.story_id', 'in', storyIds)
    .execute();
  return withPanelWords(db, round.alliance_id, rows.map(tidy), 'panels', audience);
}

export interface InquirySelection extends StorySelection {
  code: string;
  title: string;
  /** Empty for anonymous stories, and for funders. */
  storyteller: string;
  domain_name: string | null;
}

/**
 * Every selection in the inquiry's rounds, for reports: only stories that are not withdrawn and whose teller still
 * agrees to `use` (panel reading unless told otherwise; null for none, so the report can keep what its own audience
 * may see: a teller who stops panels reading a story does not undo the choices made of it), with the teller's name
 * and the panel's words as this audience may see them.
 */
export async function selectionsForInquiry(
  db: Db,
  allianceId: number,
  inquiryId: number,
  audience: Audience = 'team',
  use: ConsentUse | null = 'panels',
): Promise<InquirySelection[]> {
  const rows = await selectionsQuery(db, allianceId, use ?? undefined)
    .select((eb) => ['stories.code', 'stories.title', domainName(eb.ref('decisions.domain_id')).as('domain_name')])
    .select(tellerColumn(audience))
    .where('stories.inquiry_id', '=', inquiryId)
    .where('rounds.inquiry_id', '=', inquiryId)
    .execute();
  return withPanelWords(db, allianceId, rows.map(tidy), use ?? undefined, audience);
}

export interface ChosenStory {
  decision_id: number;
  reasons_withheld: boolean;
  round_id: number;
  round_name: string;
  panel: string;
  domain_name: string | null;
  reasons: string;
  dissent: string;
  story_id: number;
  code: string;
  title: string;
  /** The story's own language: its title and quote are marked with it. */
  language: string;
  /** 1 when the teller agreed to be quoted. */
  quotable: number;
}

/** Stories chosen by the inquiry's rounds (or one round), with the reasons, only while a panel may read them. */
export async function chosenStories(
  db: Db,
  allianceId: number,
  where: { inquiryId: number; roundId?: number },
): Promise<ChosenStory[]> {
  let query = storiesFor(db, allianceId, 'panels')
    .innerJoin('selections', 'selections.story_id', 'stories.id')
    .innerJoin('decisions', 'decisions.id', 'selections.decision_id')
    .innerJoin('rounds', 'rounds.id', 'decisions.round_id')
    .select([
      'decisions.id as decision_id',
      'rounds.id as round_id',
      'rounds.name as round_name',
      'rounds.panel',
      'decisions.reasons',
      'decisions.dissent',
      'stories.id as story_id',
      'stories.code',
      'stories.title',
      'stories.language',
    ])
    .select((eb) => domainName(eb.ref('decisions.domain_id')).as('domain_name'))
    .select(quotableColumn())
    .where('rounds.alliance_id', '=', allianceId)
    .where('rounds.inquiry_id', '=', where.inquiryId)
    .where('decisions.outcome', '=', 'chosen');
  if (where.roundId !== undefined) query = query.where('rounds.id', '=', where.roundId);
  const rows = await query
    .orderBy('rounds.level')
    .orderBy('rounds.id')
    .orderBy('decisions.id')
    .orderBy('selections.id')
    .execute();
  return withPanelWords(
    db,
    allianceId,
    rows.map((r) => ({ ...r, quotable: Number(r.quotable) })),
    'panels',
    'team',
  );
}

export interface ReceiptRound {
  round_id: number;
  panel: string;
  level: number;
  feedback_sent_at: string;
  /** The panel's reasons when it chose the story; null when it read the story and chose others. */
  reasons: string | null;
}

/**
 * What a storyteller may learn on their receipt page: the rounds their story was read in whose feedback has been
 * sent, and whether it was chosen there and why. Nothing before the panel has sent its feedback.
 */
export async function receiptRounds(db: Db, story: Story): Promise<ReceiptRound[]> {
  if (!consented(story, 'panels')) return [];
  const rounds = await db
    .selectFrom('round_stories')
    .innerJoin('rounds', 'rounds.id', 'round_stories.round_id')
    .select(['rounds.id', 'rounds.panel', 'rounds.level', 'rounds.feedback_sent_at'])
    .where('round_stories.story_id', '=', story.id)
    .where('rounds.alliance_id', '=', story.alliance_id)
    .where('rounds.feedback_sent_at', 'is not', null)
    .orderBy('rounds.level')
    .orderBy('rounds.feedback_sent_at')
    .execute();
  const chosen = await storySelections(db, story.alliance_id, story.id);
  return rounds.map((r) => ({
    round_id: r.id,
    panel: r.panel,
    level: Number(r.level),
    feedback_sent_at: r.feedback_sent_at!,
    reasons:
      chosen
        .filter((c) => c.round_id === r.id)
        .map((c) => c.reasons)
        .join(' ') || null,
  }));
}
