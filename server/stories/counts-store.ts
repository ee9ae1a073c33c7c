/** How many stories each inquiry holds, for the lists of inquiries; the newest story, for the report's fingerprint. */
import type { Db } from '../db/database.ts';

/** Per inquiry of the alliance: its recorded stories (neither drafts nor withdrawn) and its drafts. */
export async function storyCounts(
  db: Db,
  allianceId: number,
): Promise<Map<number, { stories: number; drafts: number }>> {
  const rows = await db
    .selectFrom('stories')
    .select(['inquiry_id', 'status', db.fn.countAll().as('n')])
    .where('alliance_id', '=', allianceId)
    .where('status', '!=', 'withdrawn')
    .groupBy(['inquiry_id', 'status'])
    .execute();
  const counts = new Map<number, { stories: number; drafts: number }>();
  for (const row of rows) {
    const count = counts.get(row.inquiry_id) ?? { stories: 0, drafts: 0 };
    if (row.status === 'draft') count.drafts += Number(row.n);
    else count.stories += Number(row.n);
    counts.set(row.inquiry_id, count);
  }
  return counts;
}

/**
 * The alliance's newest story, drafts and withdrawn ones too: moves when one is added. One probe of the
 * (alliance_id, id) index at any size, where counting an inquiry's stories reads them all.
 */
export async function newestStoryId(db: Db, allianceId: number): Promise<number> {
  const row = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('alliance_id', '=', allianceId)
    .executeTakeFirstOrThrow();
  return Number(row.id ?? 0);
}
