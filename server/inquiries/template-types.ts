/** The shape of a method template, shared by the English and Spanish templates (kept apart so neither imports the other for it). */
import type { AiPhase, QuestionKind } from '../db/schema.ts';

export interface TemplateQuestion {
  kind: QuestionKind;
  prompt: string;
  help: string;
  required: boolean;
  options?: string[];
  phase?: AiPhase;
}

export interface TemplateAttribute {
  label: string;
  kind: 'single' | 'short';
  options?: readonly string[];
}

export interface Template {
  codePrefix: string;
  periodWords: string;
  domains: { name: string; description: string }[];
  questions: TemplateQuestion[];
  attributes: TemplateAttribute[];
  consentStatement: string;
}
