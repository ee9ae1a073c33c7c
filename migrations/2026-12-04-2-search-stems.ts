/**
 * The search index now holds each story's stems in the language it was told in, after its words (so "écoles" finds
 * "école" and "مدرسة" finds "المدارس"). Stories indexed before hold only their words: make the index again once.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../server/db/database.ts';
import { rebuildSearchIndex } from '../server/stories/search.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await rebuildSearchIndex(db as Db);
}
