/**
 * Rate limits are counted in the database, so app servers on one database share them: tries spread over two
 * servers meet the limit once. A database that cannot count lets the try through, with a warning logged.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMIT } from '../../server/accounts/sign-in-routes.ts';
import { buildApp } from '../../server/app.ts';
import { countTry, forgetEndedWindows } from '../../server/web/rate-limit-store.ts';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { heading } from '../helpers/pages.ts';

type App = Awaited<ReturnType<typeof buildApp>>;

const attempt = (app: App, remoteAddress: string) =>
  app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    payload: 'email=x%40example.org&password=guess',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('counting tries in the database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it('counts tries within a window, then starts again when it ends', async () => {
    const t0 = 1_800_000_000_000;
    expect(await countTry(database.db, 'k', 60_000, t0)).toEqual({ current: 1, ttl: 60_000 });
    expect(await countTry(database.db, 'k', 60_000, t0 + 1_000)).toEqual({ current: 2, ttl: 59_000 });
    expect(await countTry(database.db, 'other', 60_000, t0 + 1_000)).toEqual({ current: 1, ttl: 60_000 });
    expect(await countTry(database.db, 'k', 60_000, t0 + 60_000)).toEqual({ current: 1, ttl: 60_000 });
  });

  it('counts every one of many tries sent at once', async () => {
    await Promise.all(Array.from({ length: 25 }, () => countTry(database.db, 'burst', 60_000)));
    expect((await countTry(database.db, 'burst', 60_000)).current).toBe(26);
  });

  it('forgets windows that have ended', async () => {
    const t0 = 1_900_000_000_000;
    await countTry(database.db, 'old', 1_000, t0);
    await countTry(database.db, 'new', 60_000, t0);
    await forgetEndedWindows(database.db, t0 + 2_000);
    const keys = (await database.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('new');
    expect(keys).not.toContain('old');
  });
});

describe('two app servers on one database', () => {
  let database: TestDatabase;
  const apps: App[] = [];
  beforeAll(async () => {
    database = await freshDatabase();
    for (let i = 0; i < 2; i++) apps.push(await buildApp(testConfig(), database));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.drop();
  });

  it('refuse the sign-in try after the limit even when the tries alternate between them', async () => {
    // With a count per server, each would allow SIGN_IN_LIMIT.max: twice as many guesses.
    for (let i = 0; i < SIGN_IN_LIMIT.max; i++)
      expect((await attempt(apps[i % 2]!, '198.51.100.7')).statusCode).toBe(422);
    for (const app of apps) {
      const res = await attempt(app, '198.51.100.7');
      expect(res.statusCode).toBe(429);
      expect(heading(res.body)).toBe('Too many tries');
    }
    expect((await attempt(apps[0]!, '198.51.100.8')).statusCode).toBe(422);
  });
});

describe('a database that cannot count', () => {
  it('lets the try through and logs a warning, rather than refusing everyone', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const database = await freshDatabase();
    const app = await buildApp(testConfig(), database, { level: 'warn', stream });
    try {
      await sql`DROP TABLE rate_limits`.execute(database.db);
      for (let i = 0; i <= SIGN_IN_LIMIT.max + 1; i++) expect((await attempt(app, '203.0.113.9')).statusCode).toBe(422);
      expect(lines.join('')).toContain('A rate-limited try was let through');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
