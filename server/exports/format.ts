/**
 * The shape of a Hearth JSON export, version 1, written once: the exporter's and importer's types, the import's
 * shape check and the published JSON Schema (docs/hearth-export.schema.json, `npm run docs:schema`) all come from
 * here. docs/export-format.md gives the rules; field descriptions live here. Ids are local to the file; stories
 * are referred to by code.
 */
import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
import {
  AI_PHASES,
  ATTACHMENT_KINDS,
  CONSENT_WAYS,
  DECISION_OUTCOMES,
  LEARNING_KINDS,
  LEARNING_STATUSES,
  METHODS,
  QUESTION_KINDS,
  ROUND_STAGES,
  ROUND_STORY_ORIGINS,
  SELECTION_METHODS,
  STORY_ROUTES,
  TAG_SOURCES,
  THEME_STATUSES,
  VOTING_MODES,
  type StoryStatus,
} from '../db/schema.ts';

/** Drafts and withdrawn stories never leave Hearth, so a file holds only these. */
const EXPORTED_STATUSES = ['recorded', 'read_back', 'verified'] as const satisfies readonly StoryStatus[];

/** A description option, only when there is one to give. */
const about = (description?: string) => (description ? { description } : {});
const choice = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    about(description),
  );
const orNull = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], about(description));
const text = (description?: string) => Type.String(about(description));
const int = (description?: string) => Type.Integer(about(description));
const yes = (description?: string) => Type.Boolean(about(description));
const list = <T extends TSchema>(items: T, description?: string) => Type.Array(items, about(description));
/** Objects in the file hold exactly the fields listed. */
const record = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { ...about(description), additionalProperties: false });
const json = (description: string) => Type.Record(Type.String(), Type.Unknown(), { description });

const code = (description = "a story's code") => Type.String({ minLength: 1, description });
const date = (description?: string) =>
  orNull(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    description ? `${description} (YYYY-MM-DD), or null` : 'YYYY-MM-DD, or null',
  );
const timestamp = (description = 'ISO-8601 timestamp') => Type.String({ description });

export const AnswerKindSchema = choice(QUESTION_KINDS);

