/**
 * The decide page's logic: the round's stories grouped by domain with their votes, and checking a panel's
 * decision for one domain (a story or two, or none; reasons in full sentences).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FieldErrors, FormValues } from '../web/forms.ts';
import type { Fields } from '../web/schemas.ts';
import type { RoundDomain, RoundStory } from './rounds-store.ts';

/** The "No domain" group's key in forms and addresses. */
export const NO_DOMAIN = 'none';

export const DecisionForm = Type.Object({
  domain: Type.String({ pattern: `^([0-9]{1,12}|${NO_DOMAIN})$`, errorMessage: 'forms.invalid' }),
  'stories[]': Type.Array(Type.String({ maxLength: 12 }), { maxItems: 2, errorMessage: 'decisions.errors.tooMany' }),
  chooseNone: Type.Optional(Type.Literal('yes', { errorMessage: 'forms.invalid' })),
  reasons: Type.String({ minLength: 1, maxLength: 10_000, errorMessage: 'decisions.errors.reasons' }),
  criteria: Type.Optional(Type.String({ maxLength: 4000, errorMessage: 'decisions.errors.criteria' })),
  dissent: Type.Optional(Type.String({ maxLength: 4000, errorMessage: 'decisions.errors.dissent' })),
});
export type DecisionValues = Static<typeof DecisionForm>;

export interface GroupStory extends RoundStory {
  votes: number;
}

export interface DomainGroup {
  /** The domain's id as text, or NO_DOMAIN. */
  key: string;
  domainId: number | null;
  name: string | null;
  stories: GroupStory[];
}

/**
 * One group per domain of the round (its chosen domains first, then any other domain its stories carry), and a
 * "No domain" group for stories told without one. Stories highest vote first, then in the round's order.
 */
export function domainGroups(
  domains: RoundDomain[],
  stories: RoundStory[],
  tallies: Map<number, { total: number }>,
): DomainGroup[] {
  const groups = new Map<string, DomainGroup>();
  for (const d of domains) groups.set(String(d.id), { key: String(d.id), domainId: d.id, name: d.name, stories: [] });
  for (const s of stories) {
    const key = s.domain_id === null ? NO_DOMAIN : String(s.domain_id);
    if (!groups.has(key)) groups.set(key, { key, domainId: s.domain_id, name: s.domain_name, stories: [] });
  }
  // The "No domain" group always comes last.
  const ordered = [...groups.values()].sort((a, b) => Number(a.key === NO_DOMAIN) - Number(b.key === NO_DOMAIN));
  for (const s of stories) {
    const group = groups.get(s.domain_id === null ? NO_DOMAIN : String(s.domain_id))!;
    group.stories.push({ ...s, votes: tallies.get(s.id)?.total ?? 0 });
  }
  for (const g of ordered) g.stories.sort((a, b) => b.votes - a.votes || a.position - b.position || a.id - b.id);
  return ordered;
}

/** Full sentences, not a word or two: at least three words, with letters in them. */
export function isSentence(text: string): boolean {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 3;
}

/** Checks a decision against its domain's stories; the error keys are the form's field names. */
export function checkDecision(group: DomainGroup, value: DecisionValues): FieldErrors {
  const errors: FieldErrors = {};
  const story = checkChoice(group, value['stories[]'], value.chooseNone === 'yes');
  if (story) errors.stories = story;
  if (!isSentence(value.reasons)) errors.reasons = 'decisions.errors.sentences';
  return errors;
}

/** The story part alone: also said when the reasons are missing, so one try shows every problem. */
export function checkChoice(group: DomainGroup, ticked: readonly string[], chooseNone: boolean): string | undefined {
  const ids = new Set(group.stories.map((s) => s.id));
  const chosen = [...new Set(ticked.map(Number))];
  if (chooseNone && chosen.length > 0) return 'decisions.errors.noneAndStories';
  if (!chooseNone && chosen.length === 0) return 'decisions.errors.chooseOne';
  if (chosen.some((id) => !ids.has(id))) return 'decisions.errors.notInDomain';
  return undefined;
}

/** DecisionForm's fields, as one domain's part of the decide page names them: reasons-<key>, stories-<key>[], … */
const OWN = ['stories[]', 'chooseNone', 'reasons', 'criteria', 'dissent'] as const;
export const domainField = (name: (typeof OWN)[number], key: string) =>
  name === 'stories[]' ? `stories-${key}[]` : `${name}-${key}`;

export interface DecisionPost {
  /** The domain whose button was pressed. */
  key: string;
  /** That domain's fields under DecisionForm's names, to check and record. */
  own: Fields;
  /** What was typed for each domain that sent fields, to show again whatever happens. */
  typed: Map<string, FormValues>;
}

/**
 * The decide page is one form, so every domain's typing comes with each press and none is lost when the page
 * comes back. A post with the plain names and a domain (a page from before this form) counts for that domain.
 */
export function splitDecisionPost(body: Fields, keys: readonly string[]): DecisionPost {
  const key = typeof body.domain === 'string' ? body.domain : '';
  const typed = new Map<string, FormValues>();
  for (const k of keys) {
    const values: FormValues = {};
    for (const name of OWN) {
      const raw = Object.hasOwn(body, domainField(name, k)) ? body[domainField(name, k)] : undefined;
      const plain = k === key && Object.hasOwn(body, name) ? body[name] : undefined;
      if (raw !== undefined || plain !== undefined) values[name] = (raw ?? plain)!;
    }
    if (Object.keys(values).length > 0) typed.set(k, values);
  }
  const own: Fields = { ...typed.get(key) };
  if (typeof body.domain === 'string') own.domain = body.domain;
  return { key, own, typed };
}

/** Whether what was typed for a domain says something its recorded decision (if any) does not. */
export function isUnsaved(
  typed: FormValues | undefined,
  recorded: { reasons: string; criteria: string; dissent: string; outcome: string; ticked: string[] } | undefined,
): boolean {
  if (!typed) return false;
  const text = (v: string | string[] | undefined) => (typeof v === 'string' ? v.trim() : '');
  const ticked = [typed['stories[]'] ?? []].flat().sort();
  return (
    text(typed.reasons) !== (recorded?.reasons ?? '') ||
    text(typed.criteria) !== (recorded?.criteria ?? '') ||
    text(typed.dissent) !== (recorded?.dissent ?? '') ||
    (typed.chooseNone === 'yes') !== (recorded?.outcome === 'none') ||
    ticked.join(',') !== [...(recorded?.ticked ?? [])].sort().join(',')
  );
}
