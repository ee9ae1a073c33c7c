import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { freshDatabase } from '../helpers/db.ts';

describe('migrations', () => {
  it('are listed in the order Kysely applies them (by name)', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
  });

  it('build every table of the data model on this database', async () => {
    const database = await freshDatabase();
    try {
      const tables = (await database.db.introspection.getTables()).map((t) => t.name);
      for (const table of [
        'users',
        'alliances',
        'inquiries',
        'stories',
        'story_answers',
        'story_versions',
        'tags',
        'story_tags',
        'analysis_runs',
        'themes',
      ]) {
        expect(tables).toContain(table);
      }
    } finally {
      await database.drop();
    }
  });
});
