/**
 * The stories of an inquiry, filtered and a page at a time, for the people who collect and care for them.
 * A fixed number of queries whatever the page size: the count, the page, and the page's storyteller attributes.
 * Withdrawn stories give only their code and date; drafts show only to their interviewers and coordinators.
 */
import { sql } from 'kysely';
import { peopleByName, userName } from '../accounts/users-store.ts';
import { dialectOf, type Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import type { StoryFilters } from './list-filters.ts';
import { storiesFor, type Audience } from './consent.ts';
import { attributesOf, filtered, type StoryPage, type Viewer } from './list-query.ts';
import { SEARCH_BOUNDS, searchPage, type SearchBounds } from './search-list.ts';

export type { ListedStory, StoryPage, Viewer, WithdrawnStory } from './list-query.ts';
export { SEARCH_CANDIDATES, type SearchBounds } from './search-list.ts';

export const PAGE_SIZE = 50;
/**
 * How far a list without a search counts and pages (issue 20): past it the page says "more than 10,000". An exact
 * count of a million stories reads them all on every page (a third of a second on PostgreSQL), and nobody pages
 * through 200 pages of 50; a filter narrows the list instead. The report and the lists of inquiries give totals.
 */
export const LIST_COUNT_CAP = 10_000;
/**
 * A list filtered by a storyteller's answer counts no further than 1,000: each story counted is a probe of the
 * answers' index and of the story (at a million stories, 19 ms to count 1,000 on PostgreSQL, 280 ms for 10,000).
 */
export const ANSWER_COUNT_CAP = 1000;
/** The day a story was told, or recorded when that is not known (YYYY-MM-DD): what a report's period selects by. */
export const STORY_DAY = sql<string>`coalesce(stories.told_on, substr(stories.created_at, 1, 10))`;

/** Whom a pattern is counted for, and over which days: a funders' report counts only what funders may be told of. */
export interface PatternScope {
  audience: Audience;
  from?: string;
  to?: string;
}

export interface PatternStory {
  id: number;
  domain_id: number | null;
  word_count: number;
  language: string;
}

/**
 * The stories patterns count: those the list's filters select that an output may show (storiesFor: never a draft
 * nor a withdrawn story; for funders, only what their tellers let funders see). Read afresh each time, so a
 * withdrawn story leaves every pattern at once.
 */
export function patternStories(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters,
  limit: number,
  scope: PatternScope = { audience: 'team' },
): Promise<PatternStory[]> {
  const chosen = filtered(db, inquiry, viewer, filters, { forCount: true }).select('stories.id');
  let query = storiesFor(db, inquiry.alliance_id, undefined, scope.audience)
    .where('stories.inquiry_id', '=', inquiry.id)
    .where('stories.id', 'in', chosen);
  if (scope.from) query = query.where(STORY_DAY, '>=', scope.from);
  if (scope.to) query = query.where(STORY_DAY, '<=', scope.to);
  return query
    .select(['stories.id', 'stories.domain_id', 'stories.word_count', 'stories.language'])
    .orderBy('stories.id')
    .limit(limit)
    .execute();
}

/** One page of an inquiry's stories, newest first, with how many match in all. */
export async function listStories(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters,
  page: number,
  pageSize = PAGE_SIZE,
  bounds = SEARCH_BOUNDS,
): Promise<StoryPage> {
  if (filters.search === undefined || dialectOf(db) !== 'postgres')
    return pageOf(db, inquiry, viewer, filters, page, pageSize, bounds);
  // PostgreSQL underrates the cost of testing a story's words (@@), and for a common word would as soon read every
  // story's words as use the search index, at many times the cost: while searching, it is told not to scan tables.
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    return pageOf(trx, inquiry, viewer, filters, page, pageSize, bounds);
  });
}