export const ExportStorySchema = record(
  {
    code: code("the story's code (e.g. MSC-0042), unique in the file and kept on import"),
    status: choice(EXPORTED_STATUSES),
    route: choice(STORY_ROUTES),
    domain: orNull(Type.Integer(), 'a domain id, or null'),
    title: text(),
    language: text(),
    storyteller: text("empty when the story is anonymous, and in funders' files"),
    interviewer: orNull(Type.String(), "the interviewer's name, or null (always null for funders)"),
    interviewer_email: Type.Optional(
      orNull(Type.String(), "the interviewer's email while a member, or null (absent for funders and in older files)"),
    ),
    partner: Type.Optional(
      orNull(Type.String(), 'the second interviewer, by name, or null (absent for funders and in older files)'),
    ),
    partner_email: Type.Optional(orNull(Type.String(), "the partner's email while a member, or null (as partner)")),
    told_on: date(),
    told_where: text(),
    consent: record(
      {
        panels: yes(),
        packs: yes(),
        quotes: yes(),
        funders: yes(),
        publish: yes(),
        recording: Type.Optional(yes('keep the recording of the interview (absent in files from before it was asked)')),
        hearing: Type.Optional(yes('let panels hear the recording (absent in files from before it was asked)')),
        anonymous: yes(),
        how: orNull(choice(CONSENT_WAYS)),
        on: date('when consent was given'),
      },
      'what the teller agreed to',
    ),
    read_back_on: date('MSC step 7: when the words were read back to the teller'),
    read_back_changes: orNull(Type.String(), 'what the teller changed at read-back (null for funders)'),
    verified_on: date('MSC step 7: when the story was verified'),
    verification_note: text('empty for funders'),
    created_at: timestamp(),
    updated_at: timestamp(),
    answers: list(
      record({
        question: orNull(Type.Integer(), 'a question id, or null when the question was since deleted'),
        kind: AnswerKindSchema,
        prompt: text('the question as it was asked, placeholders filled'),
        value: text("the teller's words; multiple choices as a JSON array text; a scale or slider as 0–100 or n/a"),
        asked: Type.Optional(
          list(
            Type.String(),
            "for a question the teller answered about their own story: its options, or a slider's two ends, as asked",
          ),
        ),
      }),
      'in order',
    ),
    attributes: list(
      record({ attribute: orNull(Type.Integer(), 'an attribute id, or null'), label: text(), value: text() }),
      'what was asked about the teller',
    ),
    versions: list(
      record({
        number: int(),
        title: text(),
        answers: list(record({ prompt: text(), value: text() })),
        editor_name: text(),
        edited_at: timestamp(),
        note: text(),
      }),
      'earlier words, oldest first (none for funders)',
    ),
    tags: list(
      record({
        tag: int('a tag id'),
        answer_position: orNull(Type.Integer(), 'index into answers; null for a whole-story tag'),
        start: orNull(Type.Integer(), "UTF-16 offset into that answer's value; null for a whole-story tag"),
        end: orNull(Type.Integer(), 'UTF-16 offset, exclusive; null for a whole-story tag'),
        quote: text(),
        source: choice(TAG_SOURCES),
        created_at: timestamp(),
      }),
    ),
    translations: Type.Optional(
      list(
        record({
          language: text("the language translated into, a code such as en or pt-BR; never the story's own"),
          title: text('the title translated; empty when left untranslated'),
          answers: list(
            record({
              answer_position: int("index into answers: the answer of the teller's words this translates"),
              value: text('the translation, as the translator wrote it'),
            }),
          ),
          translator: text("who translated it, by name (empty in funders' files)"),
          created_at: timestamp(),
          updated_at: timestamp(),
        }),
        "translations by people, kept beside the teller's words and never a version of them (absent in files from before translations)",
      ),
    ),
    files: Type.Optional(
      list(
        record({
          path: text('where the file is in the zip this JSON came in, e.g. files/MSC-0042/recording-1.webm'),
          kind: choice(ATTACHMENT_KINDS, 'a recording of the interview, or a photo or PDF scan of the paper'),
          media_type: text('read from the bytes: audio/webm, image/jpeg, application/pdf…'),
          size: int('bytes'),
          sha256: text('SHA-256 of the bytes, hex'),
          duration_seconds: orNull(Type.Number(), "a recording's length, when its container says"),
          added_at: timestamp(),
        }),
        "the story's recordings and photos its audience may have; only in an export with files (a zip)",
      ),
    ),
  },
  "a story, with the teller's words, consent, versions, tags and, in a zip, its files",
);

export const ExportRoundSchema = record(
  {
    id: int(),
    name: text(),
    panel: text(),
    level: int('1, 2, … as stories are passed up'),
    method: choice(SELECTION_METHODS),
    dots: int(),
    voting: choice(VOTING_MODES),
    stage: choice(ROUND_STAGES),
    shuffle: yes(),
    tallies_revealed: yes(),
    filters: json('which stories the round drew'),
    feedback_sent_at: orNull(Type.String()),
    created_at: timestamp(),
    updated_at: timestamp(),
    closed_at: orNull(Type.String()),
    domains: list(Type.Integer(), 'domain ids'),
    sources: list(Type.Integer(), 'ids of earlier rounds whose chosen stories were passed up to this one'),
    stories: list(record({ story: code(), position: int(), origin: choice(ROUND_STORY_ORIGINS) })),
    participants: list(
      record({
        id: int(),
        display_name: text('display names only, never accounts or emails; "Participant 1, 2…" for funders'),
        joined_at: timestamp(),
      }),
    ),
    ballots: list(
      record({
        participant: orNull(Type.Integer(), "a participant id, or null for paper tallies and in funders' files"),
        source: choice(VOTING_MODES),
        cast_at: timestamp(),
        marks: list(record({ story: code(), points: Type.Number(), rank: orNull(Type.Integer()) })),
      }),
    ),
    decisions: list(
      record({
        domain: orNull(Type.Integer(), 'a domain id, or null'),
        outcome: choice(DECISION_OUTCOMES),
        reasons: text(),
        criteria: text(),
        dissent: text(),
        reasons_withheld: Type.Optional(
          yes(
            'true when reasons, criteria and dissent are left empty: the decision also chose a story this audience may not see (withdrawn, or kept from funders); absent in older files',
          ),
        ),
        decided_at: timestamp(),
        selections: list(record({ story: code(), votes: Type.Number() })),
      }),
    ),
    annotations: list(
      record({
        story: code(),
        participant: int('a participant id'),
        answer_position: orNull(Type.Integer()),
        start: orNull(Type.Integer()),
        end: orNull(Type.Integer()),
        quote: text(),
        comment: text(),
        created_at: timestamp(),
      }),
      'panel comments (none for funders)',
    ),
  },
  'a sense-making round',
);

