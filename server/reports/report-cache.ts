/**
 * Computed reports kept in this process, so the report page, its PDF and shared links do not recount 100,000
 * stories on every request. A cached report is used only while its inquiry's fingerprint is unchanged; the
 * fingerprint is read on every request (a few index probes), so a withdrawal or a consent change shows at once.
 *
 * Every change a report can show writes an audit event in its own transaction (stories and their consent,
 * withdrawal, edits, read-backs; the guide's questions, including those about the teller's own story, whose answers
 * meta-monitoring counts; rounds, panels, choices; themes and tags; the learning log; the report's texts),
 * so the alliance's latest audit event stands for them all. The audit events that change nothing a report shows
 * (a shared link opened, made or revoked; an export) are left out, or every shared view would recompute. A theme
 * run is finished by a background job without an audit event: the latest finished run is kept. The alliance's newest
 * story guards against stories written without an audit event (a seed, a migration); counting the inquiry's stories
 * instead read a million rows on every request. Each owner answers for its own table.
 */
import { latestAuditEventId } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { newestStoryId } from '../stories/counts-store.ts';
import { latestFinishedRun } from '../themes/runs-store.ts';

/** Audit actions that do not change what a report shows. */
const UNCHANGING = [
  'report.share_link_created',
  'report.share_link_revoked',
  'report.shared_link_opened',
  'inquiry.exported',
];

/** At most this many reports are kept (each inquiry × audience × period × language); the oldest go first. */
const KEPT = 64;

export async function reportFingerprint(
  db: Db,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id' | 'updated_at'>,
): Promise<string> {
  const audit = await latestAuditEventId(db, inquiry.alliance_id, UNCHANGING);
  const run = await latestFinishedRun(db, inquiry.alliance_id, inquiry.id);
  const newest = await newestStoryId(db, inquiry.alliance_id);
  return [audit, run?.id ?? 0, newest, inquiry.updated_at].join('|');
}

interface Entry<T> {
  fingerprint: string;
  value: Promise<T>;
}

/** One process's reports by key; a computation in progress is shared by the requests that wait for it. */
export class ReportCache<T> {
  private entries = new Map<string, Entry<T>>();

  async get(key: string, fingerprint: string, compute: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found && found.fingerprint === fingerprint) {
      // Most recently used last, so the oldest is dropped first.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.value;
    }
    const value = compute();
    this.entries.set(key, { fingerprint, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
