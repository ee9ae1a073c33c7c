/** The codebook: tags, and tags on stories and passages. Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

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

export type Tag = Selectable<TagsTable>;
export type StoryTag = Selectable<StoryTagsTable>;
