/**
 * Every migration, in order. Kysely applies them in the order of their names, so names are date-number-what;
 * add new ones at the end, and never edit or rename one that has shipped.
 */
import type { Kysely } from 'kysely';
import * as foundation from './2026-11-22-1-foundation.ts';
import * as stories from './2026-11-22-2-stories.ts';
import * as analysis from './2026-11-22-3-analysis.ts';
import * as rounds from './2026-11-22-4-rounds.ts';
import * as indexes from './2026-11-22-5-indexes.ts';
import * as passwordResets from './2026-11-22-6-password-resets.ts';
import * as reports from './2026-11-22-7-reports.ts';
import * as parkedFormOwners from './2026-12-03-1-parked-form-owners.ts';
import * as recordingsAndPhotos from './2026-12-03-2-recordings-and-photos.ts';
import * as storyDeviceIds from './2026-12-03-3-story-device-ids.ts';
import * as draftTranscripts from './2026-12-03-4-draft-transcripts.ts';
import * as fileDeviceIds from './2026-12-03-4-file-device-ids.ts';
import * as selfSignification from './2026-12-03-5-self-signification.ts';
import * as observations from './2026-12-03-6-observations.ts';
import * as storyTranslations from './2026-12-04-1-story-translations.ts';
import * as searchStems from './2026-12-04-2-search-stems.ts';
import * as pdfJobs from './2026-12-04-3-pdf-jobs.ts';
import * as rateLimits from './2026-12-04-3-rate-limits.ts';
import * as sharedPdfJobs from './2026-12-05-1-shared-pdf-jobs.ts';
import * as csvUploads from './2026-12-05-2-csv-uploads.ts';
import * as csvUploadImported from './2026-12-05-3-csv-upload-imported.ts';
import * as analysisIndex from './2026-12-06-1-analysis-index.ts';
import * as oneQuestionPerObservation from './2026-12-06-2-one-question-per-observation.ts';
import * as storyListIndexes from './2026-12-04-6-story-list-indexes.ts';

export interface HearthMigration {
  up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void>;
}

export const migrations: Record<string, HearthMigration> = {
  '2026-11-22-1-foundation': foundation,
  '2026-11-22-2-stories': stories,
  '2026-11-22-3-analysis': analysis,
  '2026-11-22-4-rounds': rounds,
  '2026-11-22-5-indexes': indexes,
  '2026-11-22-6-password-resets': passwordResets,
  '2026-11-22-7-reports': reports,
  '2026-12-03-1-parked-form-owners': parkedFormOwners,
  '2026-12-03-2-recordings-and-photos': recordingsAndPhotos,
  '2026-12-03-3-story-device-ids': storyDeviceIds,
  '2026-12-03-4-draft-transcripts': draftTranscripts,
  '2026-12-03-4-file-device-ids': fileDeviceIds,
  '2026-12-03-5-self-signification': selfSignification,
  '2026-12-03-6-observations': observations,
  '2026-12-04-1-story-translations': storyTranslations,
  '2026-12-04-2-search-stems': searchStems,
  '2026-12-04-3-pdf-jobs': pdfJobs,
  '2026-12-04-3-rate-limits': rateLimits,
  '2026-12-04-6-story-list-indexes': storyListIndexes,
  '2026-12-05-1-shared-pdf-jobs': sharedPdfJobs,
  '2026-12-05-2-csv-uploads': csvUploads,
  '2026-12-05-3-csv-upload-imported': csvUploadImported,
  '2026-12-06-1-analysis-index': analysisIndex,
  '2026-12-06-2-one-question-per-observation': oneQuestionPerObservation,
};
