/**
 * Observations and interpretations (NarraFirma's catalysis): a facilitator pins a pattern, says what they see and
 * what it might mean, with competing readings side by side. The pattern is kept as its address (which questions,
 * which filters), never as numbers: its counts are made afresh wherever it is shown, so a withdrawal shows at once.
 * A learning item may come from an observation, as a question to take up.
 */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('observations'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('inquiry_id', 'integer', (c) => c.notNull().references('inquiries.id').onDelete('cascade'))
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('on_cards', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('observations_inquiry').on('observations').columns(['inquiry_id', 'id']).execute();
  await withId(db.schema.createTable('interpretations'), dialect)
    .addColumn('observation_id', 'integer', (c) => c.notNull().references('observations.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('interpretations_observation').on('interpretations').column('observation_id').execute();
  await db.schema
    .alterTable('learning_items')
    .addColumn('observation_id', 'integer', (c) => c.references('observations.id').onDelete('set null'))
    .execute();
}
