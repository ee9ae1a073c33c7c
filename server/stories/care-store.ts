/** The people behind a story's read-back and verification, by name, for the pages that show them. */
import type { Db } from '../db/database.ts';
import type { Story } from '../db/schema.ts';

export async function carersOf(
  db: Db,
  story: Pick<Story, 'read_back_by' | 'verified_by'>,
): Promise<{ readBackBy: string | null; verifiedBy: string | null }> {
  const ids = [story.read_back_by, story.verified_by].filter((id): id is number => id !== null);
  const people = ids.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const nameOf = (id: number | null) => people.find((p) => p.id === id)?.name ?? null;
  return { readBackBy: nameOf(story.read_back_by), verifiedBy: nameOf(story.verified_by) };
}
