import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { runCli } from '../server/cli.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase, type OpenDatabase } from '../server/db/database.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../server/demo/load.ts';
import { Agent } from './helpers/agent.ts';
import { testConfig } from './helpers/app.ts';
import { databaseEnv, type DatabaseEnv } from './helpers/database-env.ts';
import { visibleText } from './helpers/pages.ts';

let db: DatabaseEnv;
let output: string[];
let opened: { app: FastifyInstance; database: OpenDatabase } | undefined;
beforeEach(async () => {
  db = await databaseEnv();
  output = [];
  opened = undefined;
});
afterEach(async () => {
  if (opened) {
    await opened.app.close();
    await opened.database.db.destroy();
  }
  await db.drop();
});

const hearth = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(argv, { ...db.env, ...env }, (line) => output.push(line));
const printed = () => output.join('\n');
const admin = [
  'create-admin',
  '--email',
  'Ada@Example.org',
  '--name',
  'Ada Lovelace',
  '--alliance',
  'Harbour Alliance',
];

/** The web app on the database the command used. */
async function webApp(): Promise<FastifyInstance> {
  const config = loadConfig(db.env);
  const database = openDatabase(config);
  const app = await buildApp(testConfig({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }), database);
  opened = { app, database };
  return app;
}

describe('hearth migrate', () => {
  it('applies the migrations, and again harmlessly', async () => {
    expect(await hearth(['migrate'])).toBe(0);
    expect(printed()).toMatch(/^Migrations applied to (SQLite|PostgreSQL) at /);
    expect(await hearth(['migrate'])).toBe(0);
  });
});

describe('hearth create-admin', () => {
  it('creates a coordinator with the password from a file, who can then sign in', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hearth-pw-')), 'password');
    writeFileSync(file, 'a long enough password\n');
    expect(await hearth([...admin, '--password-file', file])).toBe(0);
    expect(printed()).toContain('Created Ada@Example.org as coordinator of "Harbour Alliance"');
    const agent = new Agent(await webApp());
    const res = await agent.signIn('ada@example.org', 'a long enough password');
    expect(res.statusCode).toBe(303);
    const overview = await agent.get((await agent.get('/')).headers.location as string);
    expect(visibleText(overview.body)).toContain('Harbour Alliance Coordinator');
  });

  it('takes the password from HEARTH_PASSWORD', async () => {
    expect(await hearth(admin, { HEARTH_PASSWORD: 'another long password' })).toBe(0);
    const agent = new Agent(await webApp());
    expect((await agent.signIn('ada@example.org', 'another long password')).statusCode).toBe(303);
  });

  it.each([
    [
      'no email',
      ['create-admin', '--name', 'Ada', '--alliance', 'A'],
      'create-admin needs --email, --name and --alliance.',
    ],
    [
      'no alliance',
      ['create-admin', '--email', 'ada@example.org', '--name', 'Ada'],
      'create-admin needs --email, --name and --alliance.',
    ],
    [
      'a bad email',
      ['create-admin', '--email', 'ada', '--name', 'Ada', '--alliance', 'A'],
      '"ada" is not an email address.',
    ],
    ['an unknown option', [...admin, '--admin'], "Unknown option '--admin'"],
  ])('exits 2 with the usage for %s', async (_what, argv, message) => {
    expect(await hearth(argv, { HEARTH_PASSWORD: 'a long enough password' })).toBe(2);
    expect(printed()).toContain(message);
    expect(printed()).toContain('Usage: hearth <command> [options]');
  });

  it('exits 2 without a password, or with a short one, creating nothing', async () => {
    expect(await hearth(['migrate'])).toBe(0);
    expect(await hearth(admin)).toBe(2);
    expect(printed()).toContain('Give the password in a file (--password-file F) or in HEARTH_PASSWORD.');
    expect(await hearth(admin, { HEARTH_PASSWORD: 'short' })).toBe(2);
    expect(printed()).toContain('The password must be 10 to 200 characters long.');
    const agent = new Agent(await webApp());
    expect((await agent.get('/')).statusCode).toBe(200); // still the welcome page: nobody was created
  });

  it('exits 1 when the email already has an account, whatever its case', async () => {
    expect(await hearth(admin, { HEARTH_PASSWORD: 'a long enough password' })).toBe(0);
    output = [];
    const again = admin.map((a) => (a === 'Ada@Example.org' ? 'ADA@example.org' : a));
    expect(await hearth(again, { HEARTH_PASSWORD: 'a long enough password' })).toBe(1);
    expect(printed()).toBe('hearth create-admin: There is already an account for ADA@example.org.');
  });
});

describe('hearth demo', () => {
  it('loads the demo, says how many stories it holds, and prints every account with its role and the password', async () => {
    expect(await hearth(['demo'])).toBe(0);
    expect(printed()).toContain('Loaded "Riverside Wellbeing Alliance (fictional demo)"');
    expect(printed()).toContain('It has 59 invented stories in 5 inquiries (2 of them drafts, 1 withdrawn).');
    expect(printed()).toContain(`(password: ${DEMO_PASSWORD})`);
    for (const person of DEMO_PEOPLE)
      expect(printed()).toMatch(new RegExp(`${person.email.replace(/\./g, '\\.')}\\s+${person.role}`));
    expect((await new Agent(await webApp()).signIn(DEMO_PEOPLE[1]!.email, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('refuses to load it twice (exit 1), saying why', async () => {
    expect(await hearth(['demo'])).toBe(0);
    output = [];
    expect(await hearth(['demo'])).toBe(1);
    expect(printed()).toBe('hearth demo: The demo alliance is already loaded.');
  });
});

describe('hearth help and mistakes', () => {
  it('prints the usage for help (exit 0) and for no command (exit 2)', async () => {
    expect(await hearth(['help'])).toBe(0);
    expect(printed()).toContain('create-admin --email E --name N --alliance NAME');
    output = [];
    expect(await hearth([])).toBe(2);
    expect(printed()).toContain('Usage: hearth');
  });

  it('exits 2 for an unknown command, naming it', async () => {
    expect(await hearth(['frobnicate'])).toBe(2);
    expect(printed()).toContain('Unknown command "frobnicate".');
  });

  it('runs as a program: node bin/hearth.js help', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/hearth.js', 'help'], {
      cwd: join(import.meta.dirname, '..'),
    });
    expect(stdout).toContain('Usage: hearth <command> [options]');
  });
});
