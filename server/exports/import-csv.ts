/**
 * Importing stories from a CSV file (a KoboToolbox or ODK export, a spreadsheet): guessing which column is what,
 * and checking each row as a story — or listing its problems. The checks are
 * the interview form's own (checkInterview), so an imported story is held to what a typed-in one is.
 * Pure logic: nothing here knows about HTTP or the database.
 */
import { Value } from '@sinclair/typebox/value';
import type { Guide } from '../inquiries/inquiries-store.ts';
import {
  askedPrompt,
  checkInterview,
  interviewSchema,
  toStoryInput,
  type InterviewValues,
} from '../stories/capture.ts';
import type { StoryInput } from '../stories/store.ts';
import { IMPORTED_USES, languageIn, looksLikeFormula, norm, splitChoices, yesOrNo } from './import-cells.ts';

/** Problems listed at most: a file wrong on every row would make a page nobody reads. */
export const PROBLEMS_LISTED = 50;

export interface CsvTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/** A problem with the file as a whole, or with one row: a translation key and what fills it in. */
export interface Problem {
  key: string;
  row?: number;
  line?: number;
  /** A list (the choices a cell may hold) is said as a list in the page's language. */
  params?: Record<string, string | number | string[]>;
}

export type Read<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** The file's text, if it is UTF-8 (a byte order mark is allowed and dropped). */
export function decodeUpload(bytes: Uint8Array): Read<string> {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, problem: { key: 'exports.problems.notUtf8' } };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    // NUL bytes mean UTF-16 without its mark, or not text at all (and PostgreSQL could not store them).
    if (text.includes('\u0000')) return { ok: false, problem: { key: 'exports.problems.notUtf8' } };
    return { ok: true, value: text };
  } catch {
    return { ok: false, problem: { key: 'exports.problems.notUtf8' } };
  }
}

/** Commas, semicolons (spreadsheets in many languages) or tabs: whichever the header line uses most. */
export function delimiterOf(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const outside = first.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, outside.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** A question as the page names it: as the storyteller heard it, with [period] and [topic] filled in. */
const questionName = (guide: Guide, q: Guide['questions'][number]) => askedPrompt(guide, q, null);

/** What a column can be. */
export function targets(guide: Guide): { value: string; label: string; labelKey?: string }[] {
  return [
    { value: 'ignore', label: '', labelKey: 'exports.targets.ignore' },
    { value: 'code', label: '', labelKey: 'exports.targets.code' },
    { value: 'title', label: '', labelKey: 'exports.targets.title' },
    ...(guide.domains.length ? [{ value: 'domain', label: '', labelKey: 'exports.targets.domain' }] : []),
    { value: 'toldOn', label: '', labelKey: 'exports.targets.toldOn' },
    { value: 'toldWhere', label: '', labelKey: 'exports.targets.toldWhere' },
    { value: 'storyteller', label: '', labelKey: 'exports.targets.storyteller' },
    { value: 'interviewer', label: '', labelKey: 'exports.targets.interviewer' },
    { value: 'partner', label: '', labelKey: 'exports.targets.partner' },
    { value: 'language', label: '', labelKey: 'exports.targets.language' },
    ...IMPORTED_USES.map((use) => ({ value: `consent:${use}`, label: '', labelKey: `exports.targets.consent.${use}` })),
    { value: 'consent:anonymous', label: '', labelKey: 'exports.targets.consent.anonymous' },
    { value: 'consentOn', label: '', labelKey: 'exports.targets.consentOn' },
    ...guide.questions.map((q) => ({ value: `q${q.id}`, label: questionName(guide, q) })),
    ...guide.attributes.map((a) => ({ value: `a${a.id}`, label: a.label })),
  ];
}

// The guess lives beside the checks; callers of the import find it here still.
export { guessMapping } from './import-guess.ts';

/**
 * The title question a column set to "Title" answers, when no column is set to the question itself: a story's title
 * is the teller's own, as in an interview, so a file with one title column needs no second.
 */
export function titleQuestionOfTitle(mapping: string[], guide: Guide): Guide['questions'][number] | undefined {
  const question = guide.questions.find((q) => q.kind === 'title');
  return question && mapping.includes('title') && !mapping.includes(`q${question.id}`) ? question : undefined;
}

/** Problems with the mapping itself: a target chosen twice, required questions with no column. */
export function checkMapping(mapping: string[], guide: Guide): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(targets(guide).map((t) => t.value));
  const seen = new Set<string>();
  for (const m of mapping) {
    if (!known.has(m)) problems.push({ key: 'exports.problems.unknownTarget' });
    else if (m !== 'ignore' && seen.has(m)) {
      const target = targets(guide).find((t) => t.value === m)!;
      problems.push({ key: 'exports.problems.twice', params: { target: target.labelKey ?? target.label } });
    }
    seen.add(m);
  }
  const byTitle = titleQuestionOfTitle(mapping, guide);
  if (byTitle) seen.add(`q${byTitle.id}`);
  for (const q of guide.questions)
    if (q.required && !seen.has(`q${q.id}`))
      problems.push({ key: 'exports.problems.requiredUnmapped', params: { question: questionName(guide, q) } });
  if (!guide.questions.some((q) => seen.has(`q${q.id}`))) problems.push({ key: 'exports.problems.noAnswers' });
  if (!seen.has('storyteller')) problems.push({ key: 'exports.problems.noStoryteller' });
  if (guide.domains.length && !seen.has('domain')) problems.push({ key: 'exports.problems.noDomain' });
  return problems;
}

