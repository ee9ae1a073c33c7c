/**
 * The theme labels the demo's stories get, before (top single terms) and now (phrases), with each theme's most
 * typical sentence: `node --import tsx/esm bench/demo-theme-labels.ts`. A check that the demo's themes read well.
 */
import { AI_STORIES, MSC_STORIES } from '../server/demo/stories-data.ts';
import { SPANISH_STORIES } from '../server/demo/stories-data-es.ts';
import { findThemes } from '../server/text/engine.ts';
import { typicalSentence } from '../server/text/typical.ts';
import type { DemoStory } from '../server/demo/demo-story.ts';

const textOf = (s: DemoStory) =>
  [s.title ?? '', ...s.story, s.why, s.difference ?? '', s.worse ?? '', s.dream ?? '', s.design ?? '', s.deliver ?? '']
    .filter(Boolean)
    .join('\n');

for (const [name, stories, language] of [
  ['MSC', MSC_STORIES, 'en'],
  ['Appreciative Inquiry', AI_STORIES, 'en'],
  ['Spanish', SPANISH_STORIES, 'es'],
] as const) {
  const docs = stories.filter((s) => s.title).map((s, i) => ({ id: String(i), text: textOf(s), language }));
  const result = findThemes(docs, { k: 'auto', seed: 1, language });
  console.log(`\n${name}: ${docs.length} stories, ${result.k} themes`);
  for (const theme of result.themes) {
    const byId = new Map(docs.map((d) => [d.id, d]));
    const quote = typicalSentence(
      theme.stories.map((id) => ({ id: Number(id), text: byId.get(id)!.text, language, quotable: true })),
    );
    console.log(`- now:    ${theme.label}   (${theme.stories.length} stories)`);
    console.log(`  before: ${theme.terms.slice(0, 3).join(' · ')}`);
    if (quote) console.log(`  quote:  “${quote.text}”`);
  }
}
