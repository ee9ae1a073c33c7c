/** Accounts for `hearth export` and `hearth import`, which run with no signed-in person to name an alliance. */
import type { Db } from '../db/database.ts';

/** Every alliance in this Hearth, oldest first, for the command line to choose from. */
export function listAlliances(db: Db): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('alliances').select(['id', 'name']).orderBy('id').execute();
}
