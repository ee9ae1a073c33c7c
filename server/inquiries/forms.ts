/** The inquiry forms' schemas: each field's limits and the message shown beside it when it is wrong. */
import { Type } from '@sinclair/typebox';
import { AI_PHASES, METHODS, QUESTION_KINDS } from '../db/schema.ts';
import { TEMPLATE_LANGUAGES } from './templates.ts';

const title = Type.String({ minLength: 1, maxLength: 200, errorMessage: 'inquiries.errors.title' });
const date = Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: 'inquiries.errors.date' }));
/** Choices are typed one per line; the limit keeps a pasted document out. */
const options = Type.Optional(Type.String({ maxLength: 10_000, errorMessage: 'inquiries.errors.optionsTooLong' }));

export const NewInquiryForm = Type.Object({
  title,
  method: Type.Union(
    METHODS.map((m) => Type.Literal(m)),
    { errorMessage: 'inquiries.errors.method' },
  ),
  /** The language the template's questions start in; English when not sent. */
  language: Type.Optional(
    Type.Union(
      TEMPLATE_LANGUAGES.map((l) => Type.Literal(l)),
      { errorMessage: 'inquiryLanguage.error' },
    ),
  ),
});

export const SettingsForm = Type.Object({
  title,
  purpose: Type.Optional(Type.String({ maxLength: 4000, errorMessage: 'inquiries.errors.purpose' })),
  periodStart: date,
  periodEnd: date,
  periodWords: Type.Optional(Type.String({ maxLength: 100, errorMessage: 'inquiries.errors.periodWords' })),
  aiTopic: Type.Optional(Type.String({ maxLength: 300, errorMessage: 'inquiries.errors.aiTopic' })),
  consentStatement: Type.String({ minLength: 1, maxLength: 5000, errorMessage: 'inquiries.errors.consentStatement' }),
  languages: Type.String({ minLength: 1, maxLength: 200, errorMessage: 'inquiries.errors.languages' }),
  codePrefix: Type.String({ pattern: '^[A-Za-z0-9]{2,6}$', errorMessage: 'inquiries.errors.codePrefix' }),
});

export const DomainForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120, errorMessage: 'inquiries.errors.domainName' }),
  description: Type.Optional(Type.String({ maxLength: 1000, errorMessage: 'inquiries.errors.description' })),
});

export const QuestionForm = Type.Object({
  kind: Type.Union(
    QUESTION_KINDS.map((k) => Type.Literal(k)),
    { errorMessage: 'inquiries.errors.kind' },
  ),
  prompt: Type.String({ minLength: 1, maxLength: 1000, errorMessage: 'inquiries.errors.prompt' }),
  help: Type.Optional(Type.String({ maxLength: 2000, errorMessage: 'inquiries.errors.help' })),
  required: Type.Optional(Type.Literal('yes', { errorMessage: 'forms.invalid' })),
  options,
  phase: Type.Optional(
    Type.Union(
      AI_PHASES.map((p) => Type.Literal(p)),
      { errorMessage: 'inquiries.errors.phase' },
    ),
  ),
  /** A slider's two ends, in plain words ("very bad", "very good"). */
  low: Type.Optional(Type.String({ maxLength: 100, errorMessage: 'signification.errors.endTooLong' })),
  high: Type.Optional(Type.String({ maxLength: 100, errorMessage: 'signification.errors.endTooLong' })),
  /** A choice the teller answers about their own story (self-signification). */
  aboutStory: Type.Optional(Type.Literal('yes', { errorMessage: 'forms.invalid' })),
});

export const AttributeForm = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 120, errorMessage: 'inquiries.errors.attributeLabel' }),
  kind: Type.Union([Type.Literal('single'), Type.Literal('short')], { errorMessage: 'inquiries.errors.attributeKind' }),
  options,
});

export const MoveForm = Type.Object({
  direction: Type.Union([Type.Literal('up'), Type.Literal('down')], { errorMessage: 'forms.invalid' }),
});
