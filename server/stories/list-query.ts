/**
 * The query behind the story list and a search's candidates: an inquiry's stories as filtered, with the viewer's
 * boundaries (alliance, drafts, withdrawn stories), and the storyteller attributes of a page of them.
 */
import { expressionBuilder, sql, type ExpressionBuilder } from 'kysely';
import { can } from '../accounts/permissions.ts';
import { dialectOf, type Db } from '../db/database.ts';
import type { Database, Inquiry, Role, StoryStatus } from '../db/schema.ts';
import type { StoryFilters } from './list-filters.ts';
import type { Part } from './highlight.ts';
import { matchesSearch, searchMatch, type SearchHow } from './search.ts';

/** Who is looking: drafts are private to their interviewers (and coordinators). */
export interface Viewer {
  userId: number;
  role: Role;
}

export interface ListedStory {
  id: number;
  code: string;
  title: string;
  /** The language it was told in: its title and excerpt are marked with it. */
  language: string;
  status: StoryStatus;
  domain_name: string | null;
  told_on: string | null;
  interviewer_name: string | null;
  partner_name: string | null;
  word_count: number;
  attributes: { label: string; value: string }[];
  /** A search's result: its title and an excerpt of its words, the searched words marked. */
  titleParts?: Part[];
  excerpt?: Part[];
}

export interface WithdrawnStory {
  id: number;
  code: string;
  withdrawn_at: string | null;
}

export type StoryPage =
  | {
      withdrawn: false;
      stories: ListedStory[];
      /** How many match (a search counts up to its SEARCH_CANDIDATES, a list up to LIST_COUNT_CAP). */
      total: number;
      /** More than that many match. */
      capped: boolean;
      /** How many can be paged through (the newest SEARCH_CANDIDATES or LIST_COUNT_CAP), at most total. */
      pageable: number;
    }
  | { withdrawn: true; stories: WithdrawnStory[]; total: number; capped: boolean; pageable: number };

type StoriesEb = ExpressionBuilder<Database, 'stories'>;

/** The ids of stories whose teller gave this answer about themselves (whatever the case), as a subquery for a filter. */
export function storyIdsWithAttribute(attributeId: number, value: string) {
  return expressionBuilder<Database>()
    .selectFrom('story_attributes')
    .select('story_attributes.story_id')
    .where('story_attributes.attribute_id', '=', attributeId)
    .where((eb) => eb(eb.fn('lower', ['story_attributes.value']), '=', eb.fn('lower', [eb.val(value)])));
}

/**
 * The list's stories as filtered. `forCount` shapes the storyteller-answer filters for counting, not paging;
 * `search` says how PostgreSQL reads a search's matches (search.ts).
 */
export function filtered(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters,
  { forCount = false, search = {} as SearchHow } = {},
) {
  let query = db.selectFrom('stories');
  if (filters.search && dialectOf(db) === 'sqlite')
    // A search leads with the index, which gives its matches newest first, so a query with a LIMIT (the candidates,
    // the capped count) stops early. CROSS JOIN keeps that order of the tables: SQLite keeps no statistics here and
    // would rather read every story of the inquiry and test each against the search.
    query = db
      .selectFrom(sql<{ rowid: number }>`story_search`.as('story_search'))
      .crossJoin('stories')
      .where(sql<boolean>`story_search MATCH ${searchMatch(filters.search)}`)
      .where(sql<boolean>`stories.id = story_search.rowid`) as unknown as typeof query;
  query = query.where('stories.alliance_id', '=', inquiry.alliance_id).where('stories.inquiry_id', '=', inquiry.id);
  if (filters.status === 'withdrawn') query = query.where('stories.status', '=', 'withdrawn');
  else {
    query = query.where('stories.status', '!=', 'withdrawn').where('stories.withdrawn_at', 'is', null);
    if (filters.status) query = query.where('stories.status', '=', filters.status);
    if (!can(viewer.role, 'lookAfterAnyStory')) {
      query = query.where((eb: StoriesEb) =>
        eb.or([
          eb('stories.status', '!=', 'draft'),
          eb('stories.interviewer_id', '=', viewer.userId),
          eb('stories.partner_id', '=', viewer.userId),
        ]),
      );
    }
  }
  if (filters.domainId !== undefined) query = query.where('stories.domain_id', '=', filters.domainId);
  if (filters.interviewerId !== undefined) {
    const id = filters.interviewerId;
    query = query.where((eb: StoriesEb) =>
      eb.or([eb('stories.interviewer_id', '=', id), eb('stories.partner_id', '=', id)]),
    );
  }
  if (filters.toldFrom) query = query.where('stories.told_on', '>=', filters.toldFrom);
  if (filters.toldTo) query = query.where('stories.told_on', '<=', filters.toldTo);
  // Counting, a set of ids read from the answers' index once beats a probe per story; for a page, newest first, a
  // probe per story stops after the page (measured at 100,000 stories, README "Running at scale").
  for (const { attributeId, value } of filters.attributes) {
    const answered = storyIdsWithAttribute(attributeId, value);
    query = forCount
      ? query.where('stories.id', 'in', answered)
      : query.where((eb: StoriesEb) =>
          eb.exists(answered.where('story_attributes.story_id', '=', sql.ref<number>('stories.id'))),
        );
  }
  if (filters.storyIds) query = query.where('stories.id', 'in', filters.storyIds);
  if (filters.search && dialectOf(db) === 'postgres') query = query.where(matchesSearch(db, filters.search, search));
  return query;
}

/** The storyteller attributes of a page of stories, by story. */
export async function attributesOf(
  db: Db,
  rows: { id: number }[],
): Promise<Map<number, { label: string; value: string }[]>> {
  const attributes = rows.length
    ? await db
        .selectFrom('story_attributes')
        .select(['story_id', 'label', 'value'])
        .where(
          'story_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('story_id')
        .orderBy('id')
        .execute()
    : [];
  const byStory = new Map<number, { label: string; value: string }[]>();
  for (const a of attributes)
    byStory.set(a.story_id, [...(byStory.get(a.story_id) ?? []), { label: a.label, value: a.value }]);
  return byStory;
}
