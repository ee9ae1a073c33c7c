/**
 * `hearth cluster --input FILE.jsonl --k K|auto [--seed S] [--language en]`: themes for a file of stories, so the
 * engine can be measured against other tools. Reads JSON Lines {"id", "text"} (other fields ignored) and prints one
 * JSON object {"k", "themes": [{"label", "terms", "stories"}]} to stdout, every id in exactly one theme.
 * Problems go to stderr: exit 1 for bad input, 2 for a usage mistake. No database is opened.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findThemes } from './engine.ts';
import type { Doc } from './types.ts';

type Out = (line: string) => void;

export const CLUSTER_USAGE = `Usage: hearth cluster --input FILE.jsonl --k K|auto [--seed S] [--language CODE]
  FILE.jsonl has one story a line: {"id": "...", "text": "..."} (other fields are ignored).
  --k        the number of themes, or auto to choose it (by mean silhouette)
  --seed     a whole number; the same seed gives the same themes (default 1)
  --language the stories' language for stop words and stemming (default en)`;

class InputError extends Error {}

/** Stories from JSON Lines; blank lines are skipped; a bad line is reported with its number. */
export function readStories(text: string, file: string): Doc[] {
  const docs: Doc[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new InputError(`${file} line ${i + 1} is not valid JSON (${(err as Error).message}).`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InputError(`${file} line ${i + 1} is not an object like {"id": "...", "text": "..."}.`);
    const record = value as { id?: unknown; text?: unknown };
    const id = typeof record.id === 'number' && Number.isFinite(record.id) ? String(record.id) : record.id;
    if (typeof id !== 'string' || id === '')
      throw new InputError(`${file} line ${i + 1} has no "id" (a string or a number).`);
    if (typeof record.text !== 'string')
      throw new InputError(`${file} line ${i + 1} (id "${id}") has no "text" string.`);
    docs.push({ id, text: record.text });
  }
  return docs;
}

export function runClusterCommand(args: string[], out: Out, err: Out): number {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        input: { type: 'string' },
        k: { type: 'string' },
        seed: { type: 'string' },
        language: { type: 'string' },
      },
    }));
  } catch (e) {
    err(`hearth cluster: ${(e as Error).message}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  const usage = (message: string) => {
    err(`hearth cluster: ${message}\n\n${CLUSTER_USAGE}`);
    return 2;
  };
  if (!values.input) return usage('give the stories with --input FILE.jsonl.');
  if (!values.k) return usage('give the number of themes with --k (a whole number, or auto).');
  const k = values.k === 'auto' ? 'auto' : Number(values.k);
  if (k !== 'auto' && !(Number.isInteger(k) && k >= 1))
    return usage(`--k must be a whole number, 1 or more, or auto (got "${values.k}").`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) return usage(`--seed must be a whole number (got "${values.seed}").`);
  try {
    let text: string;
    try {
      text = readFileSync(values.input, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(
        code === 'ENOENT'
          ? `there is no file ${values.input}.`
          : `cannot read ${values.input} (${(e as Error).message}).`,
      );
    }
    const docs = readStories(text, values.input);
    if (docs.length === 0) throw new InputError(`${values.input} has no stories (one JSON object a line).`);
    const result = findThemes(docs, { k, seed, language: values.language ?? 'en' });
    for (const note of result.notes ?? []) err(`hearth cluster: note: ${note}`);
    if (result.criterion)
      err(
        `hearth cluster: chose k = ${result.k} by ${result.criterion.name}: ${result.criterion.scores.map((s) => `k=${s.k} ${s.score.toFixed(3)}`).join(', ')}`,
      );
    out(
      JSON.stringify({
        k: result.k,
        themes: result.themes.map((t) => ({ label: t.label, terms: t.terms, stories: t.stories })),
      }),
    );
    return 0;
  } catch (e) {
    err(`hearth cluster: ${(e as Error).message}`);
    return 1;
  }
}
