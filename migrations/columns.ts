/** Column helpers shared by migrations, so each reads the same on both dialects. */
import type { CreateTableBuilder } from 'kysely';

type Dialect = 'sqlite' | 'postgres';

/** An auto-numbered primary key: serial on PostgreSQL, integer autoincrement on SQLite. */
export function withId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: Dialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
