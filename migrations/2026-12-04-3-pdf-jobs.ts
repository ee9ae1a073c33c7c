/**
 * PDFs as jobs (issue 20): a person asks for a pack or report PDF; any app server claims the job, re-renders the
 * page the person chose with their permissions, prints it with Chromium and keeps the file here for a day. A job
 * whose server stopped keeps a lapsed lease and is claimed again by another server.
 */
import type { Kysely } from 'kysely';
import { withId } from './columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await withId(db.schema.createTable('pdf_jobs'), dialect)
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('back', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pdf', dialect === 'postgres' ? 'bytea' : 'blob')
    .addColumn('problem', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('pdf_jobs_queue').on('pdf_jobs').columns(['status', 'id']).execute();
  await db.schema.createIndex('pdf_jobs_created').on('pdf_jobs').column('created_at').execute();
}
