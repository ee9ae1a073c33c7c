/**
 * The stories of an inquiry, filtered and a page at a time, for the people who collect and care for them.
 * A fixed number of queries whatever the page size: the count, the page, and the page's storyteller attributes.
 * Withdrawn stories give only their code and date; drafts show only to their interviewers and coordinators.
 */
import { expressionBuilder, sql, type ExpressionBuilder } from 'kysely';
import { can } from '../accounts/permissions.ts';
import { peopleByName, userName } from '../accounts/users-store.ts';
import { dialectOf, type Db } from '../db/database.ts';
import type { Database, Inquiry, Role, StoryStatus } from '../db/schema.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import type { StoryFilters } from './list-filters.ts';
import { storiesFor } from './consent.ts';
import { excerpt, markWords, countMatches, wordMatcher, type Part } from './highlight.ts';
import { matchesSearch, searchMatch } from './search.ts';
import { WORD_KINDS } from './text.ts';

export const PAGE_SIZE = 50;
/**
 * A search ranks and pages through only the newest this many matching stories: a word in 30,000 stories is then
 * read 1,000 rows deep, not 30,000 (the index gives matches newest first and stops). Twenty pages is more than
 * anyone reads before narrowing the search with a filter or another word, which the page suggests.
 */
export const SEARCH_CANDIDATES = 1000;
/** Matches are counted up to this many and no further; past it the page says "more than 10,000". */
export const COUNT_CAP = 10_000;

/** How much of each answer an excerpt is looked for in: a searched word further in shows the answer's start. */
const EXCERPT_SOURCE = 2000;

/** How far a search reads: SEARCH_CANDIDATES and COUNT_CAP (tests pass smaller ones). */
export interface SearchBounds {
  candidates: number;
  countCap: number;
}
const SEARCH_BOUNDS: SearchBounds = { candidates: SEARCH_CANDIDATES, countCap: COUNT_CAP };

/** Who is looking: drafts are private to their interviewers (and coordinators). */
export interface Viewer {
  userId: number;
  role: Role;
}

export interface ListedStory {
  id: number;
  code: string;
  title: string;
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
      /** How many match, counted up to COUNT_CAP. */
      total: number;
      /** More than COUNT_CAP match. */
      capped: boolean;
      /** How many can be paged through (a search lists its newest SEARCH_CANDIDATES), at most total. */
      pageable: number;
    }
  | { withdrawn: true; stories: WithdrawnStory[]; total: number; capped: false; pageable: number };

type StoriesEb = ExpressionBuilder<Database, 'stories'>;

/** The ids of stories whose teller gave this answer about themselves (whatever the case), as a subquery for a filter. */
export function storyIdsWithAttribute(attributeId: number, value: string) {
  return expressionBuilder<Database>()
    .selectFrom('story_attributes')
    .select('story_attributes.story_id')
    .where('story_attributes.attribute_id', '=', attributeId)
    .where((eb) => eb(eb.fn('lower', ['story_attributes.value']), '=', eb.fn('lower', [eb.val(value)])));
}

function filtered(db: Db, inquiry: Inquiry, viewer: Viewer, filters: StoryFilters) {
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
  for (const { attributeId, value } of filters.attributes) {
    query = query.where((eb: StoriesEb) =>
      eb.exists(
        eb
          .selectFrom('story_attributes')
          .select('story_attributes.id')
          .whereRef('story_attributes.story_id', '=', 'stories.id')
          .where('story_attributes.attribute_id', '=', attributeId)
          .where((inner) =>
            inner(inner.fn('lower', ['story_attributes.value']), '=', inner.fn('lower', [inner.val(value)])),
          ),
      ),
    );
  }
  if (filters.storyIds) query = query.where('stories.id', 'in', filters.storyIds);
  if (filters.search && dialectOf(db) === 'postgres') query = query.where(matchesSearch(db, filters.search));
  return query;
}

export interface PatternStory {
  id: number;
  domain_id: number | null;
  word_count: number;
  language: string;
}

/**
 * The stories patterns count: those the list's filters select that an output may show (storiesFor: never a draft
 * nor a withdrawn story). Read afresh each time, so a withdrawn story leaves every pattern at once.
 */
