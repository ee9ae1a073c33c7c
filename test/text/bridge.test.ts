import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { vMeasure } from '../../bench/metrics.ts';
import {
  bridgeFor,
  conceptsOfWord,
  dictdNumber,
  hasDictionary,
  missingDictionaries,
  translationsOf,
} from '../../server/text/bridge.ts';
import { findThemes } from '../../server/text/engine.ts';
import type { ThemeResult } from '../../server/text/types.ts';
import { mixedStories, type MixedStory } from './languages-corpus.ts';

/** Each story's theme, in the stories' order. */
function themeOf(result: ThemeResult, docs: MixedStory[]): number[] {
  const of = new Map(result.themes.flatMap((t, i) => t.stories.map((s) => [s, i] as const)));
  return docs.map((d) => of.get(d.id)!);
}
const shared = (a: readonly string[], b: readonly string[]) => a.filter((c) => b.includes(c));

describe('the dictionaries (dictd files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-dict-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads dictd base64 offsets and the translations of an entry', () => {
    expect(dictdNumber('B')).toBe(1);
    expect(dictdNumber('BA')).toBe(64);
    expect(dictdNumber('4F/')).toBe(56 * 64 * 64 + 5 * 64 + 63);
    expect(translationsOf('loyer /lwaje/ <n, masc>\nrent, rent money\n')).toEqual(['rent', 'rent money']);
    expect(translationsOf('nourriture /nuʀityʀ/ <n, fem>\n1. food\n2. nourishment\n')).toEqual(['food', 'nourishment']);
  });

  it('maps a word to the English of its entry, from files in the folder it is given', () => {
    // A dictionary of two entries, laid out as dictd lays it: index lines "headword, offset, length" in base64.
    const entries = ['pomme /pɔm/ <n>\napple\n', 'logis /loʒi/ <n>\nabode, dwelling\n'];
    const body = entries.join('');
    const b64 = (n: number) =>
      n === 0
        ? 'A'
        : [...Array(6)]
            .map(
              (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[(n >> (6 * (5 - i))) & 63],
            )
            .join('')
            .replace(/^A+/, '');
    writeFileSync(join(dir, 'freedict-fra-eng.dict.dz'), gzipSync(Buffer.from(body)));
    const at = Buffer.byteLength(entries[0]!);
    writeFileSync(
      join(dir, 'freedict-fra-eng.index'),
      `logis\t${b64(at)}\t${b64(Buffer.byteLength(entries[1]!))}\npomme\t${b64(0)}\t${b64(at)}\n`,
    );
    expect(hasDictionary('fr', dir)).toBe(true);
    expect(missingDictionaries(['en', 'fr', 'ar', 'de'], dir)).toEqual(['ar']);
    expect(conceptsOfWord('pommes', 'fr', dir)).toEqual(['appl']);
    expect(conceptsOfWord('logis', 'fr', dir)).toEqual(['abod', 'dwell']);
    expect(conceptsOfWord('dwellings', 'en', dir)).toEqual(['dwell']);
    expect(bridgeFor('ar', dir)).toBeNull();
  });
});

