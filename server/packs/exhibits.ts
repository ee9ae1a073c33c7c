/**
 * The exhibit sequence for a sense-making event: each kept theme with its count and a few verbatim quotes, then
 * each chosen story with the panel's reasons. Quotes are the teller's own words, cut only at a sentence end (or
 * marked with … where a long sentence is cut), and come only from stories whose tellers allowed quoting.
 */
import type { Db } from '../db/database.ts';
import { chosenStories, keptThemes, latestDoneRun, storyAnswers, taggedPassages } from './exhibits-store.ts';

export const QUOTES_EACH = 3;

export type Exhibit =
  | { kind: 'theme'; name: string; count: number; quotes: string[] }
  | { kind: 'chosen'; code: string; title: string; domain: string | null; roundName: string; panel: string; reasons: string; dissent: string; quote: string | null };

/** The opening sentence(s) of the teller's words: at least `min` characters where there is more, at most `max`. */
export function openingWords(text: string, min = 60, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = flat.match(/[^.!?…]+(?:[.!?…]+["'”’)]*|$)\s*/g) ?? [flat];
  let quote = '';
  for (const sentence of sentences) {
    if (quote.length >= min || quote.length + sentence.length > max) break;
    quote += sentence;
  }
  quote = quote.trim();
  if (quote === '') {
    // One long sentence: keep whole words up to the limit and mark the cut.
    const cut = flat.slice(0, max);
    quote = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trim()} …`;
  }
  return quote;
}

export async function exhibitSequence(db: Db, allianceId: number, inquiryId: number, round?: { id: number; storyIds: number[] }): Promise<Exhibit[]> {
  const exhibits: Exhibit[] = [];
  const run = await latestDoneRun(db, allianceId, inquiryId);
  const themes = run ? await keptThemes(db, run, round?.storyIds) : [];
  const quotable = themes.flatMap((t) => t.members.filter((m) => m.quotable).map((m) => m.storyId));
  const openings = await storyAnswers(db, allianceId, quotable);
  for (const theme of themes) {
    if (theme.members.length === 0) continue;
    const ids = theme.members.filter((m) => m.quotable).map((m) => m.storyId);
    const quotes: string[] = [];
    // Passages people tagged with the theme's tag say it best; otherwise each story's opening words.
    if (theme.tagId !== null) for (const p of await taggedPassages(db, allianceId, theme.tagId, ids)) if (quotes.length < QUOTES_EACH && !quotes.includes(p.quote.trim())) quotes.push(p.quote.trim());
    for (const id of ids) {
      const words = openings.get(id);
      if (quotes.length < QUOTES_EACH && words) quotes.push(openingWords(words));
    }
    exhibits.push({ kind: 'theme', name: theme.name, count: theme.members.length, quotes });
  }
  const chosen = await chosenStories(db, allianceId, { inquiryId, roundId: round?.id });
  const chosenWords = await storyAnswers(
    db,
    allianceId,
    chosen.filter((c) => c.quotable === 1).map((c) => c.story_id),
  );
  for (const c of chosen) {
    const words = chosenWords.get(c.story_id);
    exhibits.push({ kind: 'chosen', code: c.code, title: c.title, domain: c.domain_name, roundName: c.round_name, panel: c.panel, reasons: c.reasons, dissent: c.dissent, quote: words ? openingWords(words) : null });
  }
  return exhibits;
}
