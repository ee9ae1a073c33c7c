/**
 * The round forms: their schemas (each field's message when it is wrong), the checks that need the inquiry's
 * domains and rounds, and the story filters. Pure logic: no database here.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  SELECTION_METHODS,
  VOTING_MODES,
  type Domain,
  type Round,
  type SelectionMethod,
  type StoryStatus,
  type VotingMode,
} from '../db/schema.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';

/**
 * Checkbox groups are named "name[]" (several boxes may share a name only so); their messages and fieldsets use
 * the plain name.
 */
export function plainNames(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/\[\]$/, ''), v]));
}

const ids = (errorMessage: string) =>
  Type.Array(Type.String({ pattern: '^[0-9]{1,12}$' }), { maxItems: 500, errorMessage });

export const RoundForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, errorMessage: 'rounds.errors.name' }),
  panel: Type.Optional(Type.String({ maxLength: 200, errorMessage: 'rounds.errors.panel' })),
  level: Type.Optional(Type.String({ pattern: '^[1-9]$', errorMessage: 'rounds.errors.level' })),
  'domains[]': ids('rounds.errors.domain'),
  method: Type.Union(
    SELECTION_METHODS.map((m) => Type.Literal(m)),
    { errorMessage: 'rounds.errors.method' },
  ),
  dots: Type.Optional(Type.String({ maxLength: 10, errorMessage: 'rounds.errors.dots' })),
  voting: Type.Union(
    VOTING_MODES.map((m) => Type.Literal(m)),
    { errorMessage: 'rounds.errors.voting' },
  ),
  shuffle: Type.Optional(Type.Literal('yes', { errorMessage: 'forms.invalid' })),
  'sources[]': ids('rounds.errors.source'),
});
export type RoundFormValue = Static<typeof RoundForm>;

/** A round's settings, checked against the inquiry. */
export interface RoundFields {
  name: string;
  panel: string;
  level: number;
  domainIds: number[];
  method: SelectionMethod;
  dots: number;
  voting: VotingMode;
  shuffle: boolean;
  sourceIds: number[];
}

export interface RoundContext {
  domains: Pick<Domain, 'id'>[];
  /** The inquiry's rounds (for sources). */
  rounds: Pick<Round, 'id' | 'level'>[];
  /** When editing: the round itself, its method-lock, and the rounds that take its chosen stories. */
  self?: Pick<Round, 'id' | 'method' | 'dots'> & { methodLocked: boolean; usedBy: number[] };
}

const DEFAULT_DOTS = 3;

/** Checks the form against the inquiry; returns the settings or the message for each wrong field. */
export function checkRound(
  value: RoundFormValue,
  context: RoundContext,
): { ok: true; fields: RoundFields } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const domainIds = [...new Set(value['domains[]'].map(Number))];
  if (domainIds.some((id) => !context.domains.some((d) => d.id === id))) errors.domains = 'rounds.errors.domain';

  const sourceIds = [...new Set(value['sources[]'].map(Number))];
  const sources = sourceIds.map((id) => context.rounds.find((r) => r.id === id));
  if (sources.some((s) => !s)) errors.sources = 'rounds.errors.source';
  else if (context.self && sourceIds.includes(context.self.id)) errors.sources = 'rounds.errors.sourceSelf';
  const sourceLevel = Math.max(0, ...sources.map((s) => s?.level ?? 0));
  const level = value.level === undefined ? sourceLevel + 1 : Number(value.level);
  if (level > 9) errors.level = 'rounds.errors.level';
  else if (!errors.sources && sourceLevel >= level) errors.sources = 'rounds.errors.sourceLevel';
  if (context.self && !errors.level) {
    const users = context.rounds.filter((r) => context.self!.usedBy.includes(r.id));
    if (users.some((r) => r.level <= level)) errors.level = 'rounds.errors.levelAboveUsers';
  }

  const counted = value.method === 'dots' || value.method === 'ranking';
  const dotsText = value.dots ?? '';
  let dots = value.method === 'secret' ? 1 : value.method === 'consensus' ? 0 : DEFAULT_DOTS;
  if (counted && dotsText !== '') {
    if (/^[0-9]{1,2}$/.test(dotsText) && Number(dotsText) >= 1 && Number(dotsText) <= 20) dots = Number(dotsText);
    else errors.dots = 'rounds.errors.dots';
  }
  if (context.self?.methodLocked && (value.method !== context.self.method || (counted && dots !== context.self.dots)))
    errors.method = 'rounds.errors.methodLocked';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      name: value.name,
      panel: value.panel ?? '',
      level,
      domainIds,
      method: value.method,
      dots,
      voting: value.voting,
      shuffle: value.shuffle === 'yes',
      sourceIds,
    },
  };
}

