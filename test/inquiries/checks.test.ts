/** The inquiry checks and the guide as people read it: pure logic, no database. */
import { describe, expect, it } from 'vitest';
import {
  checkAttribute,
  checkQuestion,
  checkSettings,
  isRealDate,
  parseLanguages,
  parseOptions,
} from '../../server/inquiries/checks.ts';
import { showGuide } from '../../server/inquiries/guide-view.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import type { Inquiry, Question } from '../../server/db/schema.ts';

describe('dates', () => {
  it('knows real calendar dates', () => {
    expect(isRealDate('2026-02-28')).toBe(true);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2026-1-1')).toBe(false);
  });
});

describe('languages', () => {
  it('reads codes separated by commas, in their usual form, without repeats', () => {
    expect(parseLanguages('en')).toEqual(['en']);
    expect(parseLanguages(' en , ES, pt-br, en,, ')).toEqual(['en', 'es', 'pt-BR']);
    expect(parseLanguages('zh-Hant-TW')).toEqual(['zh-Hant-TW']);
    expect(parseLanguages('es-419')).toEqual(['es-419']);
  });

  it('refuses what is not a language code', () => {
    for (const raw of ['', ' , ', 'English', 'en es', 'en;es', 'xx', 'en-ZZ', 'e', 'en-', '12'])
      expect(parseLanguages(raw), raw).toBeUndefined();
    expect(
      parseLanguages(
        Array.from(
          { length: 21 },
          (_, i) =>
            [
              'en',
              'es',
              'fr',
              'de',
              'it',
              'pt',
              'nl',
              'sv',
              'da',
              'fi',
              'pl',
              'cs',
              'sk',
              'hu',
              'ro',
              'bg',
              'el',
              'tr',
              'ar',
              'he',
              'ja',
            ][i],
        ).join(','),
      ),
    ).toBeUndefined();
  });
});

describe('choices typed one per line', () => {
  it('trims them and drops blank lines', () => {
    expect(parseOptions(' Yes \r\n\r\nNo\n')).toEqual({ options: ['Yes', 'No'] });
  });

  it('needs two distinct choices, each not too long', () => {
    expect(parseOptions(undefined)).toEqual({ error: 'inquiries.errors.optionsTooFew' });
    expect(parseOptions('Only')).toEqual({ error: 'inquiries.errors.optionsTooFew' });
    expect(parseOptions('Yes\nYES')).toEqual({ error: 'inquiries.errors.optionsRepeated' });
    expect(parseOptions(`a\n${'b'.repeat(201)}`)).toEqual({ error: 'inquiries.errors.optionsTooLong' });
    expect(parseOptions(Array.from({ length: 201 }, (_, i) => `Choice ${i}`).join('\n'))).toEqual({
      error: 'inquiries.errors.optionsTooLong',
    });
  });
});

describe('settings', () => {
  const form = { title: 'T', consentStatement: 'C', languages: 'en', codePrefix: 'ab1' };

  it('turns the form into what is saved: blank dates as none, the prefix in capitals', () => {
    expect(checkSettings(form)).toEqual({
      ok: true,
      value: {
        title: 'T',
        purpose: '',
        periodStart: null,
        periodEnd: null,
        periodWords: '',
        aiTopic: '',
        consentStatement: 'C',
        languages: ['en'],
        codePrefix: 'AB1',
      },
    });
  });

  it('allows a period with one end open, or starting and ending the same day', () => {
    expect(checkSettings({ ...form, periodStart: '2026-01-01' }).ok).toBe(true);
    expect(checkSettings({ ...form, periodEnd: '2026-01-01' }).ok).toBe(true);
    expect(checkSettings({ ...form, periodStart: '2026-01-01', periodEnd: '2026-01-01' }).ok).toBe(true);
  });

  it('says which field is wrong', () => {
    expect(
      checkSettings({ ...form, periodStart: '2026-04-31', periodEnd: '2026-01-01', languages: 'klingon' }),
    ).toEqual({
      ok: false,
      errors: { periodStart: 'inquiries.errors.date', languages: 'inquiries.errors.languages' },
    });
    expect(checkSettings({ ...form, periodStart: '2026-05-01', periodEnd: '2026-04-30' })).toEqual({
      ok: false,
      errors: { periodEnd: 'inquiries.errors.periodOrder' },
    });
  });
});