export function patternStories(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters,
): Promise<PatternStory[]> {
  const chosen = filtered(db, inquiry, viewer, filters).select('stories.id');
  return storiesFor(db, inquiry.alliance_id)
    .where('stories.inquiry_id', '=', inquiry.id)
    .where('stories.id', 'in', chosen)
    .select(['stories.id', 'stories.domain_id', 'stories.word_count', 'stories.language'])
    .orderBy('stories.id')
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
  const count = async () => Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const offset = (page - 1) * pageSize;
  if (filters.status === 'withdrawn') {
    // Only what withdrawal leaves: the code and when.
    const [total, stories] = await Promise.all([
      count(),
      base
        .select(['stories.id', 'stories.code', 'stories.withdrawn_at'])
        .orderBy('stories.id', 'desc')
        .limit(pageSize)
        .offset(offset)
        .execute(),
    ]);
    return { withdrawn: true, stories, total, capped: false, pageable: total };
  }
  // The count and the page are asked at once: on PostgreSQL (outside a transaction), one wait instead of two.
  const [total, rows] = await Promise.all([
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
    total,
    capped: false,
    pageable: total,
  };
}

/** The storyteller attributes of a page of stories, by story. */
async function attributesOf(db: Db, rows: { id: number }[]): Promise<Map<number, { label: string; value: string }[]>> {
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

/**
 * A page of a search: the newest SEARCH_CANDIDATES matching stories (the filters applied), ranked in the process
 * by how many of their title's words are searched words, then newest first — one plain function, so SQLite and
 * PostgreSQL list the same stories in the same order — with the matches counted up to COUNT_CAP.
 */
async function searchPage(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters & { search: string },
  page: number,
  pageSize: number,
  { candidates: bound, countCap }: SearchBounds,
): Promise<StoryPage> {
  const plain = db.withoutPlugins();
  const matching = () => filtered(plain, inquiry, viewer, filters);
  // On SQLite the index's own order, which it reads newest first without sorting (the same stories as stories.id).
  const newest = dialectOf(db) === 'sqlite' ? sql<number>`story_search.rowid` : sql<number>`stories.id`;
  const candidates = await matching()
    .select(['stories.id', 'stories.title', 'stories.language'])
    .orderBy(newest, 'desc')
    .limit(bound)
    .execute();
  // Fewer candidates than the bound are every match: counted already.
  const count =
    candidates.length < bound
      ? candidates.length
      : Number(
          (
            await db
              .selectFrom(
                matching()
                  .select(sql<number>`1`.as('one'))
                  .limit(countCap + 1)
                  .as('found'),
              )
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          )?.n ?? 0,
        );
  const matches = wordMatcher(filters.search);
  const ranked = candidates
    .map((c) => ({ ...c, score: countMatches(c.title, c.language, matches) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice((page - 1) * pageSize, page * pageSize);
  const ids = ranked.map((r) => r.id);
  const [rows, attributes, answers] = ids.length
    ? await Promise.all([
        db
          .selectFrom('stories')
          .select((eb) => [
            'stories.id',
            'stories.code',
            'stories.status',
            'stories.told_on',
            'stories.word_count',
            domainName(eb.ref('stories.domain_id')).as('domain_name'),
            userName(eb.ref('stories.interviewer_id')).as('interviewer_name'),
            userName(eb.ref('stories.partner_id')).as('partner_name'),
          ])
          .where('stories.id', 'in', ids)
          .execute(),
        attributesOf(db, ranked),
        db
          .selectFrom('story_answers')
          // The start of each answer is enough for an excerpt: a page reads kilobytes, not whole stories.
          .select(['story_id', sql<string>`substr(value, 1, ${EXCERPT_SOURCE})`.as('value')])
          .where('story_id', 'in', ids)
          .where(
            'kind',
            'in',
            WORD_KINDS.filter((k) => k !== 'title'),
          )
          .orderBy('story_id')
          .orderBy('position')
          .execute(),
      ])
    : [[], new Map(), []];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const words = new Map<number, string[]>();
  for (const a of answers) words.set(a.story_id, [...(words.get(a.story_id) ?? []), a.value]);
  const stories = ranked.flatMap((r) => {
    const row = byId.get(r.id);
    if (!row) return []; // withdrawn between the two queries
    return [
      {
        ...row,
        title: r.title,
        attributes: attributes.get(r.id) ?? [],
        titleParts: markWords(r.title, r.language, matches),
        // The answers in the teller's words, the title aside (it is shown, marked, above).
        excerpt: excerpt((words.get(r.id) ?? []).join('\n'), r.language, matches),
      },
    ];
  });
  const total = Math.min(count, countCap);
  return { withdrawn: false, stories, total, capped: count > countCap, pageable: Math.min(candidates.length, total) };
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
