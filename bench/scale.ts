/**
 * The scale benchmark's two halves, each run as its own process so its peak memory is its own:
 *   node --import tsx/esm bench/scale.ts cluster N   themes for N stories (analyse, tf-idf, LSA, k-means)
 *   node --import tsx/esm bench/scale.ts tag N       index N stories, then analyse and tag new stories one by one
 * Prints one JSON object.
 */
import { findThemes } from '../server/text/engine.ts';
import { analyse } from '../server/text/text.ts';
import { TfIdfIndex } from '../server/text/tfidf.ts';
import { buildStories } from './corpus.ts';

const [phase, count = '100000', k = '20'] = process.argv.slice(2);
const n = Number(count);
const seconds = (from: number) => (performance.now() - from) / 1000;
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

let t = performance.now();
const stories = buildStories(n, 42);
const buildSeconds = seconds(t);

if (phase === 'cluster') {
  const steps: Record<string, number> = {};
  let last = performance.now();
  let lastStep = '';
  t = performance.now();
  const result = findThemes(stories, {
    k: k === 'auto' ? 'auto' : Number(k),
    seed: 1,
    language: 'en',
    onProgress: (_f, step) => {
      if (step === lastStep) return;
      if (lastStep) steps[lastStep] = seconds(last);
      [last, lastStep] = [performance.now(), step];
    },
  });
  const total = seconds(t);
  const sizes = result.themes.map((th) => th.stories.length);
  console.log(
    JSON.stringify({
      stories: n,
      buildSeconds,
      seconds: total,
      steps,
      peakMb: peakMb(),
      k: result.k,
      sizes,
      labels: result.themes.slice(0, 5).map((th) => th.label),
    }),
  );
} else if (phase === 'tag') {
  t = performance.now();
  const index = new TfIdfIndex();
  for (const s of stories) index.add(s.id, analyse(s.text, 'en'));
  const indexSeconds = seconds(t);
  // The first similar-stories query builds the postings.
  t = performance.now();
  index.nearest(index.vector('s1')!, 5, 's1');
  const postingsSeconds = seconds(t);
  const fresh = buildStories(200, 7).map((s, i) => ({ id: `new${i + 1}`, text: s.text }));
  const times: number[] = [];
  const parts = { analyse: 0, add: 0, terms: 0, similar: 0 };
  for (const s of fresh) {
    const start = performance.now();
    const analysed = analyse(s.text, 'en');
    const t1 = performance.now();
    index.add(s.id, analysed);
    const t2 = performance.now();
    const terms = index.distinctiveTerms(s.id, 6);
    const t3 = performance.now();
    const similar = index.nearest(index.vector(s.id)!, 5, s.id);
    const end = performance.now();
    times.push(end - start);
    parts.analyse += t1 - start;
    parts.add += t2 - t1;
    parts.terms += t3 - t2;
    parts.similar += end - t3;
    if (!terms.length || !similar.length) throw new Error(`No suggestions for ${s.id}.`);
  }
  for (const key of Object.keys(parts) as (keyof typeof parts)[]) parts[key] /= fresh.length;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    JSON.stringify({
      stories: n,
      buildSeconds,
      indexSeconds,
      postingsSeconds,
      tagMs: { median: at(0.5), p95: at(0.95), max: times[times.length - 1] },
      meanMsByPart: parts,
      peakMb: peakMb(),
    }),
  );
} else {
  console.error('Usage: scale.ts cluster|tag [N] [K]');
  process.exitCode = 2;
}
