/**
 * The exhibit sequence for a sense-making event: each kept theme with its count and a few verbatim quotes, then
 * each chosen story with the panel's reasons. Quotes are the teller's own words, cut only at a sentence end (or
 * marked with … where a long sentence is cut), and come only from stories whose tellers allowed quoting.
 */
import type { Db } from '../db/database.ts';
import { taggedPassages } from '../codebook/tagging-store.ts';
import { chosenStories } from '../rounds/selections-store.ts';
import { excerpt, themeQuotes } from '../themes/quotes.ts';
import { latestFinishedRun } from '../themes/runs-store.ts';
import { keptThemes, storyAnswers } from './exhibits-store.ts';

export const QUOTES_EACH = 3;

export type Exhibit =
  | {
      kind: 'theme';
      name: string;
      number: number;
      count: number;
      /** Each quote with its story's language, so it is read in its own voice. */
      quotes: { text: string; language?: string }[];
    }
  | {
      kind: 'chosen';
      code: string;
      title: string;
      /** The story's own language: its title and quote are marked with it. */
      language: string;
      domain: string | null;
      roundName: string;
      panel: string;
      reasons: string;
      dissent: string;
      /** The panel's words are blanked: they also speak of a story that can no longer be shown. */
      reasonsWithheld: boolean;
      quote: string | null;
    };

export async function exhibitSequence(
  db: Db,
  allianceId: number,
  inquiryId: number,
  round?: { id: number; storyIds: number[] },
): Promise<Exhibit[]> {
  const exhibits: Exhibit[] = [];
  const run = await latestFinishedRun(db, allianceId, inquiryId);
  const themes = run ? await keptThemes(db, run, round?.storyIds) : [];
  const quotable = themes.flatMap((t) => t.members.filter((m) => m.quotable).map((m) => m.storyId));
  const openings = await storyAnswers(db, allianceId, quotable);
  for (const theme of themes) {
    if (theme.members.length === 0) continue;
    const ids = theme.members.filter((m) => m.quotable).map((m) => m.storyId);
    const passages = theme.tagId === null ? [] : await taggedPassages(db, [theme.tagId], ids);
    // The story's id stands in for its code, which an exhibit does not show: each quote is read in its story's language.
    const quotes = themeQuotes(
      ids.map((id) => ({ storyId: id, code: String(id) })),
      passages,
      openings.words,
      QUOTES_EACH,
    ).map((q) => ({ text: q.text, language: openings.languages.get(Number(q.code)) }));
    exhibits.push({ kind: 'theme', name: theme.name, number: theme.number, count: theme.members.length, quotes });
  }
  const chosen = await chosenStories(db, allianceId, { inquiryId, roundId: round?.id });
  const chosenWords = await storyAnswers(
    db,
    allianceId,
    chosen.filter((c) => c.quotable === 1).map((c) => c.story_id),
  );
  for (const c of chosen) {
    const words = chosenWords.words.get(c.story_id);
    exhibits.push({
      kind: 'chosen',
      code: c.code,
      title: c.title,
      language: c.language,
      domain: c.domain_name,
      roundName: c.round_name,
      panel: c.panel,
      reasons: c.reasons,
      dissent: c.dissent,
      reasonsWithheld: c.reasons_withheld,
      quote: words ? excerpt(words) || null : null,
    });
  }
  return exhibits;
}
