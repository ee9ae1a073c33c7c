/**
 * An in-memory tf-idf index per inquiry, for similar stories and suggested tags, kept in step with story_analysis:
 * new or changed analyses are read in incrementally, and stories gone (withdrawn) are taken out by comparing ids.
 * Works the same with several app servers, since each checks the database's state before use.
 *
 * A large inquiry's index takes a while to build (tens of seconds at 100,000 stories), so it is built in the
 * background, a batch of analyses at a time with the event loop free between batches, while story pages are
 * answered at once without suggestions (forInquiry gives undefined, and the page says they are being prepared).
 * A small inquiry's is built at once, as before.
 *
 * Memory is bounded (issue 20): all the indexes of one server hold at most `budget` stories together (100,000, about
 * 75 MB), so an inquiry of a million stories is indexed by its newest 100,000, and the least recently used inquiries
 * are dropped first. A story older than those still gets suggestions: its own stored analysis is weighed against the
 * index (storyInsights), so its similar stories are found among the newest.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../db/database.ts';
import { analysisState, latestAnalysed, loadAnalyses } from './analysis-store.ts';
import { analysedIds, analysesBefore } from './suggest-store.ts';
import { TfIdfIndex } from '../text/tfidf.ts';

interface Entry {
  index: TfIdfIndex;
  /** story_analysis's count and latest change when the index was last brought up to date. */
  count: number;
  latest: string;
  /** When the count was last read (Date.now()). */
  countedAt: number;
  /** The newest story indexed: an analysis of a newer one adds to the count, an older one is an edit. */
  newest: number;
}

const KEEP = 20; // inquiries kept in memory at once
/** Inquiries with at most this many analyses are indexed within the request (a few hundred milliseconds at most). */
export const BUILD_AT_ONCE = 5000;
/** Small batches: a story page waiting behind one waits only a moment. */
const BATCH = 250;
/** The most stories one server's indexes hold together (some 75 MB of term vectors and postings). */
export const BUDGET = 100_000;
/**
 * A large inquiry's index looks for removed analyses (by counting them: a third of a second at a million stories on
 * PostgreSQL) at most this often; new analyses are looked for on every page (one index probe). Until then a removed
 * story may stay in the index, but never shows: storyInsights checks every similar story against the database.
 */
export const RECOUNT_EVERY_MS = 30_000;
/** Stories past the budget are trimmed a hundredth of it at a time, not one per new story. */
const slack = (budget: number) => Math.ceil(budget / 100);

export class StoryIndexes {
  private entries = new Map<number, Entry>();
  /** Requests arriving together share one check instead of each making a copy. */
  private pending = new Map<number, Promise<TfIdfIndex | undefined>>();
  /** Background builds under way, by inquiry. */
  private building = new Map<number, Promise<void>>();

  /**
   * `buildAtOnce`: the most analyses indexed within a request; `budget`: the most stories held in all;
   * `recountEvery`: how often a larger index looks for removals (all smaller in tests).
   */
  constructor(
    private readonly buildAtOnce = BUILD_AT_ONCE,
    private readonly budget = BUDGET,
    private readonly recountEvery = RECOUNT_EVERY_MS,
  ) {}

  /** How many stories the indexes hold together. */
  get size(): number {
    let size = 0;
    for (const entry of this.entries.values()) size += entry.index.size;
    return size;
  }

  /** The inquiry's index, up to date; undefined while a large inquiry's first index is still being built. */
  forInquiry(db: Db, allianceId: number, inquiryId: number): Promise<TfIdfIndex | undefined> {
    let promise = this.pending.get(inquiryId);
    if (!promise) {
      promise = this.refresh(db, allianceId, inquiryId).finally(() => this.pending.delete(inquiryId));
      this.pending.set(inquiryId, promise);
    }
    return promise;
  }

  /** Resolves when a background build of this inquiry's index (if any) has finished: for tests and benchmarks. */
  async ready(inquiryId: number): Promise<void> {
    await this.building.get(inquiryId);
  }

