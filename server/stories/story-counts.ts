/**
 * Each inquiry's story counts for the lists of inquiries (the home page, the field app, reports). An alliance of up
 * to 100,000 stories is counted on every request, so a new story shows at once. A larger one is counted at most
 * every 30 s by each server (counting a million stories takes a third of a second on PostgreSQL), and requests
 * arriving meanwhile share the last counts or the count under way.
 */
import type { Db } from '../db/database.ts';
import { storyCounts } from './counts-store.ts';

type Counts = Awaited<ReturnType<typeof storyCounts>>;

export const LARGE_ALLIANCE = 100_000;
export const RECOUNT_EVERY_MS = 30_000;

const kept = new WeakMap<Db, Map<number, { at: number; counts: Promise<Counts> }>>();

/** `large`: the most stories an alliance may have to be counted on every request (smaller in tests). */
export async function inquiryStoryCounts(db: Db, allianceId: number, large = LARGE_ALLIANCE): Promise<Counts> {
  let byAlliance = kept.get(db);
  if (!byAlliance) kept.set(db, (byAlliance = new Map()));
  const found = byAlliance.get(allianceId);
  if (found && Date.now() - found.at < RECOUNT_EVERY_MS) return found.counts;
  const counts = storyCounts(db, allianceId);
  byAlliance.set(allianceId, { at: Date.now(), counts });
  try {
    const total = [...(await counts).values()].reduce((n, c) => n + c.stories + c.drafts, 0);
    if (total <= large && byAlliance.get(allianceId)?.counts === counts) byAlliance.delete(allianceId);
    return counts;
  } catch (error) {
    if (byAlliance.get(allianceId)?.counts === counts) byAlliance.delete(allianceId);
    throw error;
  }
}
