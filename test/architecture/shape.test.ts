/**
 * The shape of server/ that the redesign reached (issue 16), kept: small files, routes read typed schemas instead
 * of casting, and consent decided in one place. Import cycles are checked by dependency-cruiser in `npm run lint`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const server = join(root, 'server');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}
const sources = files(server).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

/** The lines of server/ matching a pattern, outside the files allowed to hold it. */
function found(pattern: RegExp, allowed: (path: string) => boolean): string[] {
  return sources
    .filter((f) => !allowed(f.path))
    .flatMap((f) =>
      f.text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${f.path}:${i + 1}: ${line.trim()}`] : [])),
    );
}

describe('server/', () => {
  it('has no file over 400 lines', () => {
    expect(sources.filter((f) => f.text.split('\n').length > 400).map((f) => f.path)).toEqual([]);
  });

  it('reads no consent column and blanks no teller’s name outside the stories capability', () => {
    // The stories capability (consent.ts, its store) and the table types decide; exports carry each story's
    // recorded consent as data in the file (server/exports/json.ts), which is not a decision about what to show.
    const owners = (path: string) =>
      path.startsWith('server/stories/') || path.endsWith('.table.ts') || path === 'server/exports/json.ts';
    expect(
      found(
        /consent_(panels|packs|quotes|funders|publish|recording|hearing)|stories\.anonymous|\.anonymous\s*\?|anonymous\s*\|\||storyteller\s*:\s*[^,]*\?\s*''/,
        owners,
      ),
    ).toEqual([]);
  });

  it('has no route that casts what was sent instead of declaring its schema', () => {
    expect(found(/request\.(body|query) as\b/, () => false)).toEqual([]);
  });
});
