/**
 * Every table a backup holds, parents before children, so a restore can insert them in this order. The search
 * index is not here: it is rebuilt from the stories' words. A test checks this list against the database.
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
  'learning_items',
  'learning_links',
  'report_texts',
  'share_links',
  'share_accesses',
] as const satisfies readonly (keyof Database)[];

export type BackupTable = (typeof BACKUP_TABLES)[number];

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
};
