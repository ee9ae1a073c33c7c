/**
 * Reading a Hearth JSON export to import it into another Hearth: is it one, of a version this Hearth reads, and
 * does everything in it refer to things that are there? Each problem says where (as a path into the file).
 * Pure logic; import-json-store.ts writes it.
 */
import type { HearthExport } from './format.ts';
import type { Problem, Read } from './import-csv.ts';

const IMPORTABLE = new Set(['recorded', 'read_back', 'verified']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readExport(text: string): Read<HearthExport> & { problems?: Problem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, problem: { key: 'exports.problems.notJson', params: { detail: (err as Error).message } } };
  }
  if (!isObject(doc) || doc.format !== 'hearth-export') return { ok: false, problem: { key: 'exports.problems.notHearth' } };
  if (doc.version !== 1) return { ok: false, problem: { key: 'exports.problems.version', params: { version: String(doc.version) } } };
  const nul = findNul(doc, '');
  if (nul !== undefined) return { ok: false, problem: { key: 'exports.problems.nulCharacter', params: { where: nul || 'the file' } } };
  const problems = checkExport(doc);
  if (problems.length) return { ok: false, problem: problems[0]!, problems };
  return { ok: true, value: doc as unknown as HearthExport };
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

/** Every reference resolves; every story code is unique; no drafts or withdrawn stories. */
function checkExport(doc: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const bad = (where: string) => problems.push({ key: 'exports.problems.badReference', params: { where } });
  const list = (name: string): Record<string, unknown>[] => {
    const value = doc[name];
    if (!Array.isArray(value) || !value.every(isObject)) {
      bad(name);
      return [];
    }
    return value as Record<string, unknown>[];
  };
  if (!isObject(doc.inquiry) || typeof doc.inquiry.title !== 'string' || typeof doc.inquiry.code_prefix !== 'string') bad('inquiry');
  const ids = (name: string) => new Set(list(name).map((x) => x.id));
  const domains = ids('domains');
  const questions = ids('questions');
  const attributes = ids('attributes');
  const tags = ids('tags');
  const stories = list('stories');
  const codes = new Set<unknown>();
  const ref = (set: Set<unknown>, value: unknown, where: string) => {
    if (value !== null && value !== undefined && !set.has(value)) bad(where);
  };
  stories.forEach((s, i) => {
    const at = `stories[${i}]`;
    if (typeof s.code !== 'string' || !s.code) bad(`${at}.code`);
    if (codes.has(s.code)) problems.push({ key: 'exports.problems.duplicateCode', params: { code: String(s.code) } });
    codes.add(s.code);
    if (!IMPORTABLE.has(String(s.status))) problems.push({ key: 'exports.problems.notImportable', params: { code: String(s.code), status: String(s.status) } });
    ref(domains, s.domain, `${at}.domain`);
    if (!Array.isArray(s.answers) || !Array.isArray(s.attributes) || !Array.isArray(s.versions) || !Array.isArray(s.tags) || !isObject(s.consent)) bad(at);
    else {
      (s.answers as Record<string, unknown>[]).forEach((a, j) => ref(questions, a.question, `${at}.answers[${j}].question`));
      (s.attributes as Record<string, unknown>[]).forEach((a, j) => ref(attributes, a.attribute, `${at}.attributes[${j}].attribute`));
      (s.tags as Record<string, unknown>[]).forEach((t, j) => {
        if (!tags.has(t.tag)) bad(`${at}.tags[${j}].tag`);
      });
    }
  });
  list('tags').forEach((t, i) => ref(tags, t.parent, `tags[${i}].parent`));
  const rounds = ids('rounds');
  list('rounds').forEach((r, i) => {
    const at = `rounds[${i}]`;
    const participants = new Set(Array.isArray(r.participants) ? (r.participants as Record<string, unknown>[]).map((p) => p.id) : []);
    const parts = ['domains', 'sources', 'stories', 'participants', 'ballots', 'decisions', 'annotations'];
    if (parts.some((p) => !Array.isArray(r[p]))) return bad(at);
    (r.domains as unknown[]).forEach((d, j) => ref(domains, d, `${at}.domains[${j}]`));
    (r.sources as unknown[]).forEach((d, j) => ref(rounds, d, `${at}.sources[${j}]`));
    (r.stories as Record<string, unknown>[]).forEach((x, j) => ref(codes, x.story, `${at}.stories[${j}]`));
    (r.ballots as Record<string, unknown>[]).forEach((b, j) => {
      ref(participants, b.participant, `${at}.ballots[${j}].participant`);
      if (!Array.isArray(b.marks)) bad(`${at}.ballots[${j}]`);
      else (b.marks as Record<string, unknown>[]).forEach((m, k) => ref(codes, m.story, `${at}.ballots[${j}].marks[${k}]`));
    });
    (r.decisions as Record<string, unknown>[]).forEach((d, j) => {
      ref(domains, d.domain, `${at}.decisions[${j}].domain`);
      if (typeof d.reasons !== 'string' || !Array.isArray(d.selections)) bad(`${at}.decisions[${j}]`);
      else (d.selections as Record<string, unknown>[]).forEach((x, k) => ref(codes, x.story, `${at}.decisions[${j}].selections[${k}]`));
    });
    (r.annotations as Record<string, unknown>[]).forEach((a, j) => {
      ref(codes, a.story, `${at}.annotations[${j}].story`);
      ref(participants, a.participant, `${at}.annotations[${j}].participant`);
    });
  });
  list('analysis_runs').forEach((run, i) => {
    if (!Array.isArray(run.themes) || !Array.isArray(run.stories)) return bad(`analysis_runs[${i}]`);
    const themes = new Set((run.themes as Record<string, unknown>[]).map((t) => t.id));
    (run.themes as Record<string, unknown>[]).forEach((t, j) => {
      ref(themes, t.merged_into, `analysis_runs[${i}].themes[${j}].merged_into`);
      ref(tags, t.tag, `analysis_runs[${i}].themes[${j}].tag`);
      if (!Array.isArray(t.stories)) bad(`analysis_runs[${i}].themes[${j}]`);
      else (t.stories as Record<string, unknown>[]).forEach((x, k) => ref(codes, x.story, `analysis_runs[${i}].themes[${j}].stories[${k}]`));
    });
  });
  list('learning').forEach((item, i) => {
    if (!Array.isArray(item.links)) return bad(`learning[${i}]`);
    (item.links as Record<string, unknown>[]).forEach((l, j) => {
      ref(codes, l.story, `learning[${i}].links[${j}].story`);
      ref(rounds, l.round, `learning[${i}].links[${j}].round`);
    });
  });
  return problems.slice(0, 50);
}
