/**
 * The decide page's logic: the round's stories grouped by domain with their votes, and checking a panel's
 * decision for one domain (a story or two, or none; reasons in full sentences).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FieldErrors } from '../web/forms.ts';
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
  const ids = new Set(group.stories.map((s) => s.id));
  const chosen = [...new Set(value['stories[]'].map(Number))];
  if (value.chooseNone && chosen.length > 0) errors.stories = 'decisions.errors.noneAndStories';
  else if (!value.chooseNone && chosen.length === 0) errors.stories = 'decisions.errors.chooseOne';
  else if (chosen.some((id) => !ids.has(id))) errors.stories = 'decisions.errors.notInDomain';
  if (!isSentence(value.reasons)) errors.reasons = 'decisions.errors.sentences';
  return errors;
}
