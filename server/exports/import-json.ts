/**
 * Reading a Hearth JSON export to import it into another Hearth: is it one, of a version this Hearth reads, shaped
 * as format.ts says, and does everything in it refer to things that are there? Each problem says where (as a path
 * into the file). Pure logic; import-json-store.ts writes it.
 */
import { Value } from '@sinclair/typebox/value';
import { HearthExportSchema, type HearthExport } from './format.ts';
import type { Problem, Read } from './import-csv.ts';

const MAX_PROBLEMS = 50;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readExport(text: string): Read<HearthExport> & { problems?: Problem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, problem: { key: 'exports.problems.notJson', params: { detail: (err as Error).message } } };
  }
  if (!isObject(doc) || doc.format !== 'hearth-export')
    return { ok: false, problem: { key: 'exports.problems.notHearth' } };
  if (doc.version !== 1)
    return { ok: false, problem: { key: 'exports.problems.version', params: { version: String(doc.version) } } };
  const nul = findNul(doc, '');
  if (nul !== undefined)
    return { ok: false, problem: { key: 'exports.problems.nulCharacter', params: { where: nul || 'the file' } } };
  const refused = (problems: Problem[]) => ({ ok: false as const, problem: problems[0]!, problems });
  if (!Value.Check(HearthExportSchema, doc)) return refused(shapeProblems(doc));
  const problems = checkReferences(doc);
  return problems.length ? refused(problems) : { ok: true, value: doc };
}

/** A JSON Pointer as the file's readers write a place in it: /stories/0/title is stories[0].title. */
function readablePath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  return parts.reduce((at, p) => (/^\d+$/.test(p) ? `${at}[${p}]` : at ? `${at}.${p}` : p), '');
}

/** Where the file is not shaped as format.ts says, one problem per place; a story of a status never exported says so. */
function shapeProblems(doc: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(HearthExportSchema, doc)) {
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    const status = /^\/stories\/(\d+)\/status$/.exec(error.path);
    const story = status && (doc.stories as Record<string, unknown>[])[Number(status[1])]!;
    if (story && typeof error.value === 'string')
      problems.push({
        key: 'exports.problems.notImportable',
        params: { code: String(story.code), status: error.value },
      });
    else
      problems.push({
        key: 'exports.problems.badReference',
        params: { where: readablePath(error.path) || 'the file' },
      });
    if (problems.length === MAX_PROBLEMS) break;
  }
  return problems;
}

/** Where a text holds a NUL character (written \\u0000 in JSON): PostgreSQL cannot store one, and no person types it. */
function findNul(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findNul(v, `${at}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, at ? `${at}.${k}` : k);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** What the schema cannot say: every reference resolves, and every story code is unique. */
function checkReferences(doc: HearthExport): Problem[] {
  const problems: Problem[] = [];
  const bad = (where: string) => problems.push({ key: 'exports.problems.badReference', params: { where } });
  const ref = <T>(set: Set<T>, value: T | null, where: string) => {
    if (value !== null && !set.has(value)) bad(where);
  };
  const ids = (items: { id: number }[]) => new Set(items.map((x) => x.id));
  const domains = ids(doc.domains);
  const questions = ids(doc.questions);
  const attributes = ids(doc.attributes);
  const tags = ids(doc.tags);
  const rounds = ids(doc.rounds);
  const codes = new Set<string>();
  doc.stories.forEach((s, i) => {
    const at = `stories[${i}]`;
    if (codes.has(s.code)) problems.push({ key: 'exports.problems.duplicateCode', params: { code: s.code } });
    codes.add(s.code);
    ref(domains, s.domain, `${at}.domain`);
    s.answers.forEach((a, j) => ref(questions, a.question, `${at}.answers[${j}].question`));
    s.attributes.forEach((a, j) => ref(attributes, a.attribute, `${at}.attributes[${j}].attribute`));
    s.tags.forEach((t, j) => ref(tags, t.tag, `${at}.tags[${j}].tag`));
    // One translation per language, never into the story's own, each pointing at one of its answers.
    const positions = new Set(s.answers.map((_, j) => j));
    const languages = new Set<string>([s.language.trim().toLowerCase()]);
    (s.translations ?? []).forEach((tr, j) => {
      if (languages.has(tr.language.trim().toLowerCase()) || !tr.language.trim())
        bad(`${at}.translations[${j}].language`);
      languages.add(tr.language.trim().toLowerCase());
      tr.answers.forEach((a, k) =>
        ref(positions, a.answer_position, `${at}.translations[${j}].answers[${k}].answer_position`),
      );
    });
  });
  doc.tags.forEach((t, i) => ref(tags, t.parent, `tags[${i}].parent`));
  doc.rounds.forEach((r, i) => {
    const at = `rounds[${i}]`;
    const participants = ids(r.participants);
    r.domains.forEach((d, j) => ref(domains, d, `${at}.domains[${j}]`));
    r.sources.forEach((d, j) => ref(rounds, d, `${at}.sources[${j}]`));
    r.stories.forEach((x, j) => ref(codes, x.story, `${at}.stories[${j}]`));
    r.ballots.forEach((b, j) => {
      ref(participants, b.participant, `${at}.ballots[${j}].participant`);
      b.marks.forEach((m, k) => ref(codes, m.story, `${at}.ballots[${j}].marks[${k}]`));
    });
    r.decisions.forEach((d, j) => {
      ref(domains, d.domain, `${at}.decisions[${j}].domain`);
      d.selections.forEach((x, k) => ref(codes, x.story, `${at}.decisions[${j}].selections[${k}]`));
    });
    r.annotations.forEach((a, j) => {
      ref(codes, a.story, `${at}.annotations[${j}].story`);
      ref(participants, a.participant, `${at}.annotations[${j}].participant`);
    });
  });
  doc.analysis_runs.forEach((run, i) => {
    const themes = ids(run.themes);
    run.themes.forEach((t, j) => {
      ref(themes, t.merged_into, `analysis_runs[${i}].themes[${j}].merged_into`);
      ref(tags, t.tag, `analysis_runs[${i}].themes[${j}].tag`);
      t.stories.forEach((x, k) => ref(codes, x.story, `analysis_runs[${i}].themes[${j}].stories[${k}]`));
    });
  });
  doc.learning.forEach((item, i) => {
    item.links.forEach((l, j) => {
      ref(codes, l.story, `learning[${i}].links[${j}].story`);
      ref(rounds, l.round, `learning[${i}].links[${j}].round`);
    });
  });
  return problems.slice(0, MAX_PROBLEMS);
}
