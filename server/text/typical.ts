/**
 * A theme's most typical sentence: of the sentences its stories tell, the one closest to the theme's centre (the
 * sum of its stories' word vectors). Sentences come only from the stories the caller says may be quoted; the centre
 * is the whole theme's. The sentence is returned exactly as written, never cut or reworded.
 */
import { analyse } from './text.ts';

export interface TypicalSource {
  id: number;
  text: string;
  language?: string;
  /** Whether the story's words may be quoted where the sentence will be shown (consent.ts decides). */
  quotable: boolean;
}

/** A sentence short enough to read aloud and long enough to say something. */
const MIN_WORDS = 6;
const MAX_WORDS = 40;
/** Fewest different content words: "Yes, it was." is nobody's theme. */
const MIN_STEMS = 3;
const SENTENCE = /[^.!?\n]+[.!?]+["'’”)]*|[^.!?\n]+$/gm;

const unit = (counts: Map<string, number>) => {
  const v = new Map<string, number>();
  let s = 0;
  for (const [stem, n] of counts) {
    const w = 1 + Math.log(n);
    v.set(stem, w);
    s += w * w;
  }
  const norm = Math.sqrt(s) || 1;
  for (const [stem, w] of v) v.set(stem, w / norm);
  return v;
};

export function typicalSentence(stories: TypicalSource[]): { storyId: number; text: string } | null {
  const centre = new Map<string, number>();
  for (const story of stories)
    for (const [stem, w] of unit(analyse(story.text, story.language).counts))
      centre.set(stem, (centre.get(stem) ?? 0) + w);
  let best: { storyId: number; text: string; score: number } | null = null;
  for (const story of stories) {
    if (!story.quotable) continue;
    for (const match of story.text.matchAll(SENTENCE)) {
      const text = match[0].trim();
      const words = text.split(/\s+/).length;
      if (words < MIN_WORDS || words > MAX_WORDS) continue;
      const stems = analyse(text, story.language).counts;
      if (stems.size < MIN_STEMS) continue;
      // Cosine of the sentence's words (each once) with the centre: shared words weigh by how central they are.
      let score = 0;
      for (const stem of stems.keys()) score += centre.get(stem) ?? 0;
      score /= Math.sqrt(stems.size);
      if (!best || score > best.score + 1e-12) best = { storyId: story.id, text, score };
    }
  }
  return best && { storyId: best.storyId, text: best.text };
}
