import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NO_WORDS } from '../../server/text/engine.ts';
import { runCli } from '../../server/cli.ts';
import { topicsOf, topicStories } from './synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-cluster-'));
let files = 0;
function jsonl(lines: (object | string)[]): string {
  const file = join(dir, `stories-${++files}.jsonl`);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

/** Runs `hearth cluster` in-process; DATA_DIR points nowhere, to show no database is touched. */
async function cluster(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const dataDir = join(dir, 'no-data-here');
  const code = await runCli(
    ['cluster', ...args],
    { DATA_DIR: dataDir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    (l) => out.push(l),
    (l) => err.push(l),
  );
  expect(existsSync(dataDir)).toBe(false);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

type Printed = { k: number; themes: { label: string; terms: string[]; stories: string[] }[] };

describe('hearth cluster', () => {
  const stories = topicStories(3, 10).map((d) => ({ id: d.id, text: d.text, storyteller: 'ignored' }));

  it('prints one JSON object with every id in exactly one theme', async () => {
    const { code, out, err } = await cluster(['--input', jsonl(stories), '--k', '3', '--seed', '4']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const printed = JSON.parse(out) as Printed;
    expect(printed.k).toBe(3);
    expect(Object.keys(printed.themes[0]!).sort()).toEqual(['label', 'stories', 'terms']);
    expect(printed.themes.flatMap((t) => t.stories).sort()).toEqual(stories.map((s) => s.id).sort());
    expect(printed.themes.map((t) => topicsOf(t.stories))).toEqual(
      expect.arrayContaining([['health'], ['housing'], ['school']]),
    );
  });

  it('chooses k with --k auto, and says how on stderr', async () => {
    const { code, out, err } = await cluster(['--input', jsonl(stories), '--k', 'auto']);
    expect(code).toBe(0);
    expect((JSON.parse(out) as Printed).k).toBe(3);
    expect(err).toMatch(/chose k = 3 by mean silhouette .*k=2 [-\d.]+, k=3/);
  });

  it('takes numeric ids, skips blank lines, keeps empty stories in a theme of their own', async () => {
    const file = jsonl([...stories.slice(0, 6), '', '   ', { id: 7, text: '' }, { id: 'blank', text: ' \n ' }]);
    const { code, out, err } = await cluster(['--input', file, '--k', '2']);
    expect(code).toBe(0);
    const printed = JSON.parse(out) as Printed;
    expect(printed.themes.find((t) => t.label === NO_WORDS)!.stories).toEqual(['7', 'blank']);
    expect(printed.themes.flatMap((t) => t.stories)).toHaveLength(8);
    expect(err).toContain('note: 2 stories have no words to analyse');
  });

  it('lowers k above the number of stories, and says so', async () => {
    const { code, out, err } = await cluster(['--input', jsonl(stories.slice(0, 3)), '--k', '50']);
    expect(code).toBe(0);
    const printed = JSON.parse(out) as Printed;
    expect(printed.k).toBe(3);
    expect(printed.themes.flatMap((t) => t.stories)).toHaveLength(3);
    expect(err).toContain('Asked for 50 themes, but only 3 stories have words to compare, so there are 3.');
  });

  it.each([
    [
      'a line that is not JSON',
      ['{"id": "a", "text": "fine"}', '{"id": "b", "text": "fine"}', '{"id": "c", "text": '],
      /line 3 is not valid JSON/,
    ],
    [
      'a line without an id',
      ['{"id": "a", "text": "fine"}', '{"text": "no id"}'],
      /line 2 has no "id" \(a string or a number\)\./,
    ],
    ['a line without text', ['{"id": "a"}'], /line 1 \(id "a"\) has no "text" string\./],
    [
      'a line that is not an object',
      ['["a", "b"]'],
      /line 1 is not an object like \{"id": "\.\.\.", "text": "\.\.\."\}\./,
    ],
    [
      'a repeated id',
      ['{"id": "a", "text": "one"}', '{"id": "a", "text": "two"}'],
      /Story id "a" appears twice \(stories 1 and 2\)/,
    ],
  ])('exits 1 with a clear message for %s', async (_what, lines, message) => {
    const { code, out, err } = await cluster(['--input', jsonl(lines), '--k', '2']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });

  it('exits 1 for a missing file or a file with no stories', async () => {
    const missing = await cluster(['--input', join(dir, 'nope.jsonl'), '--k', '2']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`hearth cluster: there is no file ${join(dir, 'nope.jsonl')}.`);
    const empty = await cluster(['--input', jsonl(['', ' ']), '--k', '2']);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/has no stories/);
  });

  it.each([
    [['--k', '2'], 'give the stories with --input FILE.jsonl.'],
    [['--input', 'x.jsonl'], 'give the number of themes with --k'],
    [['--input', 'x.jsonl', '--k', 'many'], '--k must be a whole number, 1 or more, or auto (got "many").'],
    [['--input', 'x.jsonl', '--k', '0'], '--k must be a whole number'],
    [['--input', 'x.jsonl', '--k', '2', '--seed', 'abc'], '--seed must be a whole number (got "abc").'],
    [['--input', 'x.jsonl', '--k', '2', '--colour', 'red'], "Unknown option '--colour'"],
  ])('exits 2 with the usage for %j', async (args, message) => {
    const { code, err } = await cluster(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: hearth cluster --input FILE.jsonl --k K|auto');
  });

  it('runs as a program: JSON on stdout, problems on stderr, exit codes', async () => {
    const run = promisify(execFile);
    const ok = await run(process.execPath, ['bin/hearth.js', 'cluster', '--input', jsonl(stories), '--k', '3'], {
      cwd: join(import.meta.dirname, '../..'),
    });
    expect((JSON.parse(ok.stdout) as Printed).themes.flatMap((t) => t.stories)).toHaveLength(30);
    const bad = await run(
      process.execPath,
      ['bin/hearth.js', 'cluster', '--input', jsonl(['{"id": 1, "text": "x"}', 'oops']), '--k', '3'],
      { cwd: join(import.meta.dirname, '../..') },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/line 2 is not valid JSON/);
  });
});
