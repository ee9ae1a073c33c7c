import { describe, expect, it } from 'vitest';
import { analyse, analyseTerms, hasStemmer, languageCode, tokenize } from '../../server/text/text.ts';

describe('tokenize', () => {
  it('keeps accents, lower-cases and composes (NFC)', () => {
    expect(tokenize('Café naïve ÉCOLE São')).toEqual(['café', 'naïve', 'école', 'são']);
    expect(tokenize('Cafe\u0301')).toEqual(['café']); // e + combining acute becomes é
  });

  it('keeps letters of every script, combining marks included', () => {
    expect(tokenize('Привет, мир! Καλημέρα κόσμε')).toEqual(['привет', 'мир', 'καλημέρα', 'κόσμε']);
    expect(tokenize('مرحبا بالعالم')).toEqual(['مرحبا', 'بالعالم']);
    expect(tokenize('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']); // vowel signs and virama are marks
    expect(tokenize('שלום עולם')).toEqual(['שלום', 'עולם']);
  });

  it('splits scripts written without spaces into words', () => {
    expect(tokenize('我们喜欢学习中文')).toEqual(['我们', '喜欢', '学习', '中文']);
    expect(tokenize('สวัสดีครับ').length).toBeGreaterThan(1);
  });

  it('keeps apostrophes inside words, not quotes around them', () => {
    expect(tokenize("Don’t say 'hello' to l'école")).toEqual(["don't", 'say', 'hello', 'to', "l'école"]);
  });

  it('handles a 1 MB text', () => {
    const text = 'The housing repairs were late, and the damp got worse. '.repeat(19000);
    expect(text.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const words = tokenize(text);
    expect(words.length).toBe(10 * 19000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('analyse', () => {
  it('removes stop words, stems English and keeps the usual surface form', () => {
    const { counts, surface } = analyse('The housing, the housing and the houses of the town', 'en');
    expect(counts.get('hous')).toBe(3);
    expect(surface.get('hous')).toBe('housing');
    expect(counts.has('the')).toBe(false);
    expect(counts.has('and')).toBe(false);
    expect([...counts.keys()].sort()).toEqual(['hous', 'town']);
  });

  it.each([
    ['es', 'viviendas vivienda', 'viviend'],
    ['de', 'Häuser Hauses', 'haus'],
    ['fr', "l'école les écoles", 'écol'],
    ['it', 'abitazioni abitazione', 'abit'],
    ['pt-BR', 'habitações habitação', 'habit'],
    ['ru', 'домами дом', 'дом'],
    ['nl', 'woningen woning', 'woning'],
    ['sv', 'bostäderna bostäder', 'bostäd'],
  ])('stems %s with its own stemmer', (language, text, stem) => {
    expect(analyse(text, language).counts.get(stem)).toBe(2);
  });

  it('shows words without elided articles or possessives', () => {
    expect(analyse("l'école", 'fr').surface.get('écol')).toBe('école');
    expect([...analyse("Atlanta's mayor", 'en').surface.values()]).toEqual(['atlanta', 'mayor']);
  });

  it('falls back to lower-cased words for languages without a stemmer, still dropping their stop words', () => {
    const { counts } = analyse('Το σπίτι και τα σπίτια', 'el');
    expect(counts.get('σπίτι')).toBe(1);
    expect(counts.get('σπίτια')).toBe(1);
    expect(counts.has('και')).toBe(false);
    expect([...analyse('नमस्ते दुनिया', 'hi').counts.keys()]).toEqual(['नमस्ते', 'दुनिया']);
    expect([...analyse('Les maisons', undefined).counts.keys()]).toEqual(['les', 'maisons']);
  });

  it('drops numbers and lone letters, keeps lone Chinese characters', () => {
    expect([...analyse('In 1961 a b c there were 3 floods', 'en').counts.keys()]).toEqual(['flood']);
    expect(analyse('水很好', 'zh').counts.size).toBeGreaterThan(0);
  });

  it('has nothing for empty or whitespace-only text', () => {
    expect(analyse('', 'en').counts.size).toBe(0);
    expect(analyse('  \n\t ', 'en').counts.size).toBe(0);
  });

  it('names languages by their primary code', () => {
    expect(languageCode('pt-BR')).toBe('pt');
    expect(languageCode('nb')).toBe('no');
    expect(hasStemmer('en')).toBe(true);
    expect(hasStemmer('el')).toBe(false);
    expect(hasStemmer(undefined)).toBe(false);
  });

  it('analyses a 1 MB story', () => {
    const text = 'The housing repairs were late, and the damp got worse in every flat. '.repeat(15000);
    const { counts } = analyse(text, 'en');
    expect(counts.get('damp')).toBe(15000);
  });
});

describe('analyseTerms', () => {
  it('gives what analyse gives, as arrays in the same order', () => {
    for (const [text, language] of [
      ["The housing, the houses' damp and l'école; Don’t the HOUSING", 'en'],
      ['我们喜欢学习中文 and the housing', 'zh'],
      ['Les logements sociaux et le logement', 'fr'],
    ] as const) {
      const { counts, surface } = analyse(text, language);
      const terms = analyseTerms(text, language);
      expect(terms.stems).toEqual([...counts.keys()]);
      expect(terms.counts).toEqual([...counts.values()]);
      expect(terms.surfaces).toEqual([...surface.values()]);
    }
  });
});
