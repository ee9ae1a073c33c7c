import { Migrator, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { queuePdf } from '../../server/printing/jobs-store.ts';
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

describe('the migration that lets a share link own a PDF job', () => {
  it('keeps the jobs queued and made before it, their PDFs and their numbering', async () => {
    const database = await freshDatabase({ migrate: false });
    const { db, dialect } = database;
    try {
      const before = Object.entries(migrations).filter(([name]) => name < '2026-12-05-1-shared-pdf-jobs');
      const migrator = new Migrator({
        db,
        provider: {
          getMigrations: async () =>
            Object.fromEntries(before.map(([name, m]): [string, Migration] => [name, { up: (d) => m.up(d, dialect) }])),
        },
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const now = new Date().toISOString();
      const user = await sql<{ id: number }>`INSERT INTO users (email, name, password_hash, created_at)
        VALUES ('asker@example.org', 'Asker', 'x', ${now}) RETURNING id`.execute(db);
      const alliance = await sql<{ id: number }>`INSERT INTO alliances (name, created_at)
        VALUES ('Harbour', ${now}) RETURNING id`.execute(db);
      const pdf = Buffer.from('%PDF-1.7 made before');
      await sql`INSERT INTO pdf_jobs (alliance_id, user_id, kind, address, back, permissions, status, pdf, size, created_at)
        VALUES (${alliance.rows[0]!.id}, ${user.rows[0]!.id}, 'report', '/a/report.pdf', '/a/report', 'readReports',
          'done', ${pdf}, ${pdf.length}, ${now})`.execute(db);

      await migrateToLatest(db, dialect);

      const [kept] = await db.selectFrom('pdf_jobs').selectAll().execute();
      expect(kept).toMatchObject({ user_id: user.rows[0]!.id, share_link_id: null, made_from: '', status: 'done' });
      expect(Buffer.from(kept!.pdf!).toString()).toBe('%PDF-1.7 made before');
      const next = await queuePdf(db, {
        allianceId: alliance.rows[0]!.id,
        userId: null,
        kind: 'report',
        address: '/shared-links/1/report.pdf',
        back: '',
        permissions: [],
      });
      expect(next.id).toBeGreaterThan(kept!.id);
    } finally {
      await database.drop();
    }
  });
});
