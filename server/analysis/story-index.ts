/**
 * An in-memory tf-idf index per inquiry, for similar stories and suggested tags, kept in step with story_analysis:
 * new or changed analyses are read in incrementally; a story gone (withdrawn) means a rebuild. Works the same with
 * several app servers, since each checks the database's state before use.
 */
import type { Db } from '../db/database.ts';
import { analysisState, loadAnalyses } from './analysis-store.ts';
import { TfIdfIndex } from './tfidf.ts';

interface Entry {
  index: TfIdfIndex;
  count: number;
  latest: string;
}

const KEEP = 20; // inquiries kept in memory at once

export class StoryIndexes {
  private entries = new Map<number, Entry>();
  /** Requests arriving together share one check (and, when cold, one build) instead of each making a copy. */
  private pending = new Map<number, Promise<TfIdfIndex>>();

  forInquiry(db: Db, allianceId: number, inquiryId: number): Promise<TfIdfIndex> {
    let promise = this.pending.get(inquiryId);
    if (!promise) {
      promise = this.refresh(db, allianceId, inquiryId).finally(() => this.pending.delete(inquiryId));
      this.pending.set(inquiryId, promise);
    }
    return promise;
  }

  private async refresh(db: Db, allianceId: number, inquiryId: number): Promise<TfIdfIndex> {
    const state = await analysisState(db, inquiryId);
    let entry = this.entries.get(inquiryId);
    if (entry && state.latest > entry.latest) {
      for (const row of await loadAnalyses(db, allianceId, inquiryId, entry.latest)) {
        const id = String(row.storyId);
        if (entry.index.has(id)) entry.index.replace(id, row.analysed);
        else entry.index.add(id, row.analysed);
      }
      entry.latest = state.latest;
      entry.count = entry.index.size;
    }
    if (!entry || entry.count !== state.count) {
      const index = new TfIdfIndex();
      for (const row of await loadAnalyses(db, allianceId, inquiryId)) index.add(String(row.storyId), row.analysed);
      entry = { index, count: index.size, latest: state.latest };
    }
    this.entries.delete(inquiryId);
    this.entries.set(inquiryId, entry); // most recently used last
    if (this.entries.size > KEEP) this.entries.delete(this.entries.keys().next().value!);
    return entry.index;
  }
}