describe('questions and attributes', () => {
  const msc = { method: 'msc' } as const;
  const ai = { method: 'ai' } as const;

  it('keeps choices only for the choice kinds, and a phase only for Appreciative Inquiry', () => {
    expect(checkQuestion({ kind: 'single', prompt: 'P', options: 'a\nb', required: 'yes' }, msc)).toEqual({
      ok: true,
      value: {
        kind: 'single',
        prompt: 'P',
        help: '',
        required: true,
        options: ['a', 'b'],
        phase: null,
        aboutStory: false,
      },
    });
    expect(checkQuestion({ kind: 'long', prompt: 'P', options: 'a\nb', phase: 'dream' }, msc)).toMatchObject({
      ok: true,
      value: { options: [], phase: null, required: false },
    });
    expect(checkQuestion({ kind: 'long', prompt: 'P', phase: 'dream' }, ai)).toMatchObject({
      ok: true,
      value: { phase: 'dream' },
    });
    expect(checkQuestion({ kind: 'multiple', prompt: 'P' }, ai)).toEqual({
      ok: false,
      errors: { options: 'inquiries.errors.optionsTooFew', phase: 'inquiries.errors.phase' },
    });
  });

  it('needs choices for a single-choice attribute only', () => {
    expect(checkAttribute({ label: 'L', kind: 'short', options: 'x' })).toEqual({
      ok: true,
      value: { label: 'L', kind: 'short', options: [] },
    });
    expect(checkAttribute({ label: 'L', kind: 'single', options: 'x' })).toEqual({
      ok: false,
      errors: { options: 'inquiries.errors.optionsTooFew' },
    });
  });
});

describe('the guide as people read it', () => {
  const inquiry = { id: 1, method: 'msc', period_words: '', ai_topic: '', languages: 'en,cy' } as Inquiry;
  const question = (id: number, prompt: string, extra: Partial<Question> = {}): Question =>
    ({
      id,
      inquiry_id: 1,
      position: id,
      kind: 'long',
      prompt,
      help: '',
      required: 0,
      options: '[]',
      phase: null,
      archived: 0,
      ...extra,
    }) as Question;
  const guide = (overrides: Partial<Guide> = {}): Guide => ({
    inquiry,
    domains: [{ id: 7, inquiry_id: 1, name: 'Lives', description: '', position: 0, archived: 0 }],
    questions: [question(1, 'Over the last [period], what changed in [domain]?'), question(2, 'About [topic]?')],
    attributes: [],
    ...overrides,
  });

  it('leaves unset placeholders showing on the page, and reads them naturally on paper', () => {
    const page = showGuide(guide(), { for: 'page' });
    expect(page.groups[0]!.questions.map((q) => q.asked)).toEqual([
      'Over the last [period], what changed in [domain]?',
      'About [topic]?',
    ]);
    const paper = showGuide(guide(), { for: 'paper' });
    expect(paper.groups[0]!.questions.map((q) => q.asked)).toEqual([
      'Over the last reporting period, what changed in the domain ticked above?',
      'About this?',
    ]);
    const set = showGuide(guide({ inquiry: { ...inquiry, period_words: 'year', ai_topic: 'care' } }), { for: 'page' });
    expect(set.groups[0]!.questions.map((q) => q.asked)).toEqual([
      'Over the last year, what changed in [domain]?',
      'About care?',
    ]);
  });

  it('names the languages, and warns when [domain] has no domains to fill it', () => {
    const shown = showGuide(guide({ domains: [] }), { for: 'page' });
    expect(shown.languages).toEqual([
      { code: 'en', name: 'English' },
      { code: 'cy', name: 'Welsh' },
    ]);
    expect(shown.domainUnused).toBe(true);
    expect(showGuide(guide(), { for: 'page' }).domainUnused).toBe(false);
  });

  it('groups Appreciative Inquiry questions by phase, numbered on through the groups, moving only within a phase', () => {
    const questions = [
      question(1, 'Dream it', { phase: 'dream' }),
      question(2, 'Best time', { phase: 'discover' }),
      question(3, 'Why', { phase: 'discover' }),
      question(4, 'Unplaced', { phase: null }),
    ];
    const shown = showGuide(guide({ inquiry: { ...inquiry, method: 'ai' }, questions }), { for: 'page' });
    expect(
      shown.groups.map((g) => [g.phase, g.questions.map((q) => [q.number, q.prompt, q.canMoveUp, q.canMoveDown])]),
    ).toEqual([
      [
        'discover',
        [
          [1, 'Best time', false, true],
          [2, 'Why', true, false],
        ],
      ],
      ['dream', [[3, 'Dream it', false, false]]],
      [null, [[4, 'Unplaced', false, false]]],
    ]);
  });
});
