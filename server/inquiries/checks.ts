/**
 * What the form schemas cannot say about an inquiry's settings and guide: real dates in order, language codes
 * that name a language, choices typed one per line, a phase for each Appreciative Inquiry question. Each check
 * turns what was typed into what the store saves, or into messages keyed by field. No HTTP, no database.
 */
import type { Static, TObject } from '@sinclair/typebox';
import type { AiPhase, Inquiry, QuestionKind } from '../db/schema.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';
import type { AttributeForm, QuestionForm, SettingsForm } from './forms.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const CHOICE_KINDS: readonly QuestionKind[] = ['single', 'multiple'];
export const MAX_LANGUAGES = 20;
/** A long list (say, the places a story can be told in) is offered in a list box; past this it is not a choice. */
export const MAX_OPTIONS = 200;
export const OPTION_MAX = 200;

/** A calendar date that exists (2026-02-30 does not). */
export function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const namer = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "en" -> "English"; undefined when the code names no language Hearth knows. */
export function languageName(code: string): string | undefined {
  try {
    return namer.of(code);
  } catch {
    return undefined;
  }
}

/**
 * "en, es, pt-br" -> ["en", "es", "pt-BR"]: a language (two or three letters), optionally a script and a region,
 * each naming something real, no repeats. Undefined when any is not a language code.
 */
export function parseLanguages(raw: string): string[] | undefined {
  const codes: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (!part) continue;
    if (!/^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?$/i.test(part)) return undefined;
    const [code] = Intl.getCanonicalLocales(part);
    // CLDR names the placeholder region ZZ "Unknown Region": that is no place a story is told in.
    const name = code ? languageName(code) : undefined;
    if (!code || !name || name.includes('Unknown')) return undefined;
    if (!codes.includes(code)) codes.push(code);
  }
  return codes.length > 0 && codes.length <= MAX_LANGUAGES ? codes : undefined;
}

/** Choices typed one per line: trimmed, blank lines dropped; a message key when they are not a usable list. */
export function parseOptions(raw: string | undefined): { options: string[] } | { error: string } {
  const options = (raw ?? '')
    .split(/\r?\n/)
    .map((o) => o.trim())
    .filter(Boolean);
  if (options.length < 2) return { error: 'inquiries.errors.optionsTooFew' };
  if (options.length > MAX_OPTIONS || options.some((o) => o.length > OPTION_MAX))
    return { error: 'inquiries.errors.optionsTooLong' };
  const seen = new Set(options.map((o) => o.toLowerCase()));
  if (seen.size !== options.length) return { error: 'inquiries.errors.optionsRepeated' };
  return { options };
}

export interface SettingsInput {
  title: string;
  purpose: string;
  periodStart: string | null;
  periodEnd: string | null;
  periodWords: string;
  aiTopic: string;
  consentStatement: string;
  languages: string[];
  codePrefix: string;
}

