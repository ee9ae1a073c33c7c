/** Builds Hearth on a fresh database for a test file, and people to use it with. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAlliance, addMember } from '../../server/accounts/members-store.ts';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertUser } from '../../server/accounts/users-store.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Db } from '../../server/db/database.ts';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { freshDatabase, type TestDatabase } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    dataDir: mkdtempSync(join(tmpdir(), 'hearth-test-')),
    sessionKey: randomBytes(32).toString('hex'),
    // Tests drive background jobs themselves (app.jobs.tick()), so nothing runs behind their back.
    runJobs: false,
    // On a busy test machine a slow moment must not turn requests away with 503 (under-pressure.test.ts turns it on).
    maxEventLoopDelayMs: 0,
    ...overrides,
  };
}

export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const config = testConfig(overrides);
  const app = await buildApp(config, database);
  await app.ready();
  return {
    app,
    db: database.db,
    database,
    config,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export const PASSWORD = 'correct horse battery';
// Hashing is deliberately slow; tests make many people, so share one hash.
const passwordHash = hashPassword(PASSWORD);

let people = 0;

/** A person with an account (password PASSWORD), not yet in any alliance. */
export async function makePerson(db: Db, name = `Person ${++people}`): Promise<User> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${randomBytes(3).toString('hex')}@example.org`;
  return insertUser(db, { email, name, passwordHash: await passwordHash });
}

/** An alliance with a coordinator, and one member in each other role. */
export async function makeAlliance(
  db: Db,
  name = 'Test Alliance',
): Promise<{ alliance: Alliance } & Record<Role, User>> {
  const coordinator = await makePerson(db, `${name} coordinator`);
  const alliance = await createAlliance(db, name, coordinator);
  const members = { coordinator } as Record<Role, User>;
  for (const role of ['interviewer', 'facilitator', 'reader'] as const) {
    const person = await makePerson(db, `${name} ${role}`);
    await addMember(db, coordinator, alliance.id, person.id, role, null);
    members[role] = person;
  }
  return { alliance, ...members };
}
