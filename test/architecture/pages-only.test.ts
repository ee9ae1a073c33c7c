/** The browser tests run once, on SQLite, are exactly those the global setup names as skipped on PostgreSQL. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PAGES_ONLY } from '../helpers/pages-only.ts';

const testFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );

it('names in PAGES_ONLY every browser test skipped on PostgreSQL, and no other', () => {
  const skipping = testFiles('test').filter((f) =>
    // skipped as a whole, or once per language with .each
    /\bdescribe\.skipIf\(pagesOnlyOnSqlite\)(\(|\.each\()/.test(readFileSync(f, 'utf8')),
  );
  expect(skipping.sort()).toEqual([...PAGES_ONLY].sort());
});
