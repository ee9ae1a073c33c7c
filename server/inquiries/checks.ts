/**
 * What the form schemas cannot say about an inquiry's settings and guide: real dates in order, language codes
 * that name a language, choices typed one per line, a phase for each Appreciative Inquiry question. Each check
 * turns what was typed into what the store saves, or into messages keyed by field. No HTTP, no database.
 */
import type { Static } from '@sinclair/typebox';
import type { AiPhase, Inquiry, QuestionKind } from '../db/schema.ts';
import type { FieldErrors } from '../web/forms.ts';
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

export function checkSettings(form: Static<typeof SettingsForm>): Checked<SettingsInput> {
  const errors: FieldErrors = {};
  const { periodStart, periodEnd } = form;
  if (periodStart && !isRealDate(periodStart)) errors.periodStart = 'inquiries.errors.date';
  if (periodEnd && !isRealDate(periodEnd)) errors.periodEnd = 'inquiries.errors.date';
  if (periodStart && periodEnd && !errors.periodStart && !errors.periodEnd && periodEnd < periodStart)
    errors.periodEnd = 'inquiries.errors.periodOrder';
  const languages = parseLanguages(form.languages);
  if (!languages) errors.languages = 'inquiries.errors.languages';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
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
      languages: languages!,
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

/** Choices only for the choice kinds (at least two); a phase for every question of an Appreciative Inquiry. */
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
  if (ai && !form.phase) errors.phase = 'inquiries.errors.phase';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind: form.kind,
      prompt: form.prompt,
      help: form.help ?? '',
      required: form.required === 'yes',
      options,
      phase: ai ? form.phase! : null,
      aboutStory: form.kind === 'slider' || (CHOICE_KINDS.includes(form.kind) && form.aboutStory === 'yes'),
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
