/**
 * Meta-monitoring by kind of story, on constructed cases: the flags read as a coordinator reads them, including a
 * group chosen far more often than told (the bias toward long, fluent, success stories); small groups as counts.
 */
import { describe, expect, it } from 'vitest';
import { metaMonitoring, type Flag, type Stages } from '../../server/reports/groups.ts';
import {
  bandOf,
  bandOfLength,
  languageGrouping,
  lengthGrouping,
  significationGroupings,
  type KindCount,
  type StoryFacts,
} from '../../server/reports/story-kinds.ts';
import type { SignificationCounts, SignificationQuestion } from '../../server/stories/signification-store.ts';
import { translator } from '../../server/web/i18n.ts';

const t = translator('en');
/** A flag in the words the report shows (views/partials/reports/meta-part.hbs). */
const words = (f: Flag) =>
  t(f.key, { group: f.group, attribute: f.attribute, level: f.level, told: f.toldShare, chosen: f.chosenShare });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** 100 stories told, all read: 1–30 long, 31–50 short, 51–100 medium. */
const stories: StoryFacts[] = range(1, 100).map((id) => ({
  id,
  word_count: id <= 30 ? 600 : id <= 50 ? 80 : 250,
  language: '',
}));
const stages = (chosen: Stages['chosen']): Stages => ({ told: 100, read: new Set(range(1, 100)), chosen });

/** What the database counts of these stories (report-store.ts's storyCounts): here, a row for each. */
const counted = (facts: StoryFacts[]): KindCount[] =>
  facts.map((f) => ({ band: bandOfLength(f.word_count), language: f.language, n: 1 }));

/** A question's answers as significationCounts gives them, over these stories: here, a row for each. */
const countsOf = ({ answers, ...q }: SignificationQuestion, told: number[]): SignificationCounts => ({
  ...q,
  counts: told.flatMap((id) => (answers.has(id) ? [{ value: answers.get(id)!, n: 1 }] : [])),
});

describe('story length', () => {
  it('says in words when long stories are chosen far more often than they are told', () => {
    const { tables, flags } = metaMonitoring(
      t,
      [lengthGrouping(t, counted(stories), stories)],
      stages([
        // Level 1: 8 long of 20 (40%), not yet far more than 30%. Level 2: 7 long of 10 (70%).
        { level: 1, ids: new Set([...range(1, 8), ...range(31, 32), ...range(51, 60)]) },
        { level: 2, ids: new Set([...range(1, 7), ...range(51, 53)]) },
      ]),
    );
    const said = flags.map(words);
    expect(said).toContain(
      '“Long (400 words or more)” stories (Story length) are 30% of those told, but 70% of those chosen at level 2: chosen far more often than told.',
    );
    expect(said.filter((s) => s.includes('chosen at level 1: chosen far more'))).toEqual([]);
    expect(said).toContain('No “Short (under 150 words)” story (Story length) was chosen at level 2.');
    expect(flags.find((f) => f.kind === 'moreChosen')).toMatchObject({ group: 'Long (400 words or more)', level: 2 });
    const [table] = tables;
    expect(table!.rows.map((r) => [r.value, r.told.text, r.told.share, r.chosen.map((c) => c.text)])).toEqual([
      ['Short (under 150 words)', '20', '20%', ['2', '0']],
      ['Medium (150–399 words)', '50', '50%', ['10', '3']],
      ['Long (400 words or more)', '30', '30%', ['8', '7']],
    ]);
  });

  it('says nothing is over-chosen when a level chose fewer than 3 stories: one or two are always "all of them"', () => {
    const { flags } = metaMonitoring(
      t,
      [lengthGrouping(t, counted(stories), stories)],
      stages([{ level: 3, ids: new Set([1, 2]) }]),
    );
    expect(flags.map((f) => f.kind)).not.toContain('moreChosen');
  });

  it('says a kind of story none of which was told', () => {
    const some = stories.slice(30);
    const { flags } = metaMonitoring(t, [lengthGrouping(t, counted(some), some)], {
      told: 70,
      read: new Set(),
      chosen: [],
    });
    expect(flags.map(words)).toEqual(['No story told is “Long (400 words or more)” (Story length).']);
  });
});

