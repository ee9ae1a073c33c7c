import { describe, expect, it } from 'vitest';
import { findThemes } from '../../server/text/engine.ts';
import { fillersFor } from '../../server/text/fillers.ts';
import { themePhrases } from '../../server/text/phrases.ts';
import { stopwordsFor } from '../../server/text/text.ts';
import { typicalSentence } from '../../server/text/typical.ts';
import { FOOD_BANK, KEY_WORKER, REFERRAL_FORM } from './label-corpus.ts';

const groups = [FOOD_BANK, KEY_WORKER, REFERRAL_FORM].map((texts) => texts.map((text) => ({ text, language: 'en' })));
const docs = groups.flat().map((d, i) => ({ id: String(i + 1), ...d }));

/** Every word of every phrase, and the phrases' first and last words. */
const wordsOf = (phrases: string[]) => phrases.flatMap((p) => p.split(' '));
const edgesOf = (phrases: string[]) => phrases.flatMap((p) => [p.split(' ')[0]!, p.split(' ').at(-1)!]);

describe('theme labels from the phrases the stories use', () => {
  it('names a food bank, a key worker and a referral form theme by those phrases', () => {
    const [food, worker, form] = themePhrases(groups, 'en');
    expect(food).toContain('food bank');
    expect(worker!.some((p) => /key worker$/.test(p))).toBe(true);
    expect(form).toContain('referral form');
  });

  it('never uses a filler word, nor starts or ends a phrase with a stop word, nor repeats a word', () => {
    const fillers = fillersFor('en');
    const stops = stopwordsFor('en');
    for (const label of themePhrases(groups, 'en')) {
      expect(label.length).toBeGreaterThanOrEqual(1);
      expect(label.length).toBeLessThanOrEqual(3);
      for (const w of edgesOf(label)) expect(fillers.has(w) || stops.has(w), w).toBe(false);
      for (const w of ['nearly', 'thing', 'really', 'just', 'got', 'lot']) expect(wordsOf(label)).not.toContain(w);
      // No phrase inside another ("key worker" and "worker"): no content word twice.
      const words = wordsOf(label).filter((w) => !stops.has(w));
      expect(new Set(words).size).toBe(words.length);
    }
  });

  it('prefers what tells a theme apart over what every theme says', () => {
    const labels = themePhrases(groups, 'en').flat();
    expect(labels).not.toContain('families'); // in the key worker and referral form stories alike
  });

  it('labels the themes the engine finds the same way', () => {
    const result = findThemes(docs, { k: 3, seed: 7, language: 'en' });
    const labels = result.themes.map((t) => t.label);
    expect(labels.some((l) => l.includes('food bank'))).toBe(true);
    expect(labels.some((l) => l.includes('key worker'))).toBe(true);
    expect(labels.some((l) => l.includes('referral form'))).toBe(true);
    for (const l of labels) expect(l).not.toMatch(/\b(nearly|thing|really|just|got|lot)\b/);
  });

  it('shows no filler word among the words a theme is about, reading past them for more', () => {
    const fillers = fillersFor('en');
    const themes = findThemes(docs, { k: 3, seed: 7, language: 'en' }).themes;
    for (const theme of themes) expect(theme.terms.filter((w) => fillers.has(w))).toEqual([]);
    // Eight where the theme's stories share that many words besides fillers; the key worker stories share seven.
    expect(themes.map((t) => t.terms.length).sort()).toEqual([7, 8, 8]);
  });

  it('never names a theme by “hardly”, “mostly”, “someone’s” or the words of the MSC questions', () => {
    // Words every teller of these stories says, as the demo's tellers did: a theme named by them says nothing.
    const said = (topic: string, n: number) =>
      `${topic} made a difference, mostly because someone's help came when I could hardly cope. The ${topic} changed things for us. Story ${n}.`;
    const mixed = [
      ...[1, 2, 3, 4, 5].map((n) => ({ id: `a${n}`, text: said('lunch club', n), language: 'en' })),
      ...[1, 2, 3, 4, 5].map((n) => ({ id: `b${n}`, text: said('housing officer', n), language: 'en' })),
    ];
    const { themes } = findThemes(mixed, { k: 2, seed: 1, language: 'en' });
    for (const theme of themes) {
      for (const w of ['hardly', 'mostly', "someone's", 'difference', 'changed'])
        expect([...wordsOf([theme.label]), ...theme.terms], theme.label).not.toContain(w);
    }
    expect(themes.map((t) => t.label).join(' / ')).toMatch(/lunch club/);
  });

  it('finds Spanish phrases and skips Spanish fillers', () => {
    const es = [
      ['El banco de alimentos nos dio comida casi cada semana.', 'Fui al banco de alimentos y realmente me ayudaron.'],
      ['La trabajadora social vino a casa.', 'Por fin una trabajadora social me escuchó de verdad.'],
    ].map((texts) => texts.map((text) => ({ text, language: 'es' })));
    const [food, social] = themePhrases(es, 'es');
    expect(food).toContain('banco de alimentos');
    expect(social).toContain('trabajadora social');
    for (const w of ['casi', 'realmente', 'verdad']) expect(wordsOf([...food!, ...social!])).not.toContain(w);
  });

  it('finds French and Arabic phrases and skips their fillers', () => {
    const fr = [
      [
        'La banque alimentaire nous a presque sauvés cet hiver.',
        "J'allais à la banque alimentaire, vraiment chaque semaine.",
      ],
      ['Une assistante sociale est venue chez moi.', 'Enfin une assistante sociale qui écoute.'],
    ].map((texts) => texts.map((text) => ({ text, language: 'fr' })));
    const [food, social] = themePhrases(fr, 'fr');
    expect(food).toContain('banque alimentaire');
    expect(social).toContain('assistante sociale');
    for (const w of ['presque', 'vraiment']) expect(wordsOf([...food!, ...social!])).not.toContain(w);

    const ar = [
      ['ساعدنا بنك الطعام حقا في الشتاء.', 'ذهبت إلى بنك الطعام تقريبا كل أسبوع.'],
      ['زارتني الأخصائية الاجتماعية في البيت.', 'أخيرا استمعت إلي الأخصائية الاجتماعية فعلا.'],
    ].map((texts) => texts.map((text) => ({ text, language: 'ar' })));
    const [bank, worker] = themePhrases(ar, 'ar');
    expect(bank).toContain('بنك الطعام');
    expect(worker).toContain('الأخصائية الاجتماعية');
    for (const w of ['حقا', 'تقريبا', 'فعلا']) expect(wordsOf([...bank!, ...worker!])).not.toContain(w);
  });
});

describe('the most typical sentence', () => {
  const stories = FOOD_BANK.map((text, i) => ({ id: i + 1, text, language: 'en', quotable: true }));

  it('is a whole sentence, word for word, from one of the stories, about what the theme shares', () => {
    const found = typicalSentence(stories)!;
    expect(FOOD_BANK[found.storyId - 1]).toContain(found.text);
    expect(found.text).toMatch(/food bank/);
    expect(found.text).toMatch(/[.!?]$/);
  });

  it('comes only from stories that may be quoted, and is nothing when none may', () => {
    const best = typicalSentence(stories)!;
    const without = typicalSentence(stories.map((s) => ({ ...s, quotable: s.id !== best.storyId })))!;
    expect(without.storyId).not.toBe(best.storyId);
    expect(typicalSentence(stories.map((s) => ({ ...s, quotable: false })))).toBeNull();
  });
});