/** The interview form's messages that read wrongly for a file, said for a file. */
const IMPORT_MESSAGES: Record<string, string> = {
  'stories.errors.required': 'exports.problems.required',
  'stories.errors.date': 'exports.problems.date',
  'stories.errors.futureDate': 'exports.problems.futureDate',
  'stories.errors.consentOn': 'exports.problems.consentOn',
  'stories.errors.scale': 'exports.problems.scale',
  'stories.errors.slider': 'exports.problems.slider',
};

export interface PlannedStory {
  row: number;
  code: string | null;
  /** Who gathered it, when the file says and they are one of the alliance's interviewers. */
  interviewerId: number | null;
  input: StoryInput;
}

/** The alliance's people who may be named as a story's interviewer, matched by name or email. */
export interface KnownInterviewer {
  id: number;
  name: string;
  email: string;
}

/** The member a file names (by name or email, as people write them), if one is. */
export function knownInterviewer(people: KnownInterviewer[], named: string | null | undefined) {
  const said = named?.trim();
  if (!said) return undefined;
  return people.find((i) => norm(i.name) === norm(said) || i.email.toLowerCase() === said.toLowerCase());
}

/** What the dry run checks rows against besides the guide. */
export interface ImportContext {
  existingCodes: Set<string>;
  interviewers: KnownInterviewer[];
  /** Who may be named as the interviewer's partner (as the interview form offers them); none when not given. */
  partners?: KnownInterviewer[];
}

/**
 * Checks one row at a time (the mapping already checked): a story to save, or the row's problems, at most one per
 * column (a cell refused as a formula is not also a bad date). Remembers the codes it has seen, so a code used twice
 * in the file is found however far apart.
 */
