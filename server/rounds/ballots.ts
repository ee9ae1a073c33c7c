/**
 * Checking a live ballot as the vote form sends it, and turning it into marks (points per story). Pure: the
 * routes pass the round's rules, its story ids and the fields; nothing here reads or writes the database.
 *   dots:    dots-<storyId> = 0..dots each, at least one in all, no more than round.dots in all (else "total");
 *   ranking: rank-<storyId> = 1..N (N = round.dots, at most the number of stories), no rank twice, at least one,
 *            and no gap (Rank 2 only once some story has Rank 1); points = N - rank + 1, so a first of three gets 3;
 *   secret:  choice = one storyId; one point.
 */
import type { SelectionMethod } from '../db/schema.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';

export interface BallotRules {
  method: SelectionMethod;
  dots: number;
  storyIds: readonly number[];
}

export interface Mark {
  storyId: number;
  points: number;
  rank: number | null;
}

export type BallotResult =
  | { ok: true; marks: Mark[]; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues; missingRank?: number };

/** How many places a ranking has: round.dots, but never more than there are stories. */
export function rankPlaces(rules: Pick<BallotRules, 'dots' | 'storyIds'>): number {
  return Math.max(1, Math.min(rules.dots, rules.storyIds.length));
}

const WHOLE = /^[0-9]{1,4}$/;

export function checkBallot(rules: BallotRules, fields: Record<string, unknown>): BallotResult {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const known = new Set(rules.storyIds);
  const picked = new Map<number, string>();
  const prefix = rules.method === 'dots' ? 'dots-' : rules.method === 'ranking' ? 'rank-' : null;

  for (const [name, raw] of Object.entries(fields)) {
    if (name === '_csrf') continue;
    if (typeof raw !== 'string') {
      errors._form = 'forms.malformed';
      continue;
    }
    values[name] = raw;
    if (rules.method === 'secret' && name === 'choice') continue;
    const id =
      prefix && name.startsWith(prefix) && /^[0-9]{1,12}$/.test(name.slice(prefix.length))
        ? Number(name.slice(prefix.length))
        : undefined;
    if (id === undefined) errors._form ??= 'forms.unknownField';
    else if (!known.has(id)) errors._form = 'panel.errors.unknownStory';
    else picked.set(id, raw.trim());
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };

  if (rules.method === 'secret') return checkSecret(rules, values);
  if (rules.method === 'dots') return checkDots(rules, picked, values);
  if (rules.method === 'ranking') return checkRanking(rules, picked, values);
  return { ok: false, errors: { _form: 'panel.errors.noVoting' }, values };
}

function checkSecret(rules: BallotRules, values: FormValues): BallotResult {
  const raw = typeof values.choice === 'string' ? values.choice.trim() : '';
  if (raw === '') return { ok: false, errors: { choice: 'panel.errors.choose' }, values };
  const id = /^[0-9]{1,12}$/.test(raw) ? Number(raw) : NaN;
  if (!rules.storyIds.includes(id)) return { ok: false, errors: { _form: 'panel.errors.unknownStory' }, values };
  return { ok: true, marks: [{ storyId: id, points: 1, rank: null }], values };
}

function checkDots(rules: BallotRules, picked: Map<number, string>, values: FormValues): BallotResult {
  const errors: FieldErrors = {};
  const marks: Mark[] = [];
  let total = 0;
  for (const [storyId, raw] of picked) {
    if (raw === '') continue;
    const n = WHOLE.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n > rules.dots) {
      errors[`dots-${storyId}`] = 'panel.errors.dotsNumber';
      continue;
    }
    total += n;
    if (n > 0) marks.push({ storyId, points: n, rank: null });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  // Keyed "total", not _form: the vote page ties it to the stories given dots and to the sum it shows under them.
  if (total > rules.dots) return { ok: false, errors: { total: 'panel.errors.tooManyDots' }, values };
  if (total === 0) return { ok: false, errors: { _form: 'panel.errors.noDots' }, values };
  return { ok: true, marks: inStoryOrder(rules, marks), values };
}