  private keep(inquiryId: number, entry: Entry): void {
    this.entries.delete(inquiryId);
    this.entries.set(inquiryId, entry); // most recently used last
    if (entry.index.size > this.budget + slack(this.budget)) trimOldest(entry.index, this.budget);
    while (this.entries.size > KEEP || (this.entries.size > 1 && this.size > this.budget))
      this.entries.delete(this.entries.keys().next().value!);
  }

  private async refresh(db: Db, allianceId: number, inquiryId: number): Promise<TfIdfIndex | undefined> {
    if (this.building.has(inquiryId)) return undefined;
    const entry = this.entries.get(inquiryId);
    if (!entry) {
      const state = await analysisState(db, inquiryId);
      if (state.count > this.buildAtOnce) {
        this.startBuild(db, allianceId, inquiryId, state);
        return undefined;
      }
      const index = new TfIdfIndex();
      let newest = 0;
      for (const row of await loadAnalyses(db, allianceId, inquiryId)) {
        index.add(String(row.storyId), row.analysed);
        newest = Math.max(newest, row.storyId);
      }
      this.keep(inquiryId, { index, ...state, countedAt: Date.now(), newest });
      return index;
    }
    // A small index is recounted on every page; a large one only now and then (RECOUNT_EVERY_MS).
    const recount = entry.count <= this.buildAtOnce || Date.now() - entry.countedAt >= this.recountEvery;
    const state = recount
      ? await analysisState(db, inquiryId)
      : { count: undefined, latest: await latestAnalysed(db, inquiryId) };
    if (state.latest > entry.latest) {
      const before = entry.newest;
      for (const row of await loadAnalyses(db, allianceId, inquiryId, entry.latest)) {
        const id = String(row.storyId);
        if (entry.index.has(id)) entry.index.replace(id, row.analysed);
        else entry.index.add(id, row.analysed);
        if (row.storyId > before) entry.count++;
        entry.newest = Math.max(entry.newest, row.storyId);
      }
      entry.latest = state.latest;
    }
    if (state.count !== undefined) {
      if (state.count < entry.count) {
        // Analyses were removed (a story withdrawn or erased): take out what the database no longer has.
        const present = new Set((await analysedIds(db, allianceId, inquiryId)).map(String));
        for (const id of entry.index.ids()) if (!present.has(id)) entry.index.remove(id);
      }
      entry.count = state.count;
      entry.countedAt = Date.now();
    }
    this.keep(inquiryId, entry);
    return entry.index;
  }

  /** Builds the index a batch at a time, yielding between batches; refresh() catches up with changes made meanwhile. */
  private startBuild(db: Db, allianceId: number, inquiryId: number, state: { count: number; latest: string }): void {
    const build = (async () => {
      const index = new TfIdfIndex();
      let before: number | undefined;
      let newest = 0;
      while (index.size < this.budget) {
        const rows = await analysesBefore(db, allianceId, inquiryId, before, Math.min(BATCH, this.budget - index.size));
        for (const row of rows) {
          if (!index.has(String(row.storyId))) index.add(String(row.storyId), row.analysed);
          newest = Math.max(newest, row.storyId);
        }
        if (rows.length === 0) break;
        before = rows[rows.length - 1]!.storyId;
        await nextTurn();
      }
      // The postings lists, which the first search would build in one piece (seconds at 100,000 stories): here, in
      // steps, not on a page.
      await index.warm(nextTurn);
      // Rows analysed after `state.latest` are read again by the next refresh; the count check catches removals.
      this.keep(inquiryId, { index, count: state.count, latest: state.latest, countedAt: Date.now(), newest });
    })()
      .catch(() => {
        // Nothing kept: the next story page starts again.
      })
      .finally(() => this.building.delete(inquiryId));
    this.building.set(inquiryId, build);
  }
}

/** Takes the oldest stories (lowest ids) out of an index until it holds `size`. */
function trimOldest(index: TfIdfIndex, size: number): void {
  const ids = index
    .ids()
    .map(Number)
    .sort((a, b) => a - b);
  for (const id of ids.slice(0, ids.length - size)) index.remove(String(id));
}
