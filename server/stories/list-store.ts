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
import { matchesSearch } from './search.ts';

export const PAGE_SIZE = 50;

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
}

export interface WithdrawnStory {
  id: number;
  code: string;
  withdrawn_at: string | null;
}

export type StoryPage =
  | { withdrawn: false; stories: ListedStory[]; total: number }
  | { withdrawn: true; stories: WithdrawnStory[]; total: number };

type StoriesEb = ExpressionBuilder<Database, 'stories'>;

/** The ids of stories whose teller gave this answer about themselves (whatever the case), as a subquery for a filter. */
export function storyIdsWithAttribute(attributeId: number, value: string) {
  return expressionBuilder<Database>()
    .selectFrom('story_attributes')
    .select('story_attributes.story_id')
    .where('story_attributes.attribute_id', '=', attributeId)
    .where((eb) => eb(eb.fn('lower', ['story_attributes.value']), '=', eb.fn('lower', [eb.val(value)])));
}

function filtered(db: Db, inquiry: Inquiry, viewer: Viewer, filters: StoryFilters, forCount = false) {
  // A search leads with the stories it found. SQLite (which keeps no statistics here) would rather read every story
  // of the inquiry and test each against the search: a unary + keeps these two terms off the indexes.
  const searchLeads = filters.search !== undefined && dialectOf(db) === 'sqlite';
  const [alliance, inquiryId] = searchLeads
    ? [sql<number>`+stories.alliance_id`, sql<number>`+stories.inquiry_id`]
    : (['stories.alliance_id', 'stories.inquiry_id'] as const);
  let query = db.selectFrom('stories').where(alliance, '=', inquiry.alliance_id).where(inquiryId, '=', inquiry.id);
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
  if (filters.search) query = query.where(matchesSearch(db, filters.search));
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
): Promise<StoryPage> {
  if (filters.search === undefined || dialectOf(db) !== 'postgres')
    return pageOf(db, inquiry, viewer, filters, page, pageSize);
  // PostgreSQL underrates the cost of testing a story's words (@@), and for a common word would as soon read every
  // story's words as use the search index, at many times the cost: while searching, it is told not to scan tables.
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    return pageOf(trx, inquiry, viewer, filters, page, pageSize);
  });
}

async function pageOf(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters,
  page: number,
  pageSize: number,
): Promise<StoryPage> {
  const base = filtered(db, inquiry, viewer, filters);
  const count = async () =>
    Number(
      (
        await filtered(db, inquiry, viewer, filters, true)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
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
    return { withdrawn: true, stories, total };
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
  return { withdrawn: false, stories: rows.map((r) => ({ ...r, attributes: byStory.get(r.id) ?? [] })), total };
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