function checkRanking(rules: BallotRules, picked: Map<number, string>, values: FormValues): BallotResult {
  const places = rankPlaces(rules);
  const errors: FieldErrors = {};
  const marks: Mark[] = [];
  const taken = new Set<number>();
  for (const storyId of rules.storyIds) {
    const raw = picked.get(storyId) ?? '';
    if (raw === '') continue;
    const rank = WHOLE.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(rank) || rank < 1 || rank > places) errors[`rank-${storyId}`] = 'panel.errors.rankNumber';
    else if (taken.has(rank)) errors[`rank-${storyId}`] = 'panel.errors.rankRepeated';
    else {
      taken.add(rank);
      marks.push({ storyId, points: places - rank + 1, rank });
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  if (marks.length === 0) return { ok: false, errors: { _form: 'panel.errors.noRanks' }, values };
  // Ranks count from 1 with none skipped: a lone "Rank 2" would count as a second choice nobody made a first to.
  const missing = Array.from({ length: places }, (_, i) => i + 1).find((r) => !taken.has(r));
  const after = missing && marks.filter((m) => m.rank! > missing).sort((a, b) => a.rank! - b.rank!)[0];
  if (after)
    return { ok: false, errors: { [`rank-${after.storyId}`]: 'panel.errors.rankGap' }, values, missingRank: missing };
  return { ok: true, marks: inStoryOrder(rules, marks), values };
}

function inStoryOrder(rules: BallotRules, marks: Mark[]): Mark[] {
  const order = new Map(rules.storyIds.map((id, i) => [id, i]));
  return marks.sort((a, b) => order.get(a.storyId)! - order.get(b.storyId)!);
}

/**
 * The number the sentence on how a round's numbers add up names (panel.units.rule.<method>): a ranking's places,
 * as many dots as each person has, one vote.
 */
export function ruleCount(rules: Pick<BallotRules, 'method' | 'dots' | 'storyIds'>): number {
  return rules.method === 'ranking' ? rankPlaces(rules) : rules.method === 'dots' ? rules.dots : 1;
}

/** One reason a quick line was refused: a message key and what it names (the line as typed, its code or count). */
export interface QuickProblem {
  key: 'panel.errors.quickLineForm' | 'panel.errors.quickLineCode' | 'panel.errors.quickLineCount';
  line: string;
  code?: string;
  given?: string;
}

export interface PaperResult {
  ok: boolean;
  counts: Map<number, number>;
  errors: FieldErrors;
  values: FormValues;
  /** Every reason a quick line was refused, in the order typed (a line may have two: code and count). */
  quickProblems: QuickProblem[];
  /** How many quick lines were refused, which errors.quick says. */
  wrongLines: number;
}

/**
 * The facilitator's paper tallies: count-<storyId> per story (blank = 0), then any "CODE = count" lines in the
 * quick box on top. Counts are whole numbers, 0 or more; codes must be stories of the round. Every line is checked,
 * so one look at the message shows all that needs mending.
 */
export function checkPaperTallies(
  stories: readonly { id: number; code: string }[],
  fields: Record<string, unknown>,
): PaperResult {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const counts = new Map<number, number>(stories.map((s) => [s.id, 0]));
  for (const [name, raw] of Object.entries(fields)) {
    if (name === '_csrf') continue;
    if (typeof raw !== 'string') {
      errors._form = 'forms.malformed';
      continue;
    }
    values[name] = raw;
    if (name === 'quick') continue;
    const id = /^count-[0-9]{1,12}$/.test(name) ? Number(name.slice(6)) : undefined;
    if (id === undefined || !counts.has(id)) {
      errors._form = id === undefined ? 'forms.unknownField' : 'panel.errors.unknownStory';
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    if (!WHOLE.test(value)) errors[name] = 'panel.errors.countNumber';
    else counts.set(id, Number(value));
  }
  const quick = typeof values.quick === 'string' ? values.quick : '';
  const byCode = new Map(stories.map((s) => [s.code.toUpperCase(), s.id]));
  const problems: QuickProblem[] = [];
  let wrongLines = 0;
  for (const raw of quick.split(/\r?\n|[;,]/)) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([^=:\s]+)\s*[=:]\s*(\S+)$/.exec(line);
    const found: QuickProblem[] = [];
    const id = match ? byCode.get(match[1]!.toUpperCase()) : undefined;
    if (!match) found.push({ key: 'panel.errors.quickLineForm', line });
    else {
      if (id === undefined) found.push({ key: 'panel.errors.quickLineCode', line, code: match[1]! });
      if (!WHOLE.test(match[2]!)) found.push({ key: 'panel.errors.quickLineCount', line, given: match[2]! });
    }
    if (found.length > 0) wrongLines++;
    else if (id !== undefined) counts.set(id, Number(match![2]));
    problems.push(...found);
  }
  if (wrongLines > 0) errors.quick = 'panel.errors.quickLines';
  return { ok: Object.keys(errors).length === 0, counts, errors, values, quickProblems: problems, wrongLines };
}
