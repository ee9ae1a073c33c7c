/** Applies the migrations in migrations/index.ts, telling each which dialect it runs on. */
import { Migrator, type Migration } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import type { Db, Dialect } from './database.ts';

export async function migrateToLatest(db: Db, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: {
      // A static list, not a folder scan, so it works the same under tsx, vitest and a bundler.
      async getMigrations() {
        const all: Record<string, Migration> = {};
        for (const [name, m] of Object.entries(migrations)) all[name] = { up: (d) => m.up(d, dialect) };
        return all;
      },
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
