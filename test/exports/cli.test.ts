import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/database.ts';
import { databaseEnv, type DatabaseEnv } from '../helpers/database-env.ts';

let db: DatabaseEnv;
let output: string[];
const dir = mkdtempSync(join(tmpdir(), 'hearth-exchange-'));
const hearth = async (argv: string[]) => {
  output = [];
  return runCli(argv, db.env, (line) => output.push(line));
};
const printed = () => output.join('\n');

beforeAll(async () => {
  db = await databaseEnv();
  expect(await hearth(['demo'])).toBe(0);
});
afterAll(async () => {
  await db.drop();
});

describe('hearth export and import', () => {
  it('with several inquiries and no --inquiry, lists them and writes nothing', async () => {
    expect(await hearth(['export', '--format', 'json', '--out', join(dir, 'x.json')])).toBe(1);
    expect(printed()).toContain('There are several inquiries: say which with --inquiry ID (or its title).');
    expect(printed()).toMatch(/\n {2}\d+: /);
  });

  it('exits 2 with the usage for a missing format or file', async () => {
    expect(await hearth(['export', '--out', join(dir, 'x.json')])).toBe(2);
    expect(printed()).toContain('export needs --format json, csv or qdpx.');
    expect(await hearth(['import'])).toBe(2);
    expect(printed()).toContain('import needs one FILE.');
  });

  it('exports an inquiry by number in each format, and imports the JSON back as a new inquiry', async () => {
    const database = openDatabase(loadConfig(db.env));
    const inquiry = await database.db
      .selectFrom('inquiries')
      .selectAll()
      .where('method', '=', 'msc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await database.db.destroy();
    for (const format of ['csv', 'qdpx', 'json']) {
      expect(
        await hearth([
          'export',
          '--format',
          format,
          '--out',
          join(dir, `out.${format}`),
          '--inquiry',
          String(inquiry.id),
        ]),
      ).toBe(0);
      expect(printed()).toMatch(/^Wrote \d+ stories of "/);
      expect(printed()).toContain(`of "${inquiry.title}" to `);
    }
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').startsWith('\uFEFF"Story code"')).toBe(true);
    expect(await hearth(['import', join(dir, 'out.json')])).toBe(0);
    // Into the alliance it came from, beside the original: its title says it was imported.
    expect(printed()).toContain(`Imported "${inquiry.title} (imported `);
    expect(printed()).toMatch(/stories as inquiry \d+\.$/m);
  });

  it('imports a CSV file into an inquiry by title, or lists every problem and imports nothing', async () => {
    const file = join(dir, 'paper.csv');
    // No column for any question ("Title" would now be the teller's answer to the title question).
    writeFileSync(file, 'Story code,Told where,Storyteller\nP-1,,Mo\n');
    expect(await hearth(['import', file, '--inquiry', 'nope'])).toBe(1);
    expect(printed()).toContain('There is no inquiry "nope". The inquiries are:');
    const database = openDatabase(loadConfig(db.env));
    const inquiry = await database.db
      .selectFrom('inquiries')
      .selectAll()
      .where('method', '=', 'msc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await database.db.destroy();
    expect(await hearth(['import', file, '--inquiry', String(inquiry.id)])).toBe(1);
    expect(printed()).toContain('Nothing was imported:');
    expect(printed()).toContain('No column is set to a question of the interview guide');
  });
});
