/**
 * What other capabilities do when codebook tags are merged or deleted. A capability that points at tags (themes
 * turned into tags) registers here at start-up (server/capabilities.ts imports it), and the codebook store calls
 * every hook inside its own transaction: the codebook imports none of them.
 */
import type { Db } from '../db/database.ts';

export interface TagHooks {
  /** Tag `from` is being merged into `into` (called before `from` is deleted): what pointed at it follows. */
  merged?: (trx: Db, from: number, into: number) => Promise<void>;
  /** The tag is being deleted (called before it goes): what pointed at it lets go. */
  deleted?: (trx: Db, tagId: number) => Promise<void>;
}

/** The capabilities that point at tags. Merging and deleting refuse to run until each has registered. */
export const TAG_KEEPERS = ['themes'] as const;
export type TagKeeper = (typeof TAG_KEEPERS)[number];

const registered = new Map<TagKeeper, TagHooks>();

export function onTags(keeper: TagKeeper, hooks: TagHooks): void {
  registered.set(keeper, hooks);
}

function all(): TagHooks[] {
  const missing = TAG_KEEPERS.filter((k) => !registered.has(k));
  if (missing.length > 0)
    throw new Error(`Tag hooks not registered for ${missing.join(', ')}: import server/capabilities.ts at start-up`);
  return TAG_KEEPERS.map((k) => registered.get(k)!);
}

export async function tagsMerged(trx: Db, from: number, into: number): Promise<void> {
  for (const hooks of all()) await hooks.merged?.(trx, from, into);
}

export async function tagDeleted(trx: Db, tagId: number): Promise<void> {
  for (const hooks of all()) await hooks.deleted?.(trx, tagId);
}
