/**
 * Verbatim quotes, one rule for the report and the exhibits: the teller's own words, never reworded. For a theme, a
 * passage someone tagged with the theme's codebook tag comes first; otherwise the opening sentences of a story, cut
 * only at a sentence end (or, for one very long sentence, at a word, marked " …" so it is plainly an excerpt).
 * Which stories may be quoted is not decided here: callers pass only stories consent.ts says are quotable.
 */
const MIN_WORDS = 12;
const MAX_WORDS = 45;

export function excerpt(words: string): string {
  const paragraph = words
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  if (paragraph === '') return '';
  const sentences = paragraph.match(/[^.!?]+[.!?]+["'’”)]*\s*|[^.!?]+$/g) ?? [paragraph];
  let taken = '';
  for (const sentence of sentences) {
    const next = `${taken}${sentence}`;
    if (count(next) > MAX_WORDS) break;
    taken = next;
    if (count(taken) >= MIN_WORDS) break;
  }
  if (taken.trim() === '') return `${paragraph.split(' ').slice(0, MAX_WORDS).join(' ')} …`;
  return taken.trim();
}

const count = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

export interface QuoteSource {
  storyId: number;
  code: string;
}

/**
 * Up to `max` quotes from different stories: tagged passages first, then story openings, only from `allowed`
 * stories (the caller decides: consent to quoting, and for funders consent to sharing too).
 */
export function themeQuotes(
  candidates: QuoteSource[],
  passages: { story_id: number; quote: string }[],
  answers: Map<number, string>,
  max = 3,
): { text: string; code: string }[] {
  const codes = new Map(candidates.map((c) => [c.storyId, c.code]));
  const quotes: { text: string; code: string }[] = [];
  const used = new Set<number>();
  for (const p of passages) {
    if (quotes.length >= max) break;
    const code = codes.get(p.story_id);
    if (!code || used.has(p.story_id) || p.quote.trim() === '') continue;
    used.add(p.story_id);
    quotes.push({ text: p.quote.trim(), code });
  }
  for (const c of candidates) {
    if (quotes.length >= max) break;
    if (used.has(c.storyId)) continue;
    const text = excerpt(answers.get(c.storyId) ?? '');
    if (!text) continue;
    used.add(c.storyId);
    quotes.push({ text, code: c.code });
  }
  return quotes;
}
