/**
 * The shape of a Hearth JSON export, version 1 (docs/export-format.md describes each field; docs/hearth-export.schema.json
 * is the JSON Schema). Ids are local to the file; stories are referred to by code.
 */
import type { AiPhase, ConsentWay, DecisionOutcome, LearningKind, LearningStatus, Method, QuestionKind, RoundStage, RoundStoryOrigin, SelectionMethod, StoryRoute, StoryStatus, TagSource, ThemeStatus, VotingMode } from '../db/schema.ts';

export type AnswerKind = QuestionKind;
type Json = Record<string, unknown>;

export interface ExportStory {
  code: string;
  status: StoryStatus;
  route: StoryRoute;
  domain: number | null;
  title: string;
  language: string;
  /** Empty for anonymous stories, and in funders' exports. */
  storyteller: string;
  interviewer: string | null;
  told_on: string | null;
  told_where: string;
  consent: { panels: boolean; packs: boolean; quotes: boolean; funders: boolean; publish: boolean; anonymous: boolean; how: ConsentWay | null; on: string | null };
  read_back_on: string | null;
  read_back_changes: string | null;
  verified_on: string | null;
  verification_note: string;
  created_at: string;
  updated_at: string;
  answers: { question: number | null; kind: AnswerKind; prompt: string; value: string }[];
  attributes: { attribute: number | null; label: string; value: string }[];
  versions: { number: number; title: string; answers: { prompt: string; value: string }[]; editor_name: string; edited_at: string; note: string }[];
  tags: { tag: number; answer_position: number | null; start: number | null; end: number | null; quote: string; source: TagSource; created_at: string }[];
}

export interface ExportRound {
  id: number;
  name: string;
  panel: string;
  level: number;
  method: SelectionMethod;
  dots: number;
  voting: VotingMode;
  stage: RoundStage;
  shuffle: boolean;
  tallies_revealed: boolean;
  filters: Json;
  feedback_sent_at: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  domains: number[];
  sources: number[];
  stories: { story: string; position: number; origin: RoundStoryOrigin }[];
  participants: { id: number; display_name: string; joined_at: string }[];
  ballots: { participant: number | null; source: VotingMode; cast_at: string; marks: { story: string; points: number; rank: number | null }[] }[];
  decisions: { domain: number | null; outcome: DecisionOutcome; reasons: string; criteria: string; dissent: string; decided_at: string; selections: { story: string; votes: number }[] }[];
  annotations: { story: string; participant: number; answer_position: number | null; start: number | null; end: number | null; quote: string; comment: string; created_at: string }[];
}

export interface HearthExport {
  format: 'hearth-export';
  version: 1;
  exported_at: string;
  audience: 'team' | 'funders';
  inquiry: {
    title: string;
    method: Method;
    purpose: string;
    period_start: string | null;
    period_end: string | null;
    period_words: string;
    ai_topic: string;
    consent_statement: string;
    languages: string;
    code_prefix: string;
    created_at: string;
  };
  domains: { id: number; name: string; description: string; position: number; archived: boolean }[];
  questions: { id: number; position: number; kind: QuestionKind; prompt: string; help: string; required: boolean; options: string[]; phase: AiPhase | null; archived: boolean }[];
  attributes: { id: number; position: number; label: string; kind: 'single' | 'short'; options: string[]; archived: boolean }[];
  tags: { id: number; parent: number | null; name: string; description: string; created_at: string }[];
  stories: ExportStory[];
  analysis_runs: {
    id: number;
    k_requested: string;
    k: number | null;
    seed: number;
    filters: Json;
    criterion: Json;
    created_at: string;
    finished_at: string | null;
    stories: string[];
    themes: { id: number; position: number; label: string; name: string | null; terms: string[]; status: ThemeStatus; merged_into: number | null; tag: number | null; stories: { story: string; rank: number; x: number; y: number }[] }[];
  }[];
  rounds: ExportRound[];
  learning: { kind: LearningKind; text: string; owner: string; status: LearningStatus; period: string; created_at: string; updated_at: string; links: { story: string | null; round: number | null }[] }[];
}
