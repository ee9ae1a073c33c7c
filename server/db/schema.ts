/**
 * The data model, written down once: every table's row type.
 * Timestamps are ISO-8601 text and flags are 0/1 integers, so one model serves SQLite and PostgreSQL alike.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ROLES = ['coordinator', 'interviewer', 'facilitator', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: Generated<number>;
  /** Always stored lower-case, so sign-in ignores case. */
  email: string;
  name: string;
  password_hash: string;
  /** Consecutive failed sign-ins; reset by a good one. */
  failed_sign_ins: Generated<number>;
  /** While in the future, sign-in is refused. */
  locked_until: string | null;
  /** Bumped to sign a person out everywhere (every app server), since sessions are stateless cookies. */
  session_version: Generated<number>;
  language: Generated<string>;
  created_at: string;
}

/** A group of organisations working together, e.g. seven charities and a council. */
export interface AlliancesTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}

export interface OrganisationsTable {
  id: Generated<number>;
  alliance_id: number;
  name: string;
  created_at: string;
}

/** A person's place in an alliance: one role each, optionally from one of its organisations. */
export interface MembershipsTable {
  id: Generated<number>;
  alliance_id: number;
  user_id: number;
  role: Role;
  organisation_id: number | null;
  created_at: string;
}

/** A one-time link a coordinator hands to someone; only a hash of its token is kept. */
export interface InvitationsTable {
  id: Generated<number>;
  alliance_id: number;
  token_hash: string;
  role: Role;
  organisation_id: number | null;
  /** Who it is for, in the coordinator's words (a name or an email), to recognise it in the list. */
  invitee: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

/** A one-time link a coordinator makes so a member of their alliance can choose a new password; only its hash is kept. */
export interface PasswordResetsTable {
  id: Generated<number>;
  alliance_id: number;
  /** Whose password the link resets. */
  user_id: number;
  token_hash: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

/** Every change, who made it and on what: the alliance's audit trail. Append-only. */
export interface AuditEventsTable {
  id: Generated<number>;
  alliance_id: number | null;
  actor_user_id: number | null;
  /** What the actor was called at the time, so the log still reads well if they change their name. */
  actor_name: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON: the facts worth keeping (never passwords, tokens or story text). */
  detail: string;
  created_at: string;
}


export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Alliance = Selectable<AlliancesTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;

/* ---------- Inquiries: what an alliance asks, and how ---------- */

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

export const QUESTION_KINDS = ['story', 'title', 'why', 'short', 'long', 'single', 'multiple', 'scale', 'date'] as const;
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
  /** JSON array of the choices, for single and multiple choice. */
  options: string;
  phase: AiPhase | null;
  archived: Generated<number>;
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

/* ---------- Stories ---------- */

export const STORY_STATUSES = ['draft', 'recorded', 'read_back', 'verified', 'withdrawn'] as const;
export type StoryStatus = (typeof STORY_STATUSES)[number];
export const STORY_ROUTES = ['interview', 'public', 'paper'] as const;
export type StoryRoute = (typeof STORY_ROUTES)[number];
/** The named uses a storyteller consents to, each a column consent_<use> on stories. */
export const CONSENT_USES = ['panels', 'packs', 'quotes', 'funders', 'publish'] as const;
export type ConsentUse = (typeof CONSENT_USES)[number];
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
  /** The answer in the teller's words; multiple choices as a JSON array; a scale as 0–100 or "n/a". */
  value: string;
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

/** A form posted after its session expired, kept until the person signs in again and it is restored. */
export interface ParkedFormsTable {
  id: Generated<number>;
  token_hash: string;
  path: string;
  body: string;
  created_at: string;
  /** The person whose expired session posted it: the only one it is given back to (null: kept before owners). */
  user_id: number | null;
  /** The address it was posted from, to cap how many one address keeps. */
  address: string | null;
}

/* ---------- Analysis: codebook, tags, themes ---------- */

/** A codebook entry: people create, rename, describe, nest and merge tags per inquiry. */
export interface TagsTable {
  id: Generated<number>;
  inquiry_id: number;
  parent_id: number | null;
  name: string;
  description: string;
  created_by: number | null;
  created_at: string;
}

export const TAG_SOURCES = ['person', 'suggestion', 'theme'] as const;
export type TagSource = (typeof TAG_SOURCES)[number];

/**
 * A tag on a whole story, or on a passage: a span [start, end) of one answer's verbatim text, kept with its quote
 * so it can be found again if the words are later corrected.
 */
export interface StoryTagsTable {
  id: Generated<number>;
  story_id: number;
  tag_id: number;
  /** Which answer (its position in the story) the passage is in; null for the whole story. */
  answer_position: number | null;
  start_offset: number | null;
  end_offset: number | null;
  quote: string;
  source: TagSource;
  created_by: number | null;
  created_at: string;
}

/** What the language processing made of a story: kept so tf-idf can be updated story by story. Deleted on withdrawal. */
export interface StoryAnalysisTable {
  story_id: number;
  inquiry_id: number;
  /** JSON object: stem -> count. */
  counts: string;
  /** JSON object: stem -> the word as written. */
  surface: string;
  analysed_at: string;
}

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One analysis run (themes): what it was asked, on which stories, with which seed, and how far it has got. */
export interface AnalysisRunsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  status: RunStatus;
  /** 0..1, and what it is doing, for the progress bar. */
  progress: number;
  step: string;
  /** "auto" or a number, as asked. */
  k_requested: string;
  k: number | null;
  seed: number;
  /** JSON: the filters that chose the stories, and the story ids used, so the run can be reproduced. */
  filters: string;
  story_ids: string;
  /** JSON: how k was chosen, when automatic. */
  criterion: string;
  error: string;
  /** Which app server took the job, so a job runs once even with several servers. */
  claimed_by: string | null;
  created_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export const THEME_STATUSES = ['suggested', 'kept', 'discarded', 'merged'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];

/** A theme found by a run: a suggestion people rename, merge, split, discard, or turn into a tag. */
export interface ThemesTable {
  id: Generated<number>;
  run_id: number;
  inquiry_id: number;
  position: number;
  /** The label the engine gave (top terms); `name` is what people renamed it to, if they did. */
  label: string;
  name: string | null;
  /** JSON array of top terms (surface forms). */
  terms: string;
  status: ThemeStatus;
  merged_into: number | null;
  tag_id: number | null;
}

export interface ThemeStoriesTable {
  theme_id: number;
  story_id: number;
  /** 0 = nearest the centre. */
  rank: number;
  /** Where the story sits on the theme map. */
  x: number;
  y: number;
}

/* ---------- Sense-making rounds: panels choose the most significant stories, and say why ---------- */

export const ROUND_STAGES = ['preparing', 'reading', 'voting', 'deciding', 'closed'] as const;
export type RoundStage = (typeof ROUND_STAGES)[number];
/** dots: N dots each to spread; ranking: order your top choices; consensus: talk it through, no vote; secret: one vote each, totals only. */
export const SELECTION_METHODS = ['dots', 'ranking', 'consensus', 'secret'] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];
export const VOTING_MODES = ['live', 'paper'] as const;
export type VotingMode = (typeof VOTING_MODES)[number];

/** One panel's sitting: which stories it reads, how it chooses, and where it has got to. */
export interface RoundsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  name: string;
  /** Who sits, in the facilitator's words: "Table 3 at the open event", "Alliance board", "Funder". */
  panel: string;
  /** 1 for the first selection, 2 for the panel the chosen stories are passed up to, and so on. */
  level: number;
  method: SelectionMethod;
  /** Dots each participant spreads (dots), or how many stories each ranks (ranking). */
  dots: number;
  voting: VotingMode;
  stage: RoundStage;
  /** Each participant reads the stories in their own order, to avoid order effects. */
  shuffle: number;
  /** Participants see the tallies only once the facilitator reveals them. */
  tallies_revealed: Generated<number>;
  /** The short code guests type to join; stops working when the round closes. */
  join_code: string;
  /** JSON: the filters that picked the stories, kept to show how the round was made. */
  filters: string;
  feedback_sent_at: string | null;
  feedback_sent_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface RoundDomainsTable {
  round_id: number;
  domain_id: number;
}

/** Earlier rounds whose chosen stories are passed up to this one. */
export interface RoundSourcesTable {
  round_id: number;
  source_round_id: number;
}

export const ROUND_STORY_ORIGINS = ['filter', 'hand', 'passed_up'] as const;
export type RoundStoryOrigin = (typeof ROUND_STORY_ORIGINS)[number];

export interface RoundStoriesTable {
  round_id: number;
  story_id: number;
  position: number;
  origin: RoundStoryOrigin;
}

/** A member with an account (user_id) or a guest who joined with the code and a display name. */
export interface RoundParticipantsTable {
  id: Generated<number>;
  round_id: number;
  user_id: number | null;
  /** The name shown beside votes and comments: the guest's display name, or the member's name. */
  display_name: string;
  /** Seeds this participant's shuffled reading order. */
  order_seed: number;
  joined_at: string;
}

/** One participant's whole vote (live), or the facilitator's typing of the paper tallies (participant null). */
export interface BallotsTable {
  id: Generated<number>;
  round_id: number;
  /** Unique when set: a participant votes once, however many requests arrive. */
  participant_id: number | null;
  source: VotingMode;
  entered_by: number | null;
  cast_at: string;
}

/** What a ballot gave a story: dots, a rank (points counted from it), or one secret vote. */
export interface BallotMarksTable {
  ballot_id: number;
  story_id: number;
  /** The votes or dots counted for the story; for ranking, points (first of N gets N). */
  points: number;
  /** 1 = first choice, for ranking; null otherwise. */
  rank: number | null;
}

export const DECISION_OUTCOMES = ['chosen', 'none'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** A panel's decision for one domain: the story (or two, if split) it chose and why, or why it chose none. */
export interface DecisionsTable {
  id: Generated<number>;
  round_id: number;
  /** Null for stories told without a domain. */
  domain_id: number | null;
  outcome: DecisionOutcome;
  /** In full sentences; required. */
  reasons: string;
  criteria: string;
  /** Who disagreed and why, kept as a caveat. */
  dissent: string;
  recorded_by: number | null;
  decided_at: string;
}

/** The stories a decision chose, with the votes they had when chosen. */
export interface SelectionsTable {
  id: Generated<number>;
  decision_id: number;
  round_id: number;
  story_id: number;
  votes: number;
}

/** A participant's comment on a story in a round, optionally on a passage of its words. */
export interface AnnotationsTable {
  id: Generated<number>;
  round_id: number;
  story_id: number;
  participant_id: number;
  answer_position: number | null;
  start_offset: number | null;
  end_offset: number | null;
  quote: string;
  comment: string;
  created_at: string;
}

export const LEARNING_KINDS = ['learned', 'will_do'] as const;
export type LearningKind = (typeof LEARNING_KINDS)[number];
export const LEARNING_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type LearningStatus = (typeof LEARNING_STATUSES)[number];

/** MSC step 10: what we learned and what we will do, per inquiry; items not done carry into the next period. */
export interface LearningItemsTable {
  id: Generated<number>;
  inquiry_id: number;
  kind: LearningKind;
  text: string;
  owner: string;
  status: LearningStatus;
  /** The reporting period it was written in, e.g. "2026-04-01 – 2026-09-30", so later periods see where it came from. */
  period: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface LearningLinksTable {
  item_id: number;
  story_id: number | null;
  round_id: number | null;
}

/** The coordinator's own words for an inquiry's report over one reporting period ('' when a bound is open). */
export interface ReportTextsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  period_from: string;
  period_to: string;
  title: string;
  introduction: string;
  conclusions: string;
  updated_by: number | null;
  updated_at: string;
}

/** A read-only link to an inquiry's report as funders see it; only a hash of its token is kept. */
export interface ShareLinksTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  token_hash: string;
  /** Who it is for, in the coordinator's words, e.g. "Community Foundation board". */
  label: string;
  /** The reporting period the link shows ('' when a bound is open). */
  period_from: string;
  period_to: string;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** One opening of a share link: when, and nothing about who (no address, no browser). */
export interface ShareAccessesTable {
  id: Generated<number>;
  link_id: number;
  accessed_at: string;
}

export interface Database {
  users: UsersTable;
  alliances: AlliancesTable;
  organisations: OrganisationsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  audit_events: AuditEventsTable;
  inquiries: InquiriesTable;
  domains: DomainsTable;
  questions: QuestionsTable;
  attributes: AttributesTable;
  stories: StoriesTable;
  story_answers: StoryAnswersTable;
  story_attributes: StoryAttributesTable;
  story_versions: StoryVersionsTable;
  parked_forms: ParkedFormsTable;
  tags: TagsTable;
  story_tags: StoryTagsTable;
  story_analysis: StoryAnalysisTable;
  analysis_runs: AnalysisRunsTable;
  themes: ThemesTable;
  theme_stories: ThemeStoriesTable;
  rounds: RoundsTable;
  round_domains: RoundDomainsTable;
  round_sources: RoundSourcesTable;
  round_stories: RoundStoriesTable;
  round_participants: RoundParticipantsTable;
  ballots: BallotsTable;
  ballot_marks: BallotMarksTable;
  decisions: DecisionsTable;
  selections: SelectionsTable;
  annotations: AnnotationsTable;
  learning_items: LearningItemsTable;
  learning_links: LearningLinksTable;
  report_texts: ReportTextsTable;
  share_links: ShareLinksTable;
  share_accesses: ShareAccessesTable;
}

export type Inquiry = Selectable<InquiriesTable>;
export type Domain = Selectable<DomainsTable>;
export type Question = Selectable<QuestionsTable>;
export type Attribute = Selectable<AttributesTable>;
export type Story = Selectable<StoriesTable>;
export type StoryAnswer = Selectable<StoryAnswersTable>;
export type StoryAttribute = Selectable<StoryAttributesTable>;
export type StoryVersion = Selectable<StoryVersionsTable>;
export type Tag = Selectable<TagsTable>;
export type StoryTag = Selectable<StoryTagsTable>;
export type AnalysisRun = Selectable<AnalysisRunsTable>;
export type ThemeRow = Selectable<ThemesTable>;
export type Round = Selectable<RoundsTable>;
export type RoundParticipant = Selectable<RoundParticipantsTable>;
export type Decision = Selectable<DecisionsTable>;
export type Selection = Selectable<SelectionsTable>;
export type Annotation = Selectable<AnnotationsTable>;
export type LearningItem = Selectable<LearningItemsTable>;
export type ReportText = Selectable<ReportTextsTable>;
export type ShareLink = Selectable<ShareLinksTable>;
