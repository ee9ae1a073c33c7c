/** Word-level differences between versions of a story's words. */
import { describe, expect, it } from 'vitest';
import {
  diffStoryWords,
  diffText,
  parseWords,
  textOf,
  versionHistory,
  type DiffPart,
} from '../../server/stories/diff.ts';

/** The parts as a readable line: [-removed-] {+added+}. */
const show = (parts: DiffPart[]) =>
  parts.map((p) => (p.removed ? `[-${p.text}-]` : p.added ? `{+${p.text}+}` : p.text)).join('');

describe('diffText', () => {
  it('marks the words taken out and put in, keeping the rest as it was', () => {
    expect(show(diffText('The nurse came every week.', 'The nurse came every day.'))).toBe(
      'The nurse came every [-week-]{+day+}.',
    );
    expect(show(diffText('She listened.', 'She really listened.'))).toBe('She {+really +}listened.');
    expect(show(diffText('It was hard at first.', 'It was hard.'))).toBe('It was hard[- at first-].');
  });

  it('keeps line breaks and spacing, so both versions can be rebuilt exactly', () => {
    const before = 'First line.\n\nSecond  line, with   spaces.\r\nThird.';
    const after = 'First line.\nSecond line, with spaces and more.\r\nThird!';
    const parts = diffText(before, after);
    expect(textOf(parts, 'before')).toBe(before);
    expect(textOf(parts, 'after')).toBe(after);
  });

  it('treats accented words, other scripts and emoji as words', () => {
    const parts = diffText('Un café crème 👍 मेरा घर', 'Un cafe crème 👍👍 मेरा नया घर');
    expect(show(parts)).toContain('[-café-]{+cafe+}');
    expect(parts.filter((p) => p.added).map((p) => p.text.trim())).toContain('नया');
    expect(textOf(parts, 'before')).toBe('Un café crème 👍 मेरा घर');
    expect(textOf(parts, 'after')).toBe('Un cafe crème 👍👍 मेरा नया घर');
  });

  it('marks whole Arabic and Hindi words, with their marks, never single letters', () => {
    expect(show(diffText('كنت وحيدة في البيت.', 'قصة مصحّحة.'))).toBe('[-كنت-]{+قصة+} [-وحيدة في البيت-]{+مصحّحة+}.');
    expect(show(diffText('ذهبتُ إلى البيتِ مع أمّي', 'ذهبتُ إلى المدرسةِ مع أمّي'))).toBe(
      'ذهبتُ إلى [-البيتِ-]{+المدرسةِ+} مع أمّي',
    );
    expect(show(diffText('मेरा घर सुंदर है', 'मेरा नया घर सुंदर था'))).toBe('मेरा {+नया +}घर सुंदर [-है-]{+था+}');
  });

  it('gives one unchanged part for equal texts, and nothing for two empty ones', () => {
    expect(diffText('Same words.', 'Same words.')).toEqual([{ text: 'Same words.', added: false, removed: false }]);
    expect(diffText('', '')).toEqual([]);
    expect(diffText('', 'New')).toEqual([{ text: 'New', added: true, removed: false }]);
    expect(diffText('Old', '')).toEqual([{ text: 'Old', added: false, removed: true }]);
  });

  it('shows a very long, wholly rewritten text as taken out and put in, rather than taking too long', () => {
    const before = Array.from({ length: 20000 }, (_, i) => `old${i}`).join(' ');
    const after = Array.from({ length: 20000 }, (_, i) => `new${i}`).join(' ');
    const started = Date.now();
    const parts = diffText(before, after);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(textOf(parts, 'before')).toBe(before);
    expect(textOf(parts, 'after')).toBe(after);
  });
});

describe('diffStoryWords', () => {
  it('compares the title and each answer with the same question, noting answers added or taken out', () => {
    const fields = diffStoryWords(
      {
        title: 'My kitchen',
        answers: [
          { prompt: 'What changed?', value: 'I cook again.' },
          { prompt: 'Why?', value: 'Food matters.' },
          { prompt: 'Old question', value: 'Gone now.' },
        ],
      },
      {
        title: 'My kitchen back',
        answers: [
          { prompt: 'Why?', value: 'Food matters.' },
          { prompt: 'What changed?', value: 'I cook every day.' },
          { prompt: 'New question', value: 'Fresh.' },
        ],
      },
    );
    expect(fields.map((f) => [f.prompt, f.change, show(f.parts)])).toEqual([
      [null, 'changed', 'My kitchen{+ back+}'],
      ['Why?', 'unchanged', 'Food matters.'],
      ['What changed?', 'changed', 'I cook [-again-]{+every day+}.'],
      ['New question', 'added', '{+Fresh.+}'],
      ['Old question', 'removed', '[-Gone now.-]'],
    ]);
  });

  it('pairs a question asked twice by its order', () => {
    const fields = diffStoryWords(
      {
        title: 't',
        answers: [
          { prompt: 'Say more', value: 'one' },
          { prompt: 'Say more', value: 'two' },
        ],
      },
      {
        title: 't',
        answers: [
          { prompt: 'Say more', value: 'one' },
          { prompt: 'Say more', value: 'three' },
        ],
      },
    );
    expect(fields.map((f) => f.change)).toEqual(['unchanged', 'unchanged', 'changed']);
    expect(show(fields[2]!.parts)).toBe('[-two-]{+three+}');
  });
});

describe('versionHistory', () => {
  const version = (number: number, title: string, value: string, note = '') => ({
    number,
    content: JSON.stringify({ title, answers: [{ prompt: 'Story', value }] }),
    editor_name: `Editor ${number}`,
    edited_at: `2026-03-0${number}T10:00:00.000Z`,
    note,
  });

  it('lists each earlier version newest first, with what the next edit changed', () => {
    const history = versionHistory([version(1, 'A', 'one two three', 'typo'), version(2, 'A', 'one two four')], {
      title: 'B',
      answers: [{ prompt: 'Story', value: 'one two four five' }],
    });
    expect(history.map((h) => h.number)).toEqual([2, 1]);
    expect(history[1]).toMatchObject({ editorName: 'Editor 1', note: 'typo', unchanged: 1 });
    expect(history[1]!.changes.map((c) => show(c.parts))).toEqual(['one two [-three-]{+four+}']);
    // The latest earlier version is compared with the words as they are now.
    expect(history[0]!.changes.map((c) => [c.prompt, show(c.parts)])).toEqual([
      [null, '[-A-]{+B+}'],
      ['Story', 'one two four{+ five+}'],
    ]);
    expect(history[0]!.words.answers[0]!.value).toBe('one two four');
  });

  it('has nothing for a story never edited', () => {
    expect(versionHistory([], { title: 'x', answers: [] })).toEqual([]);
  });
});

describe('parseWords', () => {
  it('reads a stored version, and treats anything unreadable as empty', () => {
    expect(parseWords('{"title":"T","answers":[{"prompt":"P","value":"V"}]}')).toEqual({
      title: 'T',
      answers: [{ prompt: 'P', value: 'V' }],
    });
    expect(parseWords('not json')).toEqual({ title: '', answers: [] });
    expect(parseWords('{"title":3,"answers":[null,{"prompt":"P"}]}')).toEqual({ title: '', answers: [] });
  });
});
