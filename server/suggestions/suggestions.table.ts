/** Each story's stored analysis, read by the similar-stories index. Table types only: no imports of stores. */

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