export function rowChecker(
  guide: Guide,
  header: string[],
  mapping: string[],
  { existingCodes, interviewers, partners = [] }: ImportContext,
  today = new Date(),
): (row: { line: number; cells: string[] }, number: number) => { problems: Problem[]; story?: PlannedStory } {
  const schema = interviewSchema(guide, 'interview');
  const codes = new Map<string, number>();
  const column = (target: string) => mapping.indexOf(target);
  const headed = (target: string) => header[column(target)] ?? target;
  const byTitle = titleQuestionOfTitle(mapping, guide);
  return ({ line, cells }, row) => {
    const problems: Problem[] = [];
    const told = new Set<string>();
    /** A problem, unless one was told already about the same column (or, with none, the same target). */
    const at = (p: Omit<Problem, 'row' | 'line'>, about?: string) => {
      if (about !== undefined && told.has(about)) return;
      if (about !== undefined) told.add(about);
      problems.push({ ...p, row, line });
    };
    const cell = (target: string) => {
      const i = column(target);
      const raw = i >= 0 ? (cells[i] ?? '') : '';
      // Hearth's own export puts an apostrophe before cells a spreadsheet would run: take it off again.
      return /^'[=+\-@\t\r]/.test(raw) ? raw.slice(1) : raw;
    };
    cells.forEach((c, i) => {
      if (mapping[i] !== 'ignore' && looksLikeFormula(c))
        at({ key: 'exports.problems.formula', params: { column: header[i] ?? '' } }, mapping[i]);
    });
    const values: InterviewValues = { intent: 'record', route: 'paper', consentHow: 'written', consent: [] };
    const code = cell('code').trim();
    if (code) {
      if (codes.has(code))
        at({ key: 'exports.problems.duplicateInFile', params: { code, other: codes.get(code)! } }, 'code');
      else if (existingCodes.has(code)) at({ key: 'exports.problems.duplicateInHearth', params: { code } }, 'code');
      codes.set(code, row);
    }
    const named = cell('interviewer').trim();
    const interviewer = knownInterviewer(interviewers, named);
    if (named && !interviewer)
      at({ key: 'exports.problems.unknownInterviewer', params: { name: named } }, 'interviewer');
    const partnerNamed = cell('partner').trim();
    const partner = knownInterviewer(partners, partnerNamed);
    if (partnerNamed && !partner)
      at({ key: 'exports.problems.unknownPartner', params: { name: partnerNamed } }, 'partner');
    if (partner) values.partnerId = String(partner.id);
    const domain = cell('domain').trim();
    if (domain) {
      const found = guide.domains.find((d) => norm(d.name) === norm(domain));
      if (found) values.domainId = String(found.id);
      else at({ key: 'exports.problems.unknownDomain', params: { domain } }, 'domain');
    }
    const language = cell('language').trim();
    if (language) {
      const found = languageIn(language, guide.inquiry.languages);
      if (found) values.language = found;
      else
        at(
          { key: 'exports.problems.unknownLanguage', params: { language, languages: guide.inquiry.languages } },
          'language',
        );
    }
    for (const [target, field] of [
      ['toldOn', 'toldOn'],
      ['consentOn', 'consentOn'],
    ] as const) {
      // Survey tools write date-times ("2026-01-15T10:20:00+01:00"): the date is what counts.
      const raw = cell(target)
        .trim()
        .replace(/^(\d{4}-\d{2}-\d{2})[T ]\S*$/, '$1');
      if (raw) values[field] = raw;
    }
    // With no date of its own, consent was given when the story was told: a problem with that date is told once.
    const consentWhenTold = !values.consentOn && values.toldOn !== undefined;
    if (consentWhenTold) values.consentOn = values.toldOn;
    for (const field of ['toldWhere', 'storyteller'] as const)
      if (cell(field).trim()) values[field] = cell(field).trim();
    for (const use of [...IMPORTED_USES, 'anonymous'] as const) {
      const yes = yesOrNo(cell(`consent:${use}`));
      if (yes === undefined)
        at(
          {
            key: 'exports.problems.yesNo',
            params: { column: headed(`consent:${use}`), value: cell(`consent:${use}`) },
          },
          `consent:${use}`,
        );
      else if (yes && use === 'anonymous') values.anonymous = 'yes';
      else if (yes) (values.consent as string[]).push(use);
    }
    for (const q of guide.questions) {
      const raw = cell(q === byTitle ? 'title' : `q${q.id}`);
      if (q.kind === 'multiple') values[`q${q.id}`] = splitChoices(raw);
      else if (q.kind === 'scale' && /^n\/?a$/i.test(raw.trim())) values[`q${q.id}na`] = 'yes';
      else if (q.kind === 'slider' && /^n\/?a$/i.test(raw.trim())) values[`q${q.id}`] = 'n/a';
      else if (raw.trim()) values[`q${q.id}`] = ['story', 'why', 'long'].includes(q.kind) ? raw : raw.trim();
    }
    for (const a of guide.attributes) if (cell(`a${a.id}`).trim()) values[`a${a.id}`] = cell(`a${a.id}`).trim();

    const errors: Record<string, string> = {};
    for (const e of Value.Errors(schema, values)) {
      const name = e.path.split('/')[1] ?? '';
      errors[name] ??=
        (schema.properties[name] as { errorMessage?: string } | undefined)?.errorMessage ?? 'forms.invalid';
    }
    Object.assign(errors, {
      ...checkInterview(guide, values, { mode: 'interview', partnerIds: partners.map((p) => p.id), today }),
      ...errors,
    });
    // Hearth's export leaves an anonymous story's teller out: anonymous, it needs no pseudonym to come back in.
    if (values.anonymous === 'yes' && !values.storyteller && errors.storyteller === 'stories.errors.storyteller')
      delete errors.storyteller;
    for (const [field, key] of Object.entries(errors)) {
      const about = targetOf(field === 'consentOn' && consentWhenTold ? 'toldOn' : field);
      const target = byTitle && about === `q${byTitle.id}` ? 'title' : about;
      // An empty storyteller cell (not one too long) may be a pseudonym to add, or an anonymous story to mark.
      const empty = field === 'storyteller' && !values.storyteller;
      const said = cellProblem(guide, field, key, values[field]) ?? {
        message: empty ? 'exports.problems.storyteller' : (IMPORT_MESSAGES[key] ?? key),
      };
      const i = column(target);
      const label = labelOf(guide, target);
      if (i >= 0) at({ key: 'exports.problems.field', params: { column: header[i]!, ...said } }, target);
      else if (label) at({ key: 'exports.problems.fieldNoColumn', params: { target: label, ...said } }, target);
      else at({ key: said.message }, target);
    }
    if (Object.keys(errors).length === 0) {
      const input = toStoryInput(guide, values, { mode: 'interview', today });
      const title = cell('title').trim() || input.title;
      return {
        problems,
        story: { row, code: code || null, interviewerId: interviewer?.id ?? null, input: { ...input, title } },
      };
    }
    return { problems };
  };
}