/** A field as typed, trimmed as the form reader trims it; undefined when not sent (or sent twice). */
export function typedText(values: FormValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/**
 * Every problem with a form at once, each field's first message only, in the order the fields are on the form:
 * the schema's own checks and those it cannot make are reported together, not one round after the other.
 */
export function allErrors(schema: TObject, ...lists: FieldErrors[]): FieldErrors {
  const merged: FieldErrors = {};
  for (const list of lists) for (const [name, key] of Object.entries(list)) merged[name] ??= key;
  const order = ['_form', ...Object.keys(schema.properties)];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The dates and languages, checked on what was typed, so they can be checked even when another field is wrong. */
export function settingsErrors(typed: { periodStart?: string; periodEnd?: string; languages?: string }): FieldErrors {
  const errors: FieldErrors = {};
  const { periodStart, periodEnd } = typed;
  if (periodStart && !isRealDate(periodStart)) errors.periodStart = 'inquiries.errors.date';
  if (periodEnd && !isRealDate(periodEnd)) errors.periodEnd = 'inquiries.errors.date';
  if (periodStart && periodEnd && !errors.periodStart && !errors.periodEnd && periodEnd < periodStart)
    errors.periodEnd = 'inquiries.errors.periodOrder';
  if (typed.languages !== undefined && !parseLanguages(typed.languages))
    errors.languages = 'inquiries.errors.languages';
  return errors;
}

export function checkSettings(form: Static<typeof SettingsForm>): Checked<SettingsInput> {
  const errors = settingsErrors(form);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const { periodStart, periodEnd } = form;
  return {
    ok: true,
    value: {
      title: form.title,
      purpose: form.purpose ?? '',
      periodStart: periodStart ?? null,
      periodEnd: periodEnd ?? null,
      periodWords: form.periodWords ?? '',
      aiTopic: form.aiTopic ?? '',
      consentStatement: form.consentStatement,
      languages: parseLanguages(form.languages)!,
      codePrefix: form.codePrefix.toUpperCase(),
    },
  };
}

export interface QuestionInput {
  kind: QuestionKind;
  prompt: string;
  help: string;
  required: boolean;
  options: string[];
  phase: AiPhase | null;
  /** Asked of the teller about their own story (self-signification); every slider is. */
  aboutStory?: boolean;
}

/** A slider's two ends: both given, and different, or the slider measures nothing. */
function sliderEnds(form: Static<typeof QuestionForm>, errors: FieldErrors): string[] {
  const low = (form.low ?? '').trim();
  const high = (form.high ?? '').trim();
  if (!low) errors.low = 'signification.errors.endMissing';
  if (!high) errors.high = 'signification.errors.endMissing';
  if (low && high && low.toLowerCase() === high.toLowerCase()) errors.high = 'signification.errors.endsSame';
  return [low, high];
}

/**
 * Choices only for the choice kinds (at least two); a phase for every question of an Appreciative Inquiry but those
 * about the whole story, which may come after the phases.
 */
export function checkQuestion(
  form: Static<typeof QuestionForm>,
  inquiry: Pick<Inquiry, 'method'>,
): Checked<QuestionInput> {
  const errors: FieldErrors = {};
  let options: string[] = [];
  if (CHOICE_KINDS.includes(form.kind)) {
    const parsed = parseOptions(form.options);
    if ('error' in parsed) errors.options = parsed.error;
    else options = parsed.options;
  }
  if (form.kind === 'slider') options = sliderEnds(form, errors);
  const ai = inquiry.method === 'ai';
  const aboutStory = form.kind === 'slider' || (CHOICE_KINDS.includes(form.kind) && form.aboutStory === 'yes');
  if (ai && !form.phase && !aboutStory) errors.phase = 'inquiries.errors.phase';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind: form.kind,
      prompt: form.prompt,
      help: form.help ?? '',
      required: form.required === 'yes',
      options,
      phase: ai && form.phase ? form.phase : null,
      aboutStory,
    },
  };
}

export interface AttributeInput {
  label: string;
  kind: 'single' | 'short';
  options: string[];
}

export function checkAttribute(form: Static<typeof AttributeForm>): Checked<AttributeInput> {
  if (form.kind === 'short') return { ok: true, value: { label: form.label, kind: 'short', options: [] } };
  const parsed = parseOptions(form.options);
  if ('error' in parsed) return { ok: false, errors: { options: parsed.error } };
  return { ok: true, value: { label: form.label, kind: 'single', options: parsed.options } };
}

/** The same words whatever the case or spacing: "Lieu" and " lieu " ask the same thing. */
export function sameWording(a: string, b: string): boolean {
  const key = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return key(a) === key(b);
}

/**
 * The kinds a guide has at most one of: the story itself, its title (a story takes its title from the first title
 * question's answer) and why it is significant. A second one would be asked twice on every form.
 */
export const ONE_ONLY_KINDS: readonly QuestionKind[] = ['story', 'title', 'why'];

/** A message and the words it names (the existing question), by field. */
export type ErrorNames = Record<string, { names: string }>;

/**
 * Would this question repeat one already in the guide: a second story text, title or why, or another question's
 * words? `exceptId` is the question being changed, which may keep its own kind and words.
 */
export function questionClash(
  guide: readonly { id: number; kind: string; prompt: string }[],
  typed: { kind?: string; prompt?: string },
  exceptId?: number,
): { errors: FieldErrors; errorNames: ErrorNames } {
  const others = guide.filter((q) => q.id !== exceptId);
  const errors: FieldErrors = {};
  const errorNames: ErrorNames = {};
  const sameKind = others.find((q) => q.kind === typed.kind && ONE_ONLY_KINDS.includes(q.kind as QuestionKind));
  if (sameKind) {
    errors.kind = `inquiries.errors.onlyOne.${sameKind.kind}`;
    errorNames.kind = { names: sameKind.prompt };
  }
  if (typed.prompt && others.some((q) => sameWording(q.prompt, typed.prompt!)))
    errors.prompt = 'inquiries.errors.promptTaken';
  return { errors, errorNames };
}

/** Does another of the inquiry's storyteller questions already ask this (whatever the case or spacing)? */
export function attributeClash(
  attributes: readonly { id: number; label: string }[],
  label: string | undefined,
  exceptId?: number,
): FieldErrors {
  const taken = label && attributes.some((a) => a.id !== exceptId && sameWording(a.label, label));
  return taken ? { label: 'inquiries.errors.attributeTaken' } : {};
}
