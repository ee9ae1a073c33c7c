/**
 * Backup and restore: a backup taken while stories are being written restores into an empty database (SQLite or
 * PostgreSQL) with every row of every table as it was, and the search finds the stories again.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup } from '../../server/backup/backup.ts';
import { restore, RestoreError } from '../../server/backup/restore.ts';
import { BACKUP_TABLES, KEYS, NOT_BACKED_UP } from '../../server/backup/tables.ts';
import type { Db } from '../../server/db/database.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { matchesSearch } from '../../server/stories/search.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeStory } from '../helpers/stories.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-backup-'));
let source: TestDatabase;
let target: TestDatabase;

async function everyRow(db: Db): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLES) {
    let query = db.selectFrom(table).selectAll();
    for (const key of KEYS[table] ?? ['id']) query = query.orderBy(sql.ref(key));
    all[table] = await query.execute();
  }
  return all;
}

beforeAll(async () => {
  source = await freshDatabase();
  target = await freshDatabase();
  await loadDemo(source.db);
  // A tag nested under a newer one, and a round with a decision: rows that point forwards and across tables.
  const inquiry = await source.db.selectFrom('inquiries').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const child = await source.db
    .insertInto('tags')
    .values({
      inquiry_id: inquiry.id,
      parent_id: null,
      name: 'Child',
      description: '',
      created_by: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const parent = await source.db
    .insertInto('tags')
    .values({
      inquiry_id: inquiry.id,
      parent_id: null,
      name: 'Parent',
      description: '',
      created_by: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await source.db.updateTable('tags').set({ parent_id: parent.id }).where('id', '=', child.id).execute();
  const story = await source.db
    .selectFrom('stories')
    .select('id')
    .where('inquiry_id', '=', inquiry.id)
    .where('consent_panels', '=', 1)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirstOrThrow();
  const round = await source.db
    .insertInto('rounds')
    .values({
      alliance_id: inquiry.alliance_id,
      inquiry_id: inquiry.id,
      name: 'Board',
      panel: 'Alliance board',
      level: 2,
      method: 'dots',
      dots: 3,
      voting: 'live',
      stage: 'closed',
      shuffle: 0,
      join_code: 'BKP234',
      filters: '{}',
      feedback_sent_at: null,
      feedback_sent_by: null,
      created_by: null,
      created_at: now,
      updated_at: now,
      closed_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const decision = await source.db
    .insertInto('decisions')
    .values({
      round_id: round.id,
      domain_id: null,
      outcome: 'chosen',
      reasons: 'It shows a whole family finding its feet again.',
      criteria: 'Depth',
      dissent: 'One member preferred another story.',
      recorded_by: null,
      decided_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await source.db
    .insertInto('selections')
    .values({ decision_id: decision.id, round_id: round.id, story_id: story.id, votes: 7 })
    .execute();
});

afterAll(async () => {
  await source.drop();
  await target.drop();
});

describe('backup and restore', () => {
  it('restores every row of every table, and the search works again', async () => {
    const file = join(dir, 'plain.hearth-backup');
    const summary = await backup(source.db, file);
    expect(summary.tables.stories).toBeGreaterThanOrEqual(35);
    const counts = await restore(target.db, file);
    expect(counts.selections).toBeGreaterThanOrEqual(1);
    const [before, after] = await Promise.all([everyRow(source.db), everyRow(target.db)]);
    for (const table of BACKUP_TABLES) expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    const found = await target.db
      .selectFrom('stories')
      .select('code')
      .where(matchesSearch(target.db, 'surveyor'))
      .execute();
    const expected = await source.db
      .selectFrom('stories')
      .select('code')
      .where(matchesSearch(source.db, 'surveyor'))
      .execute();
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
    // New rows after a restore get new ids (PostgreSQL's sequences were moved on).
    const inquiry = await target.db.selectFrom('inquiries').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const fresh = await makeStory(target.db, inquiry, { words: 'Written after the restore.' });
    expect(fresh.id).toBeGreaterThan(Math.max(...(before.stories as { id: number }[]).map((s) => s.id)));
  });

  it('takes a consistent snapshot while stories are being written', async () => {
    const inquiry = await source.db.selectFrom('inquiries').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const file = join(dir, 'busy.hearth-backup');
    const writing = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        makeStory(source.db, inquiry, { words: `Told during the backup, number ${i}.` }),
      ),
    );
    const [summary] = await Promise.all([backup(source.db, file), writing]);
    const empty = await freshDatabase();
    try {
      await restore(empty.db, file);
      const stories = await empty.db.selectFrom('stories').select(['id', 'status']).execute();
      expect(stories.length).toBe(summary.tables.stories);
      // No story without its words: each story in the snapshot came with its answers.
      const withAnswers = await empty.db.selectFrom('story_answers').select('story_id').distinct().execute();
      const ids = new Set(withAnswers.map((a) => a.story_id));
      const missing = stories.filter((s) => s.status !== 'withdrawn' && !ids.has(s.id));
      expect(missing).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it('refuses to restore over data, or a file that is not a backup, and leaves the database as it was', async () => {
    await expect(restore(source.db, join(dir, 'plain.hearth-backup'))).rejects.toThrow(/already holds data/);
    const junk = join(dir, 'junk.gz');
    writeFileSync(junk, gzipSync('{"format":"something else"}\n'));
    const empty = await freshDatabase();
    try {
      await expect(restore(empty.db, junk)).rejects.toBeInstanceOf(RestoreError);
      const notGzip = join(dir, 'not-gzip.txt');
      writeFileSync(notGzip, 'hello');
      await expect(restore(empty.db, notGzip)).rejects.toThrow(/not a Hearth backup/);
      expect(await empty.db.selectFrom('users').selectAll().execute()).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it('lists every table of the database', async () => {
    const names =
      source.dialect === 'sqlite'
        ? (
            await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(source.db)
          ).rows.map((r) => r.name)
        : (
            await sql<{
              name: string;
            }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`.execute(
              source.db,
            )
          ).rows.map((r) => r.name);
    const data = names.filter(
      (n) =>
        !n.startsWith('kysely_') &&
        !n.startsWith('sqlite_') &&
        !n.startsWith('story_search') &&
        !(NOT_BACKED_UP as readonly string[]).includes(n),
    );
    expect([...data].sort()).toEqual([...BACKUP_TABLES].sort());
  });
});
