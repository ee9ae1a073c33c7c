/**
 * Themes across languages: V-measure of the themes against the stories' subject and against their language, with
 * and without the dictionary bridge (server/text/bridge.ts), on sets of the short stories in
 * test/text/languages-corpus.ts; and how long each dictionary takes to read and how much it adds to the heap.
 *
 *   node --expose-gc --import tsx/esm bench/languages.ts
 *
 * Needs Debian's dict-freedict-fra-eng, dict-freedict-spa-eng and dict-freedict-ara-eng (or HEARTH_DICTIONARIES).
 */
import { bridgeFor, DEFAULT_DICTIONARIES, missingDictionaries } from '../server/text/bridge.ts';
import { findThemes } from '../server/text/engine.ts';
import { analyse } from '../server/text/text.ts';
import { mixedStories, type MixedStory } from '../test/text/languages-corpus.ts';
import { vMeasure } from './metrics.ts';

const dir = process.env.HEARTH_DICTIONARIES || DEFAULT_DICTIONARIES;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.log('(run with node --expose-gc for the heap figures)');
const missing = missingDictionaries(['fr', 'es', 'ar'], dir);
if (missing.length) {
  console.log(
    `Dictionaries missing in ${dir} for: ${missing.join(', ')}. Install dict-freedict-fra-eng, -spa-eng, -ara-eng.`,
  );
  process.exit(1);
}

// Each language's stemmer (and English's) loaded first, so what is measured is the dictionary's own.
for (const language of ['en', 'fr', 'es', 'ar']) analyse('un deux', language);
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
console.log(`Dictionaries (${dir}), each read once, in a fresh process:`);
console.log('| language | read in | heap growth | stems with concepts | words with concepts |');
console.log('| --- | --: | --: | --: | --: |');
let total = 0;
for (const language of ['fr', 'es', 'ar']) {
  const before = heap();
  const bridge = bridgeFor(language, dir)!;
  const grew = heap() - before;
  total += grew;
  console.log(
    `| ${language} | ${bridge.loadMs.toFixed(0)} ms | ${(grew / 1e6).toFixed(1)} MB | ${bridge.size} | ${bridge.words} |`,
  );
}
console.log(`All three: ${(total / 1e6).toFixed(1)} MB of heap.`);
{
  const docs = mixedStories(['en', 'fr', 'ar']);
  const time = (bridge: boolean) => {
    const started = performance.now();
    for (const seed of [1, 2, 3]) findThemes(docs, { k: 3, seed, bridge, dictionaries: dir });
    return ((performance.now() - started) / 3).toFixed(0);
  };
  time(true); // warm up
  console.log(
    `One run on the 36 stories (k 3, dictionaries read): ${time(false)} ms without the bridge, ${time(true)} ms with it.\n`,
  );
}

/** Housing told mostly in English, food mostly in French, school mostly in Arabic: language and subject overlap. */
function lopsided(): MixedStory[] {
  const all = mixedStories(['en', 'fr', 'ar']);
  const mostly = { housing: 'en', food: 'fr', school: 'ar' } as const;
  return all.filter((s) => s.language === mostly[s.subject] || s.id.endsWith('-1'));
}
const SETS: { name: string; docs: MixedStory[] }[] = [
  { name: 'English, French, Arabic (4 of each subject in each)', docs: mixedStories(['en', 'fr', 'ar']) },
  { name: 'English, Spanish', docs: mixedStories(['en', 'es']) },
  { name: 'French, Arabic', docs: mixedStories(['fr', 'ar']) },
  { name: 'English, French, Spanish, Arabic', docs: mixedStories(['en', 'fr', 'es', 'ar']) },
  { name: 'lopsided: each subject mostly in one language', docs: lopsided() },
];
const SEEDS = [1, 2, 3];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(docs: MixedStory[], k: number | 'auto', bridge: boolean, ownWordsWeight?: number) {
  const subject: number[] = [];
  const language: number[] = [];
  const ks: number[] = [];
  for (const seed of SEEDS) {
    const result = findThemes(docs, { k, seed, bridge, ownWordsWeight, dictionaries: dir });
    const of = new Map(result.themes.flatMap((t, i) => t.stories.map((id) => [id, i] as const)));
    const themes = docs.map((d) => of.get(d.id)!);
    subject.push(
      vMeasure(
        docs.map((d) => d.subject),
        themes,
      ).vMeasure,
    );
    language.push(
      vMeasure(
        docs.map((d) => d.language),
        themes,
      ).vMeasure,
    );
    ks.push(result.k);
  }
  return `${median(subject).toFixed(2)} | ${median(language).toFixed(2)} | ${median(ks)}`;
}

console.log(`V-measure of the themes against subject and against language, median of seeds ${SEEDS.join(', ')}:`);
console.log('| set | n | k | bridge | own words weight | V subject | V language | k found |');
console.log('| --- | --: | --- | --- | --: | --: | --: | --: |');
for (const { name, docs } of SETS)
  for (const k of [3, 'auto'] as const) {
    console.log(`| ${name} | ${docs.length} | ${k} | no | — | ${measure(docs, k, false)} |`);
    for (const w of [0, 0.5, 1])
      console.log(`| ${name} | ${docs.length} | ${k} | yes | ${w} | ${measure(docs, k, true, w)} |`);
  }