describe('questions the teller answered about their own story', () => {
  const slider: SignificationQuestion = {
    questionId: 7,
    prompt: 'How do you feel about this story?',
    kind: 'slider',
    ends: ['Very bad', 'Very good'],
    // 1 and 2 low; 3–12 middle; 13–20 high; 21–24 did not answer (or "does not apply").
    answers: new Map(range(1, 20).map((id) => [id, id <= 2 ? 10 * id : id <= 12 ? 50 : 90])),
  };
  const several: SignificationQuestion = {
    questionId: 8,
    prompt: 'Who should hear this story?',
    kind: 'multiple',
    options: ['People like me', 'Managers', 'Everyone'],
    answers: new Map(range(1, 24).map((id) => [id, id <= 4 ? ['People like me', 'Managers'] : ['People like me']])),
  };
  const told = range(1, 24);

  it('shows a slider in thirds named by its ends, with "does not apply", and groups of 1 or 2 as counts only', () => {
    const { tables, flags } = metaMonitoring(t, significationGroupings(t, [countsOf(slider, told)], [slider], 24), {
      told: 24,
      read: new Set(told),
      chosen: [{ level: 1, ids: new Set([1, 3, 4, 13]) }],
    });
    expect(tables[0]!.label).toBe('How do you feel about this story?');
    expect(tables[0]!.rows.map((r) => [r.value, r.told.text, r.told.share, r.read.text])).toEqual([
      ['Low third, toward ‘Very bad’ (0–33)', 'fewer than 3', '', 'fewer than 3'],
      ['Middle third (34–66)', '10', '42%', '10'],
      ['High third, toward ‘Very good’ (67–100)', '8', '33%', '8'],
      ['Does not apply, or not answered', '4', '17%', '4'],
    ]);
    // A group of 2 is never given as a share, in a table or in words.
    for (const f of flags) expect(f.group === 'Low third, toward ‘Very bad’ (0–33)' && f.toldShare).toBeFalsy();
  });

  it('puts a slider answer in its third at the edges', () => {
    expect([0, 33, 34, 66, 67, 100].map(bandOf)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('counts a story under each of several answers, and says a choice nobody made', () => {
    const [grouping] = significationGroupings(t, [countsOf(several, told)], [several], 24);
    const { tables, flags } = metaMonitoring(t, [grouping!], { told: 24, read: new Set(), chosen: [] });
    expect(tables[0]!.several).toBe(true);
    expect(tables[0]!.rows.map((r) => [r.value, r.told.text])).toEqual([
      ['People like me', '24'],
      ['Managers', '4'],
      ['Everyone', '0'],
    ]);
    expect(flags.map(words)).toEqual(['No story told is “Everyone” (Who should hear this story?).']);
  });

  it('counts only the stories counted (withdrawn ones and, for funders, unshared ones are never among them)', () => {
    const [grouping] = significationGroupings(t, [countsOf(slider, range(13, 24))], [], 12);
    const { tables } = metaMonitoring(t, [grouping!], { told: 12, read: new Set(), chosen: [] });
    expect(tables[0]!.rows.map((r) => r.told.text)).toEqual(['0', '0', '8', '4']);
  });
});

describe('the language a story was told in', () => {
  it('is left out when no story records one, and named in the report’s language when some do', () => {
    expect(languageGrouping(t, 'en', counted(stories), stories)).toBeUndefined();
    const some = [
      { id: 1, word_count: 100, language: 'es' },
      { id: 2, word_count: 100, language: 'en' },
      { id: 3, word_count: 100, language: '' },
    ];
    expect(languageGrouping(t, 'en', counted(some), some)!.groups).toEqual([
      'English',
      'Spanish',
      'Language not recorded',
    ]);
    expect(languageGrouping(translator('es'), 'es', counted(some), some)!.groups).toEqual([
      'español',
      'inglés',
      'Idioma no registrado',
    ]);
  });
});
