/**
 * Queries over a list of ids that may be long (every story of an inquiry of 100,000). One `IN (…)` list of them
 * fails: SQLite binds at most 32,766 values in a statement and PostgreSQL 65,535. So the ids are sorted and asked
 * for a slice at a time; a query ordered by the id gives the rows of all the slices in that same order.
 */

/** Ids bound in one query at most: well under both databases' limits, and a short statement to plan. */
export const IDS_PER_QUERY = 5000;

export async function byIdSlices<T>(
  ids: readonly number[],
  query: (slice: number[]) => Promise<T[]>,
  size = IDS_PER_QUERY,
): Promise<T[]> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const rows: T[] = [];
  for (let i = 0; i < sorted.length; i += size)
    for (const row of await query(sorted.slice(i, i + size))) rows.push(row);
  return rows;
}