/** The form's values for an existing round, to fill the edit form. */
export function roundValues(round: Round, domainIds: number[], sourceIds: number[]): FormValues {
  return {
    name: round.name,
    panel: round.panel,
    level: String(round.level),
    'domains[]': domainIds.map(String),
    method: round.method,
    dots: round.method === 'dots' || round.method === 'ranking' ? String(round.dots) : '',
    voting: round.voting,
    shuffle: round.shuffle ? 'yes' : '',
    'sources[]': sourceIds.map(String),
  };
}

/* ---------- Picking stories ---------- */

/** Stories a panel may be given: never drafts, never withdrawn. */
export const PICK_STATUSES = ['recorded', 'read_back', 'verified'] as const satisfies readonly StoryStatus[];

export interface PickFilters {
  domainId?: number;
  themeId?: number;
  tagId?: number;
  status?: StoryStatus;
  attribute?: { attributeId: number; value: string };
  maxMinutes?: number;
  maxWords?: number;
}

/** The filter fields, as they come in the address (GET) or in the "add" forms (POST). */
export const FILTER_FIELDS = [
  'domain',
  'theme',
  'tag',
  'status',
  'attribute',
  'attributeValue',
  'minutes',
  'words',
] as const;

export const StoriesForm = Type.Object({
  intent: Type.Union([Type.Literal('add'), Type.Literal('addAll'), Type.Literal('remove'), Type.Literal('passUp')], {
    errorMessage: 'forms.invalid',
  }),
  'story[]': ids('rounds.stories.errors.story'),
  ...Object.fromEntries(FILTER_FIELDS.map((f) => [f, Type.Optional(Type.String({ maxLength: 200 }))])),
});

/** Putting a member on the panel: one of the alliance's memberships, by id. */
export const PanelForm = Type.Object({
  member: Type.String({ pattern: '^[0-9]{1,12}$', errorMessage: 'rounds.round.errors.member' }),
});

export interface FilterChoices {
  domains: { id: number }[];
  themes: { id: number }[];
  tags: { id: number }[];
  attributes: { id: number }[];
}

const WHOLE = /^[0-9]{1,6}$/;

/** Reads the filters; one that cannot be understood is reported beside its field, never silently dropped. */
export function readFilters(
  source: Record<string, unknown>,
  choices: FilterChoices,
): { filters: PickFilters; values: FormValues; errors: FieldErrors } {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const filters: PickFilters = {};
  const text = (name: string): string | undefined => {
    const raw = source[name];
    if (typeof raw !== 'string') return undefined;
    values[name] = raw;
    return raw.trim() === '' ? undefined : raw.trim();
  };
  const pick = (name: string, list: { id: number }[], key: 'domainId' | 'themeId' | 'tagId') => {
    const raw = text(name);
    if (raw === undefined) return;
    const found = list.find((c) => String(c.id) === raw);
    if (found) filters[key] = found.id;
    else errors[name] = `rounds.stories.errors.${name}`;
  };
  pick('domain', choices.domains, 'domainId');
  pick('theme', choices.themes, 'themeId');
  pick('tag', choices.tags, 'tagId');
  const status = text('status');
  if (status !== undefined) {
    if ((PICK_STATUSES as readonly string[]).includes(status)) filters.status = status as StoryStatus;
    else errors.status = 'rounds.stories.errors.status';
  }
  const attribute = text('attribute');
  const attributeValue = text('attributeValue');
  if (attribute !== undefined || attributeValue !== undefined) {
    const found = choices.attributes.find((a) => String(a.id) === attribute);
    if (!found) errors.attribute = 'rounds.stories.errors.attribute';
    else if (attributeValue === undefined) errors.attributeValue = 'rounds.stories.errors.attributeValue';
    else filters.attribute = { attributeId: found.id, value: attributeValue };
  }
  for (const [name, key] of [
    ['minutes', 'maxMinutes'],
    ['words', 'maxWords'],
  ] as const) {
    const raw = text(name);
    if (raw === undefined) continue;
    if (WHOLE.test(raw) && Number(raw) >= 1) filters[key] = Number(raw);
    else errors[name] = `rounds.stories.errors.${name}`;
  }
  return { filters, values, errors };
}
