/**
 * The most typical sentence of each theme, to show with it: read from the theme's stories nearest its centre, and
 * quoted only from stories consent.ts marks quotable.
 */
import type { Db } from '../db/database.ts';
import type { AnalysisRun } from '../db/schema.ts';
import { quotableColumn, storiesFor } from '../stories/consent.ts';
import { typicalSentence } from '../text/typical.ts';
import { docsOf } from './runs-store.ts';

/** The stories that make a theme's centre for its quote: the nearest few, which is where the centre is. */
const NEAREST = 40;

export interface TypicalQuote {
  text: string;
  storyId: number;
  code: string;
}

export async function typicalQuotes(db: Db, run: AnalysisRun, themeIds: number[]): Promise<Map<number, TypicalQuote>> {
  const quotes = new Map<number, TypicalQuote>();
  if (themeIds.length === 0) return quotes;
  const members = await storiesFor(db, run.alliance_id)
    .innerJoin('theme_stories', 'theme_stories.story_id', 'stories.id')
    .where('theme_stories.theme_id', 'in', themeIds)
    .where('theme_stories.rank', '<', NEAREST)
    .select(['theme_stories.theme_id', 'stories.id', 'stories.code', 'stories.title', 'stories.language'])
    .select(quotableColumn())
    .orderBy('theme_stories.theme_id')
    .orderBy('theme_stories.rank')
    .execute();
  const texts = new Map((await docsOf(db, members)).map((d) => [Number(d.id), d]));
  for (const themeId of themeIds) {
    const mine = members.filter((m) => m.theme_id === themeId);
    const found = typicalSentence(
      mine.map((m) => ({
        id: m.id,
        text: texts.get(m.id)!.text,
        language: m.language,
        quotable: m.quotable === 1,
      })),
    );
    if (found) quotes.set(themeId, { ...found, code: mine.find((m) => m.id === found.storyId)!.code });
  }
  return quotes;
}
