/** Translations of a story by people, kept beside the teller's words. Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

export interface StoryTranslationsTable {
  id: Generated<number>;
  story_id: number;
  /** A language code ("es", "fr", "pt-BR"): never the story's own language. */
  language: string;
  /** The title translated; '' when the story has none or it was left untranslated. */
  title: string;
  /** JSON: [{ position, value }], one per answer of the teller's words translated, by the answer's position. */
  answers: string;
  translator_id: number | null;
  /** The translator's name as shown on the story page, packs and reports, kept if the account goes. */
  translator_name: string;
  created_at: string;
  updated_by: number | null;
  updated_name: string;
  updated_at: string;
}

export type StoryTranslation = Selectable<StoryTranslationsTable>;
