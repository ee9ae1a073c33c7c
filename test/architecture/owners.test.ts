/**
 * Every table has one owner (issue 16): the capability whose `*.table.ts` declares it. Only that capability's code
 * names the table in a query; others call its functions. The whole-database backup copies every table by design.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}
const capabilityOf = (path: string) => path.split('/')[1]!;

/** Table name → owning capability, read from how server/db/schema.ts composes the tables' types. */
function owners(): Map<string, string> {
  const schema = readFileSync(join(root, 'server/db/schema.ts'), 'utf8');
  const typeOwner = new Map<string, string>();
  for (const m of schema.matchAll(/import type \{([^}]*)\} from '\.\.\/(\w+)\//g))
    for (const name of m[1]!.split(',')) typeOwner.set(name.trim(), m[2]!);
  const tables = new Map<string, string>();
  for (const m of schema.matchAll(/^\s+(\w+): (\w+);/gm)) {
    const owner = typeOwner.get(m[2]!);
    if (owner) tables.set(m[1]!, owner);
  }
  return tables;
}

const QUERY =
  /\.(selectFrom|innerJoin|leftJoin|rightJoin|fullJoin|insertInto|updateTable|deleteFrom|mergeInto)\(\s*\[?\s*['"](\w+)/g;
const infrastructure = (path: string) =>
  path.endsWith('.table.ts') || path.startsWith('server/db/') || /^server\/backup\/(backup|tables)\.ts$/.test(path);

describe('table owners', () => {
  const tables = owners();

  it('knows the owner of every table in the database type', () => {
    expect(tables.size).toBeGreaterThan(30);
    expect(tables.get('stories')).toBe('stories');
    expect(tables.get('domains')).toBe('inquiries');
  });

  it('finds no query naming a table owned by another capability', () => {
    const foreign: string[] = [];
    for (const path of files(join(root, 'server')).map((p) => relative(root, p))) {
      if (infrastructure(path)) continue;
      const code = readFileSync(join(root, path), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/[^\n]*/g, '');
      for (const m of code.matchAll(QUERY)) {
        const owner = tables.get(m[2]!);
        if (owner && owner !== capabilityOf(path)) foreign.push(`${path}: ${m[1]}('${m[2]}') belongs to ${owner}`);
      }
    }
    expect(foreign).toEqual([]);
  });
});
