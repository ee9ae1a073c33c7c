/** Stories: the words as told, answers, storyteller attributes, consent, earlier versions. Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';
import type { QuestionKind } from '../inquiries/inquiries.table.ts';

export const STORY_STATUSES = ['draft', 'recorded', 'read_back', 'verified', 'withdrawn'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
export const STORY_ROUTES = ['interview', 'public', 'paper'] as const;
export type StoryRoute = (typeof STORY_ROUTES)[number];

/** The named uses a storyteller consents to, each a column consent_<use> on stories. */
export const CONSENT_USES = ['panels', 'packs', 'quotes', 'funders', 'publish'] as const;
export type ConsentUse = (typeof CONSENT_USES)[number];
/**
 * The uses of an interview's recording, each a column consent_<use> on stories: keep the recording at all, and let
 * panels hear it. Asked by interviewers (the public link records nothing); see stories/consent.ts for what each lets
 * an output show.
 */
export const RECORDING_USES = ['recording', 'hearing'] as const;
export type RecordingUse = (typeof RECORDING_USES)[number];
export const CONSENT_WAYS = ['spoken', 'written', 'online'] as const;
export type ConsentWay = (typeof CONSENT_WAYS)[number];

export interface StoriesTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  /** Printed on packs and typed back from paper ballots, e.g. MSC-0042. */
  code: string;
  status: StoryStatus;
  route: StoryRoute;
  domain_id: number | null;
  /** The title in the teller's words (also kept as the answer to the title question, if the guide has one). */
  title: string;
  language: string;
  /** A pseudonym or code, never needed to be a real name. */
  storyteller: string;
  interviewer_id: number | null;
  partner_id: number | null;
  told_on: string | null;
  told_where: string;
  consent_panels: number;
  consent_packs: number;
  consent_quotes: number;
  consent_funders: number;
  consent_publish: number;
  /** Keep the recording of the interview (without it, none is kept). */
  consent_recording: Generated<number>;
  /** Let panels hear the recording where they read the story. */
  consent_hearing: Generated<number>;
  anonymous: number;
  consent_how: ConsentWay | null;
  consent_on: string | null;
  consent_recorded_by: number | null;
  read_back_on: string | null;
  read_back_by: number | null;
  /** What the teller changed when it was read back; '' when nothing. */
  read_back_changes: string | null;
  verified_on: string | null;
  verified_by: number | null;
  verification_note: string;
  withdrawn_at: string | null;
  /** Hash of the storyteller's private receipt link (public route); null when none. */
  receipt_hash: string | null;
  word_count: number;
  /** The id a phone gave an interview recorded in the field (see server/field): unique, so it is stored once. */
  device_id: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface StoryAnswersTable {
  id: Generated<number>;
  story_id: number;
  /** Null once the question has been deleted from the guide; the answer keeps its prompt regardless. */
  question_id: number | null;
  position: number;
  kind: QuestionKind;
  /** The question exactly as it was asked, placeholders filled in. */
  prompt: string;
  /** The answer in the teller's words; multiple choices as a JSON array; a scale or slider as 0–100 or "n/a". */
  value: string;
  /**
   * For a question the teller answers about their own story: its options, or a slider's two ends, as asked (JSON);
   * null for every other answer.
   */
  asked: string | null;
}

export interface StoryAttributesTable {
  id: Generated<number>;
  story_id: number;
  attribute_id: number | null;
  label: string;
  value: string;
}

/** Each edit of a story's words keeps what was there before: who changed it, when, and the whole previous text. */
export interface StoryVersionsTable {
  id: Generated<number>;
  story_id: number;
  number: number;
  /** JSON: { title, answers: [{ prompt, value }] } as it was before the edit. */
  content: string;
  edited_by: number | null;
  editor_name: string;
  edited_at: string;
  note: string;
}

export type Story = Selectable<StoriesTable>;
export type StoryAnswer = Selectable<StoryAnswersTable>;
export type StoryAttribute = Selectable<StoryAttributesTable>;
export type StoryVersion = Selectable<StoryVersionsTable>;
