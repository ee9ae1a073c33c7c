import { afterEach, describe, expect, it } from 'vitest';
import { fromJson } from '../../server/text/analysis-json.ts';
import { analyse } from '../../server/text/text.ts';
import { indexedText, wordsOf, WordsWorker } from '../../server/stories/words.ts';

const STORIES = [
  { text: 'The children ran to the new school.\nBecause the rent went down', language: 'en' },
  { text: 'Les enfants vont à l’école du quartier', language: 'fr' },
  { text: 'ذهب الأطفال إلى المدارس', language: 'ar' },
  { text: '', language: 'en' },
];

let worker: WordsWorker | undefined;
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

describe("a new story's words, made once for the search index and every keeper", () => {
  it('keeps the analysis whole through its JSON form', () => {
    const analysed = analyse(STORIES[0]!.text, 'en');
    const back = fromJson(wordsOf(STORIES[0]!.text, 'en').analysis);
    expect([...back.counts]).toEqual([...analysed.counts]);
    expect([...back.surface]).toEqual([...analysed.surface]);
    expect(back.surface.get(analysed.surface.keys().next().value!)).toBeTruthy();
  });

  it('indexes each word once, then the stems that differ from the words people used', () => {
    const indexed = indexedText('Rents rose and rents rose again', 'en');
    const [words, stems] = indexed.split('\n');
    expect(words!.split(' ')).toEqual(['Rents', 'rose', 'and', 'rents', 'again']);
    expect(stems!.split(' ')).toContain('rent');
  });

  it('makes the same words in the worker thread as here, batch after batch, in order', async () => {
    worker = new WordsWorker();
    const [first, second] = await Promise.all([worker.words(STORIES.slice(0, 2)), worker.words(STORIES.slice(2))]);
    const made = [...first, ...second];
    expect(made.map((w) => w.text)).toEqual(STORIES.map((s) => s.text));
    expect(made.map(({ indexed, analysis }) => ({ indexed, analysis }))).toEqual(
      STORIES.map((s) => wordsOf(s.text, s.language)),
    );
  });

  it('fails plainly once closed, rather than waiting for ever', async () => {
    worker = new WordsWorker();
    await worker.words(STORIES.slice(0, 1));
    await worker.close();
    await expect(worker.words(STORIES.slice(0, 1))).rejects.toThrow('The words worker was closed.');
  });
});
