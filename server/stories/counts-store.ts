/** How many stories each inquiry holds, for the lists of inquiries and the report's fingerprint. */
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

/** How many stories the inquiry holds, drafts and withdrawn ones too: moves when one is added or removed. */
export async function countAllStories(db: Db, inquiryId: number): Promise<number> {
  const row = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('inquiry_id', '=', inquiryId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
