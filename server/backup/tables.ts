/**
 * Every table a backup holds, parents before children, so a restore can insert them in this order. The search
 * index is not here: it is rebuilt from the stories' words. Nor are NOT_BACKED_UP's tables. A test checks this list
 * against the database.
 */
import type { Database } from '../db/schema.ts';

export const BACKUP_TABLES = [
  'users',
  'alliances',
  'organisations',
  'memberships',
  'invitations',
  'password_resets',
  'audit_events',
  'inquiries',
  'domains',
  'questions',
  'attributes',
  'stories',
  'story_answers',
  'story_attributes',
  'story_versions',
  'story_translations',
  'parked_forms',
  'tags',
  'story_tags',
  'story_analysis',
  'analysis_runs',
  'themes',
  'theme_stories',
  'rounds',
  'round_domains',
  'round_sources',
  'round_stories',
  'round_participants',
  'ballots',
  'ballot_marks',
  'decisions',
  'selections',
  'annotations',
  'observations',
  'interpretations',
  'learning_items',
  'learning_links',
  'report_texts',
  'share_links',
  'share_accesses',
  'attachments',
  'attachment_chunks',
  'transcripts',
  'pdf_jobs',
] as const satisfies readonly (keyof Database)[];

export type BackupTable = (typeof BACKUP_TABLES)[number];

/**
 * Tables left out of backups: rate-limit counts last a minute, and a restored count would only hold someone back; a
 * CSV file waiting to be imported lasts a day, and is still on the uploader's computer.
 */
export const NOT_BACKED_UP = [
  'rate_limits',
  'csv_uploads',
  'csv_upload_chunks',
] as const satisfies readonly (keyof Database)[];

/** Columns that point at a row of the same table, which may come later: restored in a second pass. */
export const SELF_REFERENCES: Partial<Record<BackupTable, string>> = { tags: 'parent_id', themes: 'merged_into' };

/** Tables without an id column, paged through by these columns instead. */
export const KEYS: Partial<Record<BackupTable, string[]>> = {
  story_analysis: ['story_id'],
  theme_stories: ['theme_id', 'story_id'],
  round_domains: ['round_id', 'domain_id'],
  round_sources: ['round_id', 'source_round_id'],
  round_stories: ['round_id', 'story_id'],
  ballot_marks: ['ballot_id', 'story_id'],
  learning_links: ['item_id', 'story_id', 'round_id'],
  attachment_chunks: ['attachment_id', 'seq'],
};

/** Rows per line of the backup: a chunk of a recording is 256 KB and a PDF a few MB, so those go a few rows (one) at a time. */
export const PAGES: Partial<Record<BackupTable, number>> = { attachment_chunks: 4, pdf_jobs: 1 };

/** Bytes (a recording's chunks) are written into the backup's JSON as base64, and read back as bytes. */
export function encodeBytes(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row))
    if (value instanceof Uint8Array) row[key] = { $bytes: Buffer.from(value).toString('base64') };
  return row;
}

export function decodeBytes(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row))
    if (value !== null && typeof value === 'object' && typeof (value as { $bytes?: unknown }).$bytes === 'string')
      row[key] = Buffer.from((value as { $bytes: string }).$bytes, 'base64');
  return row;
}