/**
 * What is wrong with a cell, said with the cell's own words where the form's message would not help in a file: a
 * date written YYYY-MM-DD that the calendar does not have, a choice that is not one of the guide's.
 */
function cellProblem(
  guide: Guide,
  field: string,
  key: string,
  value: string | string[] | undefined,
): { message: string; value?: string; date?: string; choices?: string[] } | undefined {
  if (key === 'stories.errors.date' && typeof value === 'string') {
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!parts) return undefined;
    const [month, day] = [Number(parts[2]), Number(parts[3])];
    return month >= 1 && month <= 12 && day >= 1 && day <= 31
      ? { message: 'exports.problems.noSuchDate', date: value }
      : { message: 'exports.problems.notADate', value };
  }
  if (key !== 'stories.errors.choice') return undefined;
  const asked = guide.questions.find((q) => `q${q.id}` === field) ?? guide.attributes.find((a) => `a${a.id}` === field);
  if (!asked) return undefined;
  const choices = JSON.parse(asked.options) as string[];
  const wrong = [value ?? []].flat().find((v) => !choices.includes(v));
  return wrong === undefined ? undefined : { message: 'exports.problems.notAChoice', value: wrong, choices };
}

/** The import's target a form field is about ("domainId" is the "domain" column, "q4na" the "q4" column). */
function targetOf(field: string): string {
  return field === 'domainId' ? 'domain' : field === 'consentHow' ? 'consentOn' : field.replace(/na$/, '');
}

/** What a target is called on the page, for a problem with no column set to it: a translation key or a prompt. */
function labelOf(guide: Guide, target: string): string | undefined {
  const found = targets(guide).find((t) => t.value === target);
  return found && (found.labelKey ?? found.label);
}
