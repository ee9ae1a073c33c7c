/** Inquiries: what an alliance asks, and how (method, domains, interview guide, questions about the storyteller). Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

export const METHODS = ['msc', 'ai', 'custom'] as const;
export type Method = (typeof METHODS)[number];

export interface InquiriesTable {
  id: Generated<number>;
  alliance_id: number;
  title: string;
  method: Method;
  purpose: string;
  /** MSC reporting period, as dates (YYYY-MM-DD), and in words for the questions' [period], e.g. "six months". */
  period_start: string | null;
  period_end: string | null;
  period_words: string;
  /** Appreciative Inquiry's Define step: the topic of inquiry, filling the questions' [topic]. */
  ai_topic: string;
  consent_statement: string;
  /** Language codes stories may be told in, comma-separated, e.g. "en,es". */
  languages: string;
  /** Story codes are PREFIX-0001…; the counter hands out the numbers. */
  code_prefix: string;
  story_counter: Generated<number>;
  /** The public storytelling link's token (meant to be shared widely, so kept as is); null until made. */
  public_token: string | null;
  public_open: Generated<number>;
  created_by: number;
  created_at: string;
  updated_at: string;
}

/** MSC domains of change, e.g. "Changes in people's lives" and "Any other change". */
export interface DomainsTable {
  id: Generated<number>;
  inquiry_id: number;
  name: string;
  description: string;
  position: number;
  archived: Generated<number>;
}

export const QUESTION_KINDS = [
  'story',
  'title',
  'why',
  'short',
  'long',
  'single',
  'multiple',
  'scale',
  'date',
  'slider',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const AI_PHASES = ['discover', 'dream', 'design', 'deliver'] as const;
export type AiPhase = (typeof AI_PHASES)[number];

/** The interview guide: ordered questions. Answers keep the question as it was asked, so editing never breaks them. */
export interface QuestionsTable {
  id: Generated<number>;
  inquiry_id: number;
  position: number;
  kind: QuestionKind;
  /** May hold [period], [domain] or [topic], filled in when asked. */
  prompt: string;
  help: string;
  required: number;
  /** JSON array of the choices, for single and multiple choice; a slider's two ends, [low, high]. */
  options: string;
  phase: AiPhase | null;
  archived: Generated<number>;
  /** 1: the teller answers it about their own story (self-signification); every slider is one. */
  about_story: Generated<number>;
}

/** What the inquiry asks about the storyteller (who they are, age band, place…). */
export interface AttributesTable {
  id: Generated<number>;
  inquiry_id: number;
  position: number;
  label: string;
  kind: 'single' | 'short';
  options: string;
  archived: Generated<number>;
}

export type Inquiry = Selectable<InquiriesTable>;
export type Domain = Selectable<DomainsTable>;
export type Question = Selectable<QuestionsTable>;
export type Attribute = Selectable<AttributesTable>;
