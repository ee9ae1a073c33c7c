/**
 * Picking a round's stories: by filter, by hand, or passed up from the rounds below, and taking one out. Every
 * candidate goes through storiesFor(…, 'panels'): consent first. The themes the filters offer come from themes.
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import { taggedStoryIds } from '../codebook/tagging-store.ts';
import type { Db } from '../db/database.ts';
import type { Round, RoundStoryOrigin } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import { storiesFor } from '../stories/consent.ts';
import { storyIdsWithAttribute } from '../stories/list-query.ts';
import { findStory } from '../stories/store.ts';
import { themeStoryIds } from '../themes/themes-store.ts';
import { roundDomains } from './rounds-store.ts';
import type { PickFilters } from './setup-forms.ts';

/** Stories the round may be given: panel consent, this inquiry, and the round's domains when it names some. */
async function allowedStories(db: Db, round: Round) {
  const domains = (await roundDomains(db, round.id)).map((d) => d.id);
  let query = storiesFor(db, round.alliance_id, 'panels').where('stories.inquiry_id', '=', round.inquiry_id);
  if (domains.length > 0) query = query.where('stories.domain_id', 'in', domains);
  return query;
}

/** The stories the source rounds chose, still allowed, not yet in this round. */
async function passedUpIds(db: Db, round: Round): Promise<number[]> {
  const rows = await (
    await allowedStories(db, round)
  )
    .innerJoin('selections', 'selections.story_id', 'stories.id')
    .innerJoin('round_sources', 'round_sources.source_round_id', 'selections.round_id')
    .select('stories.id')
    .distinct()
    .where('round_sources.round_id', '=', round.id)
    .where('stories.id', 'not in', (eb) =>
      eb.selectFrom('round_stories').select('story_id').where('round_id', '=', round.id),
    )
    .orderBy('stories.id')
    .execute();
  return rows.map((r) => r.id);
}

async function insertStories(db: Db, round: Round, storyIds: number[], origin: RoundStoryOrigin): Promise<void> {
  const last = await db
    .selectFrom('round_stories')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('round_id', '=', round.id)
    .executeTakeFirst();
  let position = last?.p == null ? 0 : Number(last.p) + 1;
  for (const storyId of storyIds)
    await db
      .insertInto('round_stories')
      .values({ round_id: round.id, story_id: storyId, position: position++, origin })
      .execute();
}

/** Adds the stories passed up from the source rounds (see passedUpIds). Returns how many. */
export async function addPassedUp(db: Db, round: Round): Promise<number> {
  const ids = await passedUpIds(db, round);
  await insertStories(db, round, ids, 'passed_up');
  return ids.length;
}

/** "Bring in chosen stories from earlier rounds": for when the source rounds decided after this round was made. */
export async function bringInPassedUp(db: Db, actor: Actor, round: Round, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const added = await addPassedUp(trx, round);
    if (added > 0)
      await recordAudit(
        trx,
        {
          allianceId: round.alliance_id,
          actor,
          action: 'round.stories_added',
          subjectType: 'round',
          subjectId: round.id,
          detail: { origin: 'passed_up', count: added },
        },
        now,
      );
    return added;
  });
}

export interface Candidate {
  id: number;
  code: string;
  title: string;
  /** The story's own language: its title is marked with it. */
  language: string;
  status: string;
  domain_name: string | null;
  word_count: number;
}

export const CANDIDATES_SHOWN = 200;

/** Stories matching the filters that the round may be given and does not have yet. */
export async function candidateQuery(db: Db, round: Round, filters: PickFilters) {
  let query = (await allowedStories(db, round)).where('stories.id', 'not in', (eb) =>
    eb.selectFrom('round_stories').select('story_id').where('round_id', '=', round.id),
  );
  if (filters.domainId !== undefined) query = query.where('stories.domain_id', '=', filters.domainId);
  if (filters.status) query = query.where('stories.status', '=', filters.status);
  if (filters.themeId !== undefined) query = query.where('stories.id', 'in', themeStoryIds(filters.themeId));
  if (filters.tagId !== undefined) query = query.where('stories.id', 'in', taggedStoryIds(filters.tagId));
  if (filters.attribute) {
    const { attributeId, value } = filters.attribute;
    query = query.where('stories.id', 'in', storyIdsWithAttribute(attributeId, value));
  }
  // readingMinutes rounds to the nearest minute: at most m minutes means fewer than 200m + 100 words.
  if (filters.maxMinutes !== undefined) query = query.where('stories.word_count', '<', filters.maxMinutes * 200 + 100);
  if (filters.maxWords !== undefined) query = query.where('stories.word_count', '<=', filters.maxWords);
  return query;
}

export async function listCandidates(
  db: Db,
  round: Round,
  filters: PickFilters,
): Promise<{ stories: Candidate[]; total: number }> {
  const query = await candidateQuery(db, round, filters);
  const counted = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await query
    .select((eb) => [
      'stories.id',
      'stories.code',
      'stories.title',
      'stories.language',
      'stories.status',
      domainName(eb.ref('stories.domain_id')).as('domain_name'),
      'stories.word_count',
    ])
    .orderBy('stories.code')
    .limit(CANDIDATES_SHOWN)
    .execute();
  return { stories: rows.map((r) => ({ ...r, word_count: Number(r.word_count) })), total: Number(counted?.n ?? 0) };
}

/**
 * Adds stories to the round: the ticked ones (only those among the candidates: anything else is ignored) or, with
 * `all`, every match. Keeps the filters used. Returns how many were added.
 */
export async function addStories(
  db: Db,
  actor: Actor,
  round: Round,
  filters: PickFilters,
  choice: { all: true } | { ids: number[] },
  now = new Date(),
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let query = (await candidateQuery(trx, round, filters)).select('stories.id');
    if (!('all' in choice)) query = query.where('stories.id', 'in', choice.ids.length ? choice.ids : [0]);
    const ids = (await query.orderBy('stories.code').execute()).map((r) => r.id);
    await insertStories(trx, round, ids, 'all' in choice ? 'filter' : 'hand');
    await trx
      .updateTable('rounds')
      .set({ filters: JSON.stringify(filters), updated_at: iso(now) })
      .where('id', '=', round.id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: 'round.stories_added',
        subjectType: 'round',
        subjectId: round.id,
        detail: { origin: 'all' in choice ? 'filter' : 'hand', count: ids.length, filters },
      },
      now,
    );
    return ids.length;
  });
}

export async function removeStory(
  db: Db,
  actor: Actor,
  round: Round,
  storyId: number,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('round_stories')
      .where('round_id', '=', round.id)
      .where('story_id', '=', storyId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    const story = await findStory(trx, round.alliance_id, storyId);
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor,
        action: 'round.story_removed',
        subjectType: 'round',
        subjectId: round.id,
        detail: { code: story?.code },
      },
      now,
    );
    return true;
  });
}