async function pageOf(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters,
  page: number,
  pageSize: number,
  bounds: SearchBounds,
): Promise<StoryPage> {
  if (filters.search !== undefined && filters.status !== 'withdrawn')
    return searchPage(db, inquiry, viewer, { ...filters, search: filters.search }, page, pageSize, bounds);
  const base = filtered(db, inquiry, viewer, filters);
  const cap = filters.attributes.length > 0 ? ANSWER_COUNT_CAP : LIST_COUNT_CAP;
  // Counted one past the cap, so "more than" is known without reading further.
  const count = async () =>
    Number(
      (
        await db
          .selectFrom(
            filtered(db.withoutPlugins(), inquiry, viewer, filters, { forCount: true })
              .select('stories.id')
              .limit(cap + 1)
              .as('counted'),
          )
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const bounded = (n: number) => ({ total: Math.min(n, cap), capped: n > cap, pageable: Math.min(n, cap) });
  const offset = (page - 1) * pageSize;
  if (filters.status === 'withdrawn') {
    // Only what withdrawal leaves: the code and when.
    const [counted, stories] = await Promise.all([
      count(),
      base
        .select(['stories.id', 'stories.code', 'stories.withdrawn_at'])
        .orderBy('stories.id', 'desc')
        .limit(pageSize)
        .offset(offset)
        .execute(),
    ]);
    return { withdrawn: true, stories, ...bounded(counted) };
  }
  // The count and the page are asked at once: on PostgreSQL (outside a transaction), one wait instead of two.
  const [counted, rows] = await Promise.all([
    count(),
    // The page is found first, then its names looked up by primary key (subqueries, still one query): PostgreSQL
    // would otherwise look up the names of every row the offset skips too.
    db
      .selectFrom(
        // Built without plugins: the outer query takes the whole through them, once.
        filtered(db.withoutPlugins(), inquiry, viewer, filters)
          .select([
            'stories.id',
            'stories.code',
            'stories.title',
            'stories.language',
            'stories.status',
            'stories.told_on',
            'stories.word_count',
            'stories.domain_id',
            'stories.interviewer_id',
            'stories.partner_id',
          ])
          .orderBy('stories.id', 'desc')
          .limit(pageSize)
          .offset(offset)
          .as('page'),
      )
      .select((eb) => [
        'page.id',
        'page.code',
        'page.title',
        'page.language',
        'page.status',
        'page.told_on',
        'page.word_count',
        domainName(eb.ref('page.domain_id')).as('domain_name'),
        userName(eb.ref('page.interviewer_id')).as('interviewer_name'),
        userName(eb.ref('page.partner_id')).as('partner_name'),
      ])
      .orderBy('page.id', 'desc')
      .execute(),
  ]);
  const attributes = await attributesOf(db, rows);
  return {
    withdrawn: false,
    stories: rows.map((r) => ({ ...r, attributes: attributes.get(r.id) ?? [] })),
    ...bounded(counted),
  };
}

/**
 * A recursive step listing the distinct people in one column of an inquiry's stories by skipping through the index
 * (inquiry_id, column): one probe per person rather than a read of every story, however many the inquiry holds.
 */
function distinctPeople(inquiry: Inquiry, column: 'interviewer_id' | 'partner_id', name: string) {
  const [col, self] = [sql.ref(`stories.${column}`), sql.ref(`${name}.id`)];
  const ofInquiry = sql`stories.inquiry_id = ${inquiry.id} AND stories.alliance_id = ${inquiry.alliance_id}`;
  return sql`${sql.table(name)}(id) AS (
    SELECT MIN(${col}) FROM stories WHERE ${ofInquiry} AND ${col} IS NOT NULL
    UNION ALL
    SELECT (SELECT MIN(${col}) FROM stories WHERE ${ofInquiry} AND ${col} > ${self}) FROM ${sql.table(name)} WHERE ${self} IS NOT NULL)`;
}

/** Everyone who interviewed (or partnered on) a story of this inquiry, by name, for the interviewer filter. */
export async function listInterviewers(db: Db, inquiry: Inquiry): Promise<{ id: number; name: string }[]> {
  const { rows } = await sql<{ id: number }>`
    WITH RECURSIVE ${distinctPeople(inquiry, 'interviewer_id', 'interviewers')}, ${distinctPeople(inquiry, 'partner_id', 'partners')}
    SELECT id FROM interviewers WHERE id IS NOT NULL UNION SELECT id FROM partners WHERE id IS NOT NULL`.execute(db);
  return peopleByName(
    db,
    rows.map((r) => Number(r.id)),
  );
}