export const HearthExportSchema = record(
  {
    format: Type.Literal('hearth-export'),
    version: Type.Literal(1),
    exported_at: timestamp('when the file was made'),
    audience: choice(
      ['team', 'funders'] as const,
      '"funders": made for funders, with only what tellers agreed funders may see',
    ),
    inquiry: record({
      title: text(),
      method: choice(METHODS),
      purpose: text(),
      period_start: date(),
      period_end: date(),
      period_words: text(),
      ai_topic: text(),
      consent_statement: text(),
      languages: text('comma-separated language codes'),
      code_prefix: text(),
      created_at: timestamp(),
    }),
    domains: list(
      record({ id: int(), name: text(), description: text(), position: int(), archived: yes() }),
      'domains of change',
    ),
    questions: list(
      record({
        id: int(),
        position: int(),
        kind: AnswerKindSchema,
        prompt: text('may hold [period], [domain], [topic]'),
        help: text(),
        required: yes(),
        options: list(Type.String(), 'choices'),
        phase: orNull(choice(AI_PHASES), 'Appreciative Inquiry phase, or null'),
        archived: yes(),
        about_story: Type.Optional(
          yes("the teller answers it about their own story (self-signification); a slider's options are its two ends"),
        ),
      }),
      'the interview guide',
    ),
    attributes: list(
      record({
        id: int(),
        position: int(),
        label: text(),
        kind: choice(['single', 'short'] as const),
        options: list(Type.String()),
        archived: yes(),
      }),
      'what is asked about storytellers',
    ),
    tags: list(
      record({
        id: int(),
        parent: orNull(Type.Integer(), 'a tag id, or null'),
        name: text(),
        description: text(),
        created_at: timestamp(),
      }),
      'the codebook',
    ),
    stories: list(ExportStorySchema),
    analysis_runs: list(
      record({
        id: int(),
        k_requested: text(),
        k: orNull(Type.Integer()),
        seed: Type.Number(),
        filters: json('which stories the run used'),
        criterion: json('how the number of themes was chosen'),
        created_at: timestamp(),
        finished_at: orNull(Type.String()),
        stories: list(code(), 'codes of the stories used'),
        themes: list(
          record({
            id: int(),
            position: int(),
            label: text("the engine's label"),
            name: orNull(Type.String(), "people's name for it, or null"),
            terms: list(Type.String()),
            status: choice(THEME_STATUSES),
            merged_into: orNull(Type.Integer(), 'a theme id, or null'),
            tag: orNull(Type.Integer(), 'a tag id, or null'),
            stories: list(
              record({ story: code(), rank: int('0 nearest the centre'), x: Type.Number(), y: Type.Number() }),
              'place on the theme map',
            ),
          }),
        ),
      }),
      'finished theme runs',
    ),
    rounds: list(ExportRoundSchema, 'sense-making rounds'),
    learning: list(
      record({
        kind: choice(LEARNING_KINDS),
        text: text(),
        owner: text(),
        status: choice(LEARNING_STATUSES),
        period: text(),
        created_at: timestamp(),
        updated_at: timestamp(),
        links: list(
          record({
            story: orNull(Type.String(), 'a story code, or null'),
            round: orNull(Type.Integer(), 'a round id, or null'),
          }),
        ),
      }),
      'the learning log',
    ),
  },
  'One inquiry, whole, exported from Hearth. Ids are local to the file; stories are referred to by code. See docs/export-format.md.',
);

export type AnswerKind = Static<typeof AnswerKindSchema>;
export type ExportStory = Static<typeof ExportStorySchema>;
export type ExportRound = Static<typeof ExportRoundSchema>;
export type HearthExport = Static<typeof HearthExportSchema>;
