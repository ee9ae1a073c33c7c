/**
 * A page of a search, reading a bounded set of matches however common the word: the newest candidates ranked in the
 * process, counted up to that bound, and each result's title and excerpt with the searched words marked.
 */
import { sql } from 'kysely';
import { userName } from '../accounts/users-store.ts';
import { dialectOf, type Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import type { StoryFilters } from './list-filters.ts';
import { attributesOf, filtered, type StoryPage, type Viewer } from './list-query.ts';
import { countMatches, excerpt, markWords, wordMatcher } from './highlight.ts';
import { newestInRanges, planSearch, type SearchHow } from './search.ts';
import { WORD_KINDS } from './text.ts';

/**
 * A search ranks and pages through only the newest this many matching stories: a word in 30,000 stories is then
 * read 1,000 rows deep, not 30,000 (the index gives matches newest first and stops). Twenty pages is more than
 * anyone reads before narrowing the search with a filter or another word, which the page suggests.
 */
export const SEARCH_CANDIDATES = 1000;

/** How much of each answer an excerpt is looked for in: a searched word further in shows the answer's start. */
const EXCERPT_SOURCE = 2000;

/**
 * How far a search reads: SEARCH_CANDIDATES (tests pass fewer). Matches are counted as far and no further: past it
 * the page says "more than 1,000". Counting further would read every match on PostgreSQL, whose index gives them in
 * no order; a count the reader cannot page through would not help them either.
 */
export interface SearchBounds {
  candidates: number;
}
export const SEARCH_BOUNDS: SearchBounds = { candidates: SEARCH_CANDIDATES };

/**
 * A page of a search: the newest SEARCH_CANDIDATES matching stories (the filters applied), ranked in the process
 * by how many of their title's words are searched words, then newest first — one plain function, so SQLite and
 * PostgreSQL list the same stories in the same order — with the matches counted as far.
 */
export async function searchPage(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  filters: StoryFilters & { search: string },
  page: number,
  pageSize: number,
  { candidates: bound }: SearchBounds,
): Promise<StoryPage> {
  const plain = db.withoutPlugins();
  // On SQLite the index's own order, which it reads newest first without sorting (the same stories as stories.id).
  const newest = dialectOf(db) === 'sqlite' ? sql<number>`story_search.rowid` : sql<number>`stories.id`;
  const read = (search: SearchHow, limit: number) =>
    filtered(plain, inquiry, viewer, filters, { search })
      .select(['stories.id', 'stories.title', 'stories.language'])
      .orderBy(newest, 'desc')
      .limit(limit)
      .execute();
  const plan = dialectOf(db) === 'postgres' ? await planSearch(db, filters.search, bound) : undefined;
  // One more than the bound, to know whether there are more.
  const found =
    plan && !plan.walk
      ? await newestInRanges(plain, plan, bound + 1, (ids, limit) => read({ ids }, limit))
      : await read({ walk: plan?.walk }, bound + 1);
  const candidates = found.slice(0, bound);
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
        language: r.language,
        attributes: attributes.get(r.id) ?? [],
        titleParts: markWords(r.title, r.language, matches),
        // The answers in the teller's words, the title aside (it is shown, marked, above).
        excerpt: excerpt((words.get(r.id) ?? []).join('\n'), r.language, matches),
      },
    ];
  });
  return {
    withdrawn: false,
    stories,
    total: candidates.length,
    capped: found.length > bound,
    pageable: candidates.length,
  };
}
