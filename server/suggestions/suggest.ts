/**
 * What Hearth suggests on a story page: stories with similar words, the story's most distinctive terms, and
 * codebook tags that people put on the most similar stories. Suggestions only: nothing is applied without a person.
 */
import { tagsOn } from '../codebook/tagging-store.ts';
import type { Db } from '../db/database.ts';
import { fillersFor } from '../text/fillers.ts';
import { analysisOfStory, storiesByIds } from './suggest-store.ts';
import type { StoryIndexes } from './story-index.ts';

export interface Insights {
  similar: { id: number; code: string; title: string; percent: number }[];
  terms: string[];
  tags: { id: number; name: string }[];
}

/** The story page's suggestions, or that they are still being prepared (a large inquiry's index is building). */
export type StoryInsights = Insights | 'preparing';

const NEIGHBOURS = 15;

export async function storyInsights(
  db: Db,
  indexes: StoryIndexes,
  story: { id: number; alliance_id: number; inquiry_id: number; language: string },
  taggedWith: Set<number>,
): Promise<StoryInsights> {
  const index = await indexes.forInquiry(db, story.alliance_id, story.inquiry_id);
  if (!index) return 'preparing';
  // A story older than the newest an index holds (story-index.ts's budget) is weighed from its own stored analysis.
  const own = index.has(String(story.id)) ? String(story.id) : (await analysisOfStory(db, story))?.analysed;
  if (!own) return { similar: [], terms: [], tags: [] };
  const vector = typeof own === 'string' ? index.vector(own)! : index.vectorOf(own);
  const near = index.nearest(vector, NEIGHBOURS, String(story.id));
  // Stories checked again against consent and withdrawal: the index may be a moment behind.
  const known = new Map(
    (
      await storiesByIds(
        db,
        story.alliance_id,
        near.map((n) => Number(n.id)),
      )
    ).map((s) => [s.id, s]),
  );
  const similar = near
    .filter((n) => known.has(Number(n.id)))
    .slice(0, 5)
    .map((n) => ({ ...known.get(Number(n.id))!, percent: Math.round(n.score * 100) }));

  // A tag scores the similarity of each near story carrying it; tags already on this story are not suggested.
  const score = new Map<number, { name: string; score: number }>();
  const weight = new Map(near.map((n) => [Number(n.id), n.score]));
  for (const t of await tagsOn(db, [...known.keys()])) {
    if (taggedWith.has(t.tag_id)) continue;
    const s = score.get(t.tag_id) ?? { name: t.name, score: 0 };
    s.score += weight.get(t.story_id) ?? 0;
    score.set(t.tag_id, s);
  }
  const tags = [...score.entries()]
    .filter(([, s]) => s.score >= 0.1)
    .sort((a, b) => b[1].score - a[1].score)
    .slice(0, 3)
    .map(([id, s]) => ({ id, name: s.name }));
  // Filler words ("años", "puedo", "went") stand out in one story as in any other: never offered as a tag.
  const fillers = fillersFor(story.language);
  const terms = index
    .distinctiveTerms(own, 18)
    .map((t) => t.term)
    .filter((term) => !fillers.has(term.toLowerCase()))
    .slice(0, 6);
  return { similar, terms, tags };
}
