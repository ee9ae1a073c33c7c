/**
 * PDFs of a share link's report as jobs too (issue 20): a job asked for through a share link belongs to the link,
 * not to a person, so user_id may be empty and share_link_id names the link; made_from keeps what the PDF was made
 * from (the report's fingerprint), so a PDF made before a withdrawal is never handed out after it. PostgreSQL drops the NOT NULL in place;
 * SQLite cannot, so the table is copied into a new one of the new shape, jobs and PDFs included.
 */
import { sql, type Kysely } from 'kysely';

const COLUMNS = sql.raw(
  `id, alliance_id, user_id, kind, address, back, permissions, status, step, attempts, claimed_by, lease_until,
  file_name, size, pdf, problem, detail, created_at, started_at, finished_at`,
);

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE pdf_jobs ALTER COLUMN user_id DROP NOT NULL`.execute(db);
    await db.schema
      .alterTable('pdf_jobs')
      .addColumn('share_link_id', 'integer', (c) => c.references('share_links.id').onDelete('cascade'))
      .execute();
    await db.schema
      .alterTable('pdf_jobs')
      .addColumn('made_from', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  } else {
    await db.schema
      .createTable('pdf_jobs_new')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
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
      .addColumn('pdf', 'blob')
      .addColumn('problem', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('share_link_id', 'integer', (c) => c.references('share_links.id').onDelete('cascade'))
      .addColumn('made_from', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await sql`INSERT INTO pdf_jobs_new (${COLUMNS}) SELECT ${COLUMNS} FROM pdf_jobs`.execute(db);
    await db.schema.dropTable('pdf_jobs').execute();
    await sql`ALTER TABLE pdf_jobs_new RENAME TO pdf_jobs`.execute(db);
    await db.schema.createIndex('pdf_jobs_queue').on('pdf_jobs').columns(['status', 'id']).execute();
    await db.schema.createIndex('pdf_jobs_created').on('pdf_jobs').column('created_at').execute();
  }
  await db.schema.createIndex('pdf_jobs_share_link').on('pdf_jobs').columns(['share_link_id', 'id']).execute();
}