describe("Debian's FreeDict dictionaries (dict-freedict-fra-eng, -spa-eng, -ara-eng)", () => {
  it('are installed (.ci/run installs them)', () => {
    expect(missingDictionaries(['fr', 'es', 'ar'])).toEqual([]);
  });

  it('map French « logement » and Arabic « سكن » to the concept of English "dwelling", and housing words to "housing"', () => {
    const dwelling = conceptsOfWord('dwelling', 'en');
    expect(shared(conceptsOfWord('logement', 'fr'), dwelling)).toEqual(dwelling);
    expect(shared(conceptsOfWord('سكن', 'ar'), dwelling)).toEqual(dwelling);
    const housing = conceptsOfWord('housing', 'en');
    for (const [word, language] of [
      ['maison', 'fr'],
      ['مسكن', 'ar'],
      ['المنزل', 'ar'],
      ['casa', 'es'],
    ] as const)
      expect(shared(conceptsOfWord(word, language), housing), word).toEqual(housing);
  });

  it('map rent, food and school words of each language to the English ones', () => {
    const pairs: [string, string, string][] = [
      ['rent', 'loyer', 'fr'],
      ['rent', 'الإيجار', 'ar'],
      ['rent', 'والإيجار', 'ar'],
      ['food', 'nourriture', 'fr'],
      ['food', 'غذاء', 'ar'],
      ['school', 'école', 'fr'],
      ['school', 'المدرسة', 'ar'],
      ['school', 'escuela', 'es'],
      ['bread', 'pain', 'fr'],
      ['bread', 'pan', 'es'],
    ];
    for (const [english, word, language] of pairs)
      expect(conceptsOfWord(word, language), `${word} (${language})`).toContain(conceptsOfWord(english, 'en')[0]);
  });

  it('skip stop and filler words: « chose » and « très » bridge to nothing', () => {
    expect(conceptsOfWord('très', 'fr')).toEqual([]);
    expect(conceptsOfWord('chose', 'fr')).toEqual([]);
  });
});

describe('themes of an inquiry with stories in English, French and Arabic', () => {
  const docs = mixedStories();
  const subjects = docs.map((d) => d.subject);
  const languages = docs.map((d) => d.language);

  it('group the stories by what they are about, not by their language', () => {
    for (const seed of [1, 2, 3]) {
      const result = findThemes(docs, { k: 3, seed });
      const themes = themeOf(result, docs);
      expect(vMeasure(subjects, themes).vMeasure, `seed ${seed}`).toBeGreaterThanOrEqual(0.7);
      expect(vMeasure(languages, themes).vMeasure, `seed ${seed}`).toBeLessThanOrEqual(0.3);
      // Every subject has stories in three languages: no theme is of one language only.
      for (const theme of result.themes)
        expect(new Set(theme.stories.map((id) => id.split('-')[1])).size, theme.label).toBeGreaterThan(1);
    }
  });

  it('split by language without the bridge (what it fixes)', () => {
    const themes = themeOf(findThemes(docs, { k: 3, seed: 3, bridge: false }), docs);
    expect(vMeasure(languages, themes).vMeasure).toBeGreaterThan(0.7);
  });

  it('name each theme with phrases in the languages of its stories', () => {
    const result = findThemes(docs, { k: 3, seed: 1 });
    for (const theme of result.themes) {
      expect(theme.label, theme.label).toMatch(/\p{Script=Arabic}/u);
      expect(theme.label, theme.label).toMatch(/\p{Script=Latin}/u);
    }
    const housing = result.themes.find((t) => t.stories.includes('housing-fr-1'))!;
    expect(housing.label).toMatch(/loyer|logement|propriétaire/);
    expect(housing.label).toMatch(/rent|landlord|house/);
    expect(housing.label).toMatch(/الإيجار|المالك|المنزل/);
    // Terms stay in the stories' own words: no stems, no word shown twice.
    expect(new Set(housing.terms).size).toBe(housing.terms.length);
    expect(housing.terms.join(' ')).not.toMatch(/\b(hous|dwell|abod)\b/);
  });

  it('work as before, by their own words, when the dictionaries are missing, and say which are', () => {
    const result = findThemes(docs, { k: 3, seed: 1, dictionaries: '/nonexistent' });
    expect(result.languages).toEqual({ codes: ['ar', 'en', 'fr'], missing: ['ar', 'fr'] });
    expect(result.themes.flatMap((t) => t.stories).sort()).toEqual(docs.map((d) => d.id).sort());
    expect(result.notes?.join(' ')).toMatch(/dictionaries for ar, fr are missing/);
  });

  it('leave an inquiry in one language as it was', () => {
    const english = docs.filter((d) => d.language === 'en');
    const result = findThemes(english, { k: 3, seed: 1 });
    expect(result.languages).toBeUndefined();
    expect(
      vMeasure(
        english.map((d) => d.subject),
        themeOf(result, english),
      ).vMeasure,
    ).toBeGreaterThanOrEqual(0.7);
  });
});
