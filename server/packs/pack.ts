/**
 * Building a story pack from the stories that may be printed: fitting it to the session's time, laying out the
 * story pages (one or two short stories to a page), and the ballot and reasons sheets. Plain logic, no HTTP or SQL.
 * The storyteller is described only as consent allows: an anonymous story shows neither name nor attributes.
 */
import { attributesShown } from '../stories/consent.ts';
import { readingMinutes } from '../stories/text.ts';
import type { PackOptions } from './options.ts';
import type { PrintableStory, StoryWords } from './packs-store.ts';
import type { observedOnPaper } from '../observations/shown.ts';
import type { ShownTranslation } from '../translations/shown.ts';

/** Stories at most this long may share a page when "two to a page" is chosen. */
export const SHORT_WORDS = 220;

export type LeftOutReason = 'unticked' | 'time';

export interface FitRow {
  id: number;
  code: string;
  title: string;
  /** The story's own language, so its title is marked as such on the settings page. */
  language?: string;
  domain: string | null;
  minutes: number;
  ticked: boolean;
  /** Why it is not in the pack, if it is not. */
  leftOut?: LeftOutReason;
}

export interface Fit {
  rows: FitRow[];
  chosen: PrintableStory[];
  totalMinutes: number;
  /** Every story's reading time together, before anything was left out. */
  allMinutes: number;
}

/** Keeps the stories ticked (all, unless chosen by hand), in order, as long as they fit within the time limit. */
export function fitTime(stories: PrintableStory[], options: Pick<PackOptions, 'chosen' | 'maxMinutes'>): Fit {
  const ticked = options.chosen ? new Set(options.chosen) : undefined;
  const rows: FitRow[] = [];
  const chosen: PrintableStory[] = [];
  let total = 0;
  let all = 0;
  for (const s of stories) {
    const minutes = readingMinutes(s.word_count);
    all += minutes;
    const row: FitRow = {
      id: s.id,
      code: s.code,
      title: s.title,
      language: s.language,
      domain: s.domain_name,
      minutes,
      ticked: !ticked || ticked.has(s.id),
    };
    if (!row.ticked) row.leftOut = 'unticked';
    else if (options.maxMinutes !== undefined && total + minutes > options.maxMinutes) row.leftOut = 'time';
    else {
      total += minutes;
      chosen.push(s);
    }
    rows.push(row);
  }
  return { rows, chosen, totalMinutes: total, allMinutes: all };
}

export interface PackStory {
  id: number;
  code: string;
  title: string;
  domain: string | null;
  minutes: number;
  /** "Sam · Worker · 26–40", or null when the story is anonymous. */
  teller: string | null;
  /** The story's own language (its words keep it whatever the pack's interface language). */
  language?: string;
  answers: { prompt: string; value: string; why: boolean }[];
  /** A translation printed under the teller's words, labelled as such (when the pack asks for one). */
  translation?: ShownTranslation;
}

/** Who told it, as consent allows. */
function tellerOf(story: PrintableStory, words: StoryWords): string | null {
  if (!attributesShown(story, 'team', true)) return null;
  const parts = [story.storyteller.trim(), ...words.attributes.map((a) => a.value.trim())].filter(Boolean);
  return parts.join(' · ');
}

export function packStory(story: PrintableStory, words: StoryWords, translation?: ShownTranslation): PackStory {
  // The story first, then its other answers, and why it matters to the teller last, as in the interview.
  const ordered = [...words.answers.filter((a) => a.kind !== 'why'), ...words.answers.filter((a) => a.kind === 'why')];
  return {
    id: story.id,
    code: story.code,
    title: story.title,
    domain: story.domain_name,
    minutes: readingMinutes(story.word_count),
    teller: tellerOf(story, words),
    language: story.language,
    answers: ordered.map((a) => ({ prompt: a.prompt, value: a.value, why: a.kind === 'why' })),
    ...(translation ? { translation } : {}),
  };
}

/** Story pages: one story each, or, with two to a page, consecutive short stories in pairs. */
export function storyPages(stories: (PackStory & { words: number })[], twoUp: boolean): PackStory[][] {
  const pages: PackStory[][] = [];
  for (const story of stories) {
    const last = pages.at(-1);
    const fits = (s: { words: number }) => s.words <= SHORT_WORDS;
    if (twoUp && last?.length === 1 && fits(story) && fits(last[0] as PackStory & { words: number })) last.push(story);
    else pages.push([story]);
  }
  return pages;
}

export interface PackHeading {
  /** What the pack is called on its cover and in the PDF's name. */
  title: string;
  /** The title's language when it is the inquiry's name (a round's name is the facilitator's, left unmarked). */
  titleLanguage?: string;
  inquiryTitle: string;
  /** The inquiry's story languages: its questions are marked as in the first ({{question-language}}). */
  inquiryLanguages: string;
  round?: { name: string; panel: string; method: string; dots: number };
  /** The round's domains, or those of the pack's stories. */
  domains: string[];
}

/** An observation on a pattern, printed as a card to put on the table (../observations/shown.ts). */
export type PatternCard = Awaited<ReturnType<typeof observedOnPaper>>[number];

export interface Pack extends PackHeading {
  paper: PackOptions['paper'];
  twoUp: boolean;
  stories: PackStory[];
  pages: PackStory[][];
  totalMinutes: number;
  /** One reasons sheet per domain; null is the sheet for stories without a domain (or a pack without domains). */
  reasonSheets: (string | null)[];
  copies: { number: number; of: number }[];
  cards?: PatternCard[];
}

export function buildPack(
  heading: PackHeading,
  chosen: PrintableStory[],
  words: Map<number, StoryWords>,
  options: PackOptions,
  translations: Map<number, ShownTranslation> = new Map(),
): Pack {
  const stories = chosen.map((s) => ({
    ...packStory(s, words.get(s.id) ?? { answers: [], attributes: [] }, translations.get(s.id)),
    words: s.word_count,
  }));
  const domains = [...heading.domains];
  for (const s of chosen) if (s.domain_name && !domains.includes(s.domain_name)) domains.push(s.domain_name);
  const sheets: (string | null)[] = [...domains];
  if (sheets.length === 0 || chosen.some((s) => !s.domain_name)) sheets.push(null);
  return {
    ...heading,
    domains,
    paper: options.paper,
    twoUp: options.twoUp,
    stories,
    pages: storyPages(stories, options.twoUp),
    totalMinutes: stories.reduce((sum, s) => sum + s.minutes, 0),
    reasonSheets: sheets,
    copies: Array.from({ length: options.copies }, (_, i) => ({ number: i + 1, of: options.copies })),
  };
}

/** pack-<round or inquiry>-a4.pdf: the name, made safe for a file name. */
export function pdfFileName(name: string, paper: PackOptions['paper']): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'stories';
  return `pack-${slug}-${paper}.pdf`;
}
