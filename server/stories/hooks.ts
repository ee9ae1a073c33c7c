/**
 * What other capabilities do when a story's words are saved or withdrawn. Each capability that keeps something
 * made from a story's words registers here at start-up (server/capabilities.ts imports them all), and the stories
 * store calls every hook inside its own transaction: nothing is forgotten, and stories import none of them.
 */
import type { Db } from '../db/database.ts';
import type { StoryStatus } from '../db/schema.ts';
import type { AnalysisJson } from '../text/types.ts';

export interface SavedStory {
  id: number;
  inquiry_id: number;
  status: StoryStatus;
  language: string;
}

export interface CreatedStory {
  story: SavedStory;
  text: string;
  /** The text's analysis, made once for every keeper (as JSON: a large import makes it in a worker thread). */
  analysis: AnalysisJson;
}

export interface StoryHooks {
  /** A story's words were saved, new or changed: `text` is what is searched and analysed. */
  saved?: (trx: Db, story: SavedStory, text: string, now: Date) => Promise<void>;
  /**
   * Many new stories were saved at once (an import): one statement for the lot. A keeper that has `saved` but not
   * this is called story by story instead.
   */
  created?: (trx: Db, stories: CreatedStory[], now: Date) => Promise<void>;
  /** The words of an existing story were changed (after `saved`): what points into them follows. */
  edited?: (trx: Db, storyId: number) => Promise<void>;
  /** The teller withdrew the story: delete everything kept of its words. */
  withdrawn?: (trx: Db, storyId: number) => Promise<void>;
}

/**
 * The capabilities that keep something of a story's words (analysis, themes, tags and their quotes, panels'
 * comments, its recording and photos, draft transcripts of the recording, translations). Withdrawal refuses to run until each has registered, so a missed
 * registration can never leave words.
 */
export const KEEPERS = [
  'suggestions',
  'themes',
  'codebook',
  'rounds',
  'attachments',
  'transcripts',
  'translations',
] as const;
export type Keeper = (typeof KEEPERS)[number];

const registered = new Map<Keeper, StoryHooks>();

export function onStory(keeper: Keeper, hooks: StoryHooks): void {
  registered.set(keeper, hooks);
}

function all(): StoryHooks[] {
  const missing = KEEPERS.filter((k) => !registered.has(k));
  if (missing.length > 0)
    throw new Error(`Story hooks not registered for ${missing.join(', ')}: import server/capabilities.ts at start-up`);
  return KEEPERS.map((k) => registered.get(k)!);
}

export async function storySaved(trx: Db, story: SavedStory, text: string, now: Date): Promise<void> {
  for (const hooks of all()) await hooks.saved?.(trx, story, text, now);
}

export async function storiesCreated(trx: Db, stories: CreatedStory[], now: Date): Promise<void> {
  for (const hooks of all()) {
    if (hooks.created) await hooks.created(trx, stories, now);
    else if (hooks.saved) for (const s of stories) await hooks.saved(trx, s.story, s.text, now);
  }
}

export async function storyEdited(trx: Db, storyId: number): Promise<void> {
  for (const hooks of all()) await hooks.edited?.(trx, storyId);
}

export async function storyWithdrawn(trx: Db, storyId: number): Promise<void> {
  for (const hooks of all()) await hooks.withdrawn?.(trx, storyId);
}
