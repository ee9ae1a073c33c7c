/**
 * The data model: the one Database interface, composed from the table types each capability keeps beside its
 * store (*.table.ts). Everything is re-exported, so `import type { Story } from '../db/schema.ts'` keeps working.
 * Timestamps are ISO-8601 text and flags are 0/1 integers, so one model serves SQLite and PostgreSQL alike.
 */
import type {
  UsersTable,
  AlliancesTable,
  OrganisationsTable,
  MembershipsTable,
  InvitationsTable,
  PasswordResetsTable,
} from '../accounts/accounts.table.ts';
import type { AuditEventsTable } from '../audit/audit.table.ts';
import type { InquiriesTable, DomainsTable, QuestionsTable, AttributesTable } from '../inquiries/inquiries.table.ts';
import type {
  StoriesTable,
  StoryAnswersTable,
  StoryAttributesTable,
  StoryVersionsTable,
} from '../stories/stories.table.ts';
import type { ParkedFormsTable, RateLimitsTable } from '../web/web.table.ts';
import type { TagsTable, StoryTagsTable } from '../codebook/codebook.table.ts';
import type { StoryAnalysisTable } from '../suggestions/suggestions.table.ts';
import type { AnalysisRunsTable, ThemesTable, ThemeStoriesTable } from '../themes/themes.table.ts';
import type {
  RoundsTable,
  RoundDomainsTable,
  RoundSourcesTable,
  RoundStoriesTable,
  RoundParticipantsTable,
  BallotsTable,
  BallotMarksTable,
  DecisionsTable,
  SelectionsTable,
  AnnotationsTable,
} from '../rounds/rounds.table.ts';
import type { LearningItemsTable, LearningLinksTable } from '../learning/learning.table.ts';
import type { ReportTextsTable, ShareLinksTable, ShareAccessesTable } from '../reports/reports.table.ts';
import type { AttachmentsTable, AttachmentChunksTable } from '../attachments/attachments.table.ts';
import type { CsvUploadsTable, CsvUploadChunksTable } from '../exports/csv-uploads.table.ts';
import type { TranscriptsTable } from '../transcripts/transcripts.table.ts';
import type { ObservationsTable, InterpretationsTable } from '../observations/observations.table.ts';
import type { StoryTranslationsTable } from '../translations/translations.table.ts';
import type { PdfJobsTable } from '../printing/printing.table.ts';

export * from '../accounts/accounts.table.ts';
export * from '../audit/audit.table.ts';
export * from '../inquiries/inquiries.table.ts';
export * from '../stories/stories.table.ts';
export * from '../web/web.table.ts';
export * from '../codebook/codebook.table.ts';
export * from '../suggestions/suggestions.table.ts';
export * from '../themes/themes.table.ts';
export * from '../rounds/rounds.table.ts';
export * from '../learning/learning.table.ts';
export * from '../reports/reports.table.ts';
export * from '../attachments/attachments.table.ts';
export * from '../transcripts/transcripts.table.ts';
export * from '../observations/observations.table.ts';
export * from '../translations/translations.table.ts';
export * from '../printing/printing.table.ts';
export * from '../exports/csv-uploads.table.ts';

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
  rate_limits: RateLimitsTable;
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
  attachments: AttachmentsTable;
  attachment_chunks: AttachmentChunksTable;
  transcripts: TranscriptsTable;
  observations: ObservationsTable;
  interpretations: InterpretationsTable;
  story_translations: StoryTranslationsTable;
  pdf_jobs: PdfJobsTable;
  csv_uploads: CsvUploadsTable;
  csv_upload_chunks: CsvUploadChunksTable;
}
