/**
 * An inquiry's guide as people read it: on the inquiry page (placeholders that are set filled in, the others
 * left showing so a coordinator sees what is missing) and on the paper form (every placeholder read naturally).
 * Appreciative Inquiry questions are grouped by phase. No HTTP, no database.
 */
import { AI_PHASES, type AiPhase, type Attribute, type Domain, type QuestionKind } from '../db/schema.ts';
import { languageName, sameWording } from './checks.ts';
import type { Guide } from './inquiries-store.ts';
import { fillPrompt, onlySaysTickAll, promptWords, questionLanguage, readySetFor } from './templates.ts';
import type { TemplateQuestion } from './template-types.ts';

const SLIDER_POINTS = ['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', '100'];

export interface ShownQuestion {
  id: number;
  number: number;
  kind: QuestionKind;
  prompt: string;
  /** The prompt as it will be asked, placeholders filled. */
  asked: string;
  help: string;
  required: boolean;
  options: string[];
  phase: AiPhase | null;
  /** Asked of the teller about their own story (self-signification). */
  aboutStory: boolean;
  /** A slider's points as printed on paper, 0 to 100. */
  points: string[];
  /** Can it move up or down (within its phase, for Appreciative Inquiry)? */
  canMoveUp: boolean;
  canMoveDown: boolean;
}

export interface QuestionGroup {
  phase: AiPhase | null;
  /** An Appreciative Inquiry's questions after its four phases: the teller's answers about the whole story. */
  afterPhases: boolean;
  questions: ShownQuestion[];
}

export interface ShownItem<T> {
  item: T;
  options: string[];
  canMoveUp: boolean;
  canMoveDown: boolean;
}

export interface ShownGuide {
  domains: ShownItem<Domain>[];
  groups: QuestionGroup[];
  attributes: ShownItem<Attribute>[];
  languages: { code: string; name: string }[];
  /** How many of the ready set's questions about the story the guide does not ask yet (0: it asks them all). */
  readySetToAdd: number;
  /** Does any question use [domain] while the inquiry has no domains to fill it? */
  domainUnused: boolean;
}

export function optionsOf(row: { options: string }): string[] {
  try {
    const parsed: unknown = JSON.parse(row.options);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * The ready set's questions the guide does not ask yet, in the language its questions are asked in: a question of
 * the coordinator's own about the story leaves the rest of the set still to add; the same words are not asked twice.
 */
export function readySetToAdd(questions: readonly { prompt: string }[], language: string): TemplateQuestion[] {
  return readySetFor(language).filter((ready) => !questions.some((q) => sameWording(q.prompt, ready.prompt)));
}

function listed<T extends object>(items: T[]): ShownItem<T>[] {
  return items.map((item, i) => ({
    item,
    options: 'options' in item ? optionsOf(item as { options: string }) : [],
    canMoveUp: i > 0,
    canMoveDown: i < items.length - 1,
  }));
}

/** How the prompts are filled: on the page, unset placeholders stay visible; on paper they read as words. */
export type Filling = { for: 'page' } | { for: 'paper' };

export function showGuide(guide: Guide, filling: Filling): ShownGuide {
  const { inquiry, domains } = guide;
  const language = questionLanguage(inquiry.languages);
  const fill = (prompt: string) =>
    filling.for === 'page'
      ? fillPrompt(prompt, {
          period: inquiry.period_words || '[period]',
          topic: inquiry.ai_topic || '[topic]',
          domain: '[domain]',
        })
      : fillPrompt(
          prompt,
          {
            period: inquiry.period_words,
            topic: inquiry.ai_topic,
            domain: domains.length > 0 ? promptWords(language).domainTicked : undefined,
          },
          language,
        );

  const phases: (AiPhase | null)[] = inquiry.method === 'ai' ? [...AI_PHASES, null] : [null];
  const groups: QuestionGroup[] = [];
  let number = 0;
  for (const phase of phases) {
    const inGroup = guide.questions.filter((q) =>
      inquiry.method === 'ai' ? q.phase === phase || (phase === null && !AI_PHASES.includes(q.phase!)) : true,
    );
    if (inGroup.length === 0) continue;
    groups.push({
      phase,
      afterPhases: inquiry.method === 'ai' && phase === null,
      questions: inGroup.map((q, i) => ({
        id: q.id,
        number: ++number,
        kind: q.kind,
        prompt: q.prompt,
        asked: fill(q.prompt),
        // On paper the form says how to tick; a help saying only that would print it twice.
        help: filling.for === 'paper' && q.kind === 'multiple' && onlySaysTickAll(q.help) ? '' : q.help,
        required: q.required === 1,
        options: optionsOf(q),
        phase: q.phase,
        aboutStory: q.about_story === 1,
        points: q.kind === 'slider' ? SLIDER_POINTS : [],
        canMoveUp: i > 0,
        canMoveDown: i < inGroup.length - 1,
      })),
    });
  }

  return {
    domains: listed(domains),
    groups,
    attributes: listed(guide.attributes),
    languages: inquiry.languages
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean)
      .map((code) => ({ code, name: languageName(code) ?? code })),
    readySetToAdd: readySetToAdd(guide.questions, language).length,
    domainUnused: domains.length === 0 && guide.questions.some((q) => q.prompt.includes('[domain]')),
  };
}
