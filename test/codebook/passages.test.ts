/** Passages: finding typed words in an answer, marking them on the story page, and keeping them when words are edited. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOccurrences, inContext, relocate, segments } from '../../server/codebook/passages.ts';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import type { Tag } from '../../server/db/schema.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { editStory, makeStory } from '../helpers/stories.ts';
import {
  auditSince,
  expectGuarded,
  makeTag,
  storyTagsOf,
  tagState,
  tagWorld,
  WORDS,
  type TagWorld,
} from './tagging-fixture.ts';

describe('finding passages (plain logic)', () => {
  const text = 'Every Tuesday we met.\nEvery Tuesday I knew (at last) where to go.';

  it('finds each place the words occur, spaces and line breaks matching any other', () => {
    expect(findOccurrences(text, 'Every Tuesday')).toEqual([
      { start: 0, end: 13 },
      { start: 22, end: 35 },
    ]);
    expect(findOccurrences(text, '  met.  Every\r\nTuesday ')).toEqual([{ start: 17, end: 35 }]);
    expect(findOccurrences(text, 'knew (at last)')).toEqual([{ start: 38, end: 52 }]);
    expect(findOccurrences(text, 'every tuesday')).toEqual([]); // exact: case matters
    expect(findOccurrences(text, '   ')).toEqual([]);
    expect(findOccurrences('aaaa', 'aa')).toEqual([
      { start: 0, end: 2 },
      { start: 1, end: 3 },
      { start: 2, end: 4 },
    ]);
  });

  it('shows a little context either side, cut at a space', () => {
    const long = 'one two three four five six seven eight nine ten eleven twelve thirteen';
    const [span] = findOccurrences(long, 'seven');
    expect(inContext(long, span!, 12)).toEqual({ before: '…five six ', words: 'seven', after: ' eight nine…' });
    expect(inContext(text, { start: 0, end: 5 })).toEqual({
      before: '',
      words: 'Every',
      after: ' Tuesday we met.\nEvery Tuesday I knew…',
    });
  });

  it('cuts text into plain and marked pieces, overlapping and nested passages too, losing nothing', () => {
    const words = 'abcdefghij';
    expect(segments(words, [])).toEqual([{ text: words, marked: false, overlap: false }]);
    const pieces = segments(words, [
      { start: 1, end: 5 },
      { start: 3, end: 7 },
      { start: 4, end: 5 },
      { start: 8, end: 20 }, // outside the text: ignored
    ]);
    expect(pieces).toEqual([
      { text: 'a', marked: false, overlap: false },
      { text: 'bc', marked: true, overlap: false },
      { text: 'd', marked: true, overlap: true },
      { text: 'e', marked: true, overlap: true },
      { text: 'fg', marked: true, overlap: false },
      { text: 'hij', marked: false, overlap: false },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(words);
    expect(segments(words, [{ start: 0, end: 10 }])).toEqual([{ text: words, marked: true, overlap: false }]);
  });

  it('finds a passage again after an edit: in place, nearest where it was, or not at all', () => {
    expect(relocate('I knew where to go.', 'where to go', 7)).toEqual({ start: 7, end: 18 });
    expect(relocate('Then I knew where to go.', 'where to go', 7)).toEqual({ start: 12, end: 23 });
    const twice = 'go here, then go there, and go home';
    expect(relocate(twice, 'go', 12)).toEqual({ start: 14, end: 16 });
    expect(relocate(twice, 'go', 30)).toEqual({ start: 28, end: 30 });
    expect(relocate('Nothing left.', 'where to go', 7)).toBeNull();
    expect(relocate('where to go', 'where to go', null)).toEqual({ start: 0, end: 11 });
    expect(relocate('anything', '', 0)).toBeNull();
  });
});

let w: TagWorld;
let housing: Tag;
let food: Tag;
let newPassage: string;
beforeEach(async () => {
  w = await tagWorld();
  housing = await makeTag(w, 'Housing');
  food = await makeTag(w, 'Food');
  newPassage = `${w.storyPath}/passages/new?answer=0`;
});
afterEach(() => w.t.close());

const post = (fields: Record<string, string>, as = w.as.interviewer) =>
  as.post(`${w.storyPath}/passages`, { answer: '0', ...fields });
const marks = (html: string) =>
  [...html.matchAll(/<mark class="passage( passage--overlap)?">([\s\S]*?)<\/mark>/g)].map((m) =>
    m[1] ? `[[${m[2]}]]` : `[${m[2]}]`,
  );

describe('the passage page', () => {
  it('shows the answer and asks for the words, with the tag chooser; the story page links to it under each answer', async () => {
    const res = await w.as.interviewer.get(newPassage);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Tag a passage');
    expect(res.body).toContain(
      `<blockquote class="answer__words" id="passage-source" lang="en" dir="ltr">${WORDS}</blockquote>`,
    );
    expect(res.body).toContain('<label for="field-words">The words to tag, exactly as in the story</label>');
    expect(res.body).toContain('<label for="field-tagId">A tag from the codebook</label>');
    expect(res.body).toContain('<script src="/static/js/passage.js"');
    expect(res.body).toMatch(/<p class="hint" id="passage-select-note" hidden>/);
    const story = await w.as.interviewer.get(w.storyPath);
    expect(story.body).toContain(`href="${w.storyPath}/passages/new?answer=0"`);
    expect(story.body).toContain(`href="${w.storyPath}/passages/new?answer=1"`);
  });

  it('is not found for an answer that is not words, or is not there', async () => {
    for (const answer of ['7', 'x', '', '-1'])
      expect((await w.as.interviewer.get(`${w.storyPath}/passages/new?answer=${answer}`)).statusCode, answer).toBe(404);
    expect((await w.as.interviewer.get(`${w.storyPath}/passages/new`)).statusCode).toBe(404);
    const before = await tagState(w.t.db);
    expect((await post({ answer: '9', words: 'food bank', tagId: String(food.id) })).statusCode).toBe(404);
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('is refused to readers, the signed out and other alliances', async () => {
    await expectGuarded(w, 'get', newPassage, ['reader']);
    await expectGuarded(w, 'post', `${w.storyPath}/passages`, ['reader'], {
      answer: '0',
      words: 'food bank',
      tagId: String(food.id),
    });
  });
});

describe('tagging a passage by its words', () => {
  it('finds the words, keeps where they are and what they say, and marks them on the story page', async () => {
    const before = await tagState(w.t.db);
    await w.as.interviewer.get(newPassage);
    const res = await post({ words: ' food bank ', tagId: String(food.id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.storyPath}#passages-0`);
    expect(await storyTagsOf(w.t.db, w.story.id)).toEqual([
      { id: expect.any(Number), name: 'Food', answer_position: 0, start_offset: 4, end_offset: 13, quote: 'food bank' },
    ]);
    expect(await auditSince(w.t.db, before)).toEqual(['tag.passage_tagged']);
    const audit = await w.t.db
      .selectFrom('audit_events')
      .select('detail')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.detail).not.toContain('food bank'); // the audit trail holds no story text

    const page = await w.as.interviewer.get(w.storyPath);
    expect(flash(page.body)).toBe('Passage tagged.');
    expect(page.body).toContain(
      '<blockquote class="answer__words" lang="en" dir="ltr">The <mark class="passage">food bank</mark> and the housing team',
    );
    const under = /<div class="answer__tags" id="passages-0">([\s\S]*?)<\/div>/.exec(page.body)![1]!;
    expect(visibleText(under)).toContain('Tagged passages in this answer: food bank — Food Remove tag Food');
  });

  it('matches a pasted selection whose line breaks became spaces, and makes a new tag by name', async () => {
    const story = await makeStory(w.t.db, w.inquiry, { words: 'First line ends here\nand the second begins.' });
    const res = await w.as.interviewer.post(`${w.a}/stories/${story.id}/passages`, {
      answer: '0',
      words: 'ends here and the second',
      newTag: 'Turning point',
    });
    expect(res.statusCode).toBe(303);
    expect(await storyTagsOf(w.t.db, story.id)).toEqual([
      {
        id: expect.any(Number),
        name: 'Turning point',
        answer_position: 0,
        start_offset: 11,
        end_offset: 35,
        quote: 'ends here\nand the second',
      },
    ]);
  });

  it('says when the words are not in the answer, keeping what was typed and writing nothing', async () => {
    const before = await tagState(w.t.db);
    const res = await post({ words: 'the Food Bank', tagId: String(food.id) });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'words')).toBe(
      'These words are not in this answer exactly as typed: check the spelling and punctuation, or copy them from the answer.',
    );
    expect(res.body).toContain('the Food Bank</textarea>');
    expect(res.body).toContain(`<option value="${food.id}" selected>Food</option>`);
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('asks which one when the words occur more than once, showing each in context, then tags the one chosen', async () => {
    const before = await tagState(w.t.db);
    const res = await post({ words: 'Tuesday', newTag: 'Routine' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'occurrence')).toBe('These words appear more than once: choose which one you mean.');
    expect(visibleText(res.body)).toContain('These words appear 2 times in this answer. Which one do you mean?');
    const choices = [
      ...res.body.matchAll(
        /<input type="radio" id="[^"]+" name="occurrence" value="(\d+)">\s*<label[^>]*>([\s\S]*?)<\/label>/g,
      ),
    ].map((m) => [m[1], m[2]]);
    const [first, second] = [WORDS.indexOf('Tuesday'), WORDS.lastIndexOf('Tuesday')];
    expect(choices.map((c) => c[0])).toEqual([String(first), String(second)]);
    // The words are marked, and named for screen readers, which do not announce a <mark>.
    const here =
      '<mark class="passage"><span class="visually-hidden">[these words: </span>Tuesday<span class="visually-hidden">]</span></mark>';
    expect(choices[0]![1]).toBe(`…bank and the housing team met every ${here}. Every Tuesday I knew where to go, and…`);
    expect(choices[1]![1]).toBe(
      `…housing team met every Tuesday. Every ${here} I knew where to go, and the damp flat…`,
    );
    expect(res.body).toContain('Tuesday</textarea>');
    expect(res.body).toContain('Routine"');
    expect(await tagState(w.t.db)).toEqual(before);

    const chosen = await post({ words: 'Tuesday', newTag: 'Routine', occurrence: String(second) });
    expect(chosen.statusCode).toBe(303);
    expect(await storyTagsOf(w.t.db, w.story.id)).toEqual([
      {
        id: expect.any(Number),
        name: 'Routine',
        answer_position: 0,
        start_offset: second,
        end_offset: second + 7,
        quote: 'Tuesday',
      },
    ]);
  });

  it('refuses an occurrence that is not one of them, no words, no tag, and the same passage and tag twice', async () => {
    await tagStory(
      w.t.db,
      w.people.coordinator,
      w.inquiry,
      w.story,
      { tag: food },
      { answerPosition: 0, start: 4, end: 13, quote: 'food bank' },
    );
    const before = await tagState(w.t.db);
    const wrong = await post({ words: 'Tuesday', tagId: String(food.id), occurrence: '3' });
    expect(wrong.statusCode).toBe(422);
    expect(fieldError(wrong.body, 'occurrence')).toBe('These words appear more than once: choose which one you mean.');
    const empty = await post({ words: '  ', tagId: '' });
    expect(empty.statusCode).toBe(422);
    expect(fieldError(empty.body, 'words')).toBe('Type or paste the words to tag (up to 20,000 characters).');
    expect(fieldError(empty.body, 'tagId')).toBe('Choose a tag, or type a new one’s name.');
    const twice = await post({ words: 'food bank', tagId: String(food.id) });
    expect(twice.statusCode).toBe(422);
    expect(visibleText(twice.body)).toContain('This passage already has that tag.');
    expect(await tagState(w.t.db)).toEqual(before);
    // The same words with another tag are fine.
    expect((await post({ words: 'food bank', tagId: String(housing.id) })).statusCode).toBe(303);
  });
});

describe('passages on the story page', () => {
  it('marks overlapping passages, escaping the words, and lists the tags under the answer', async () => {
    const words = 'She said <b>"enough"</b> & we <script>listened</script> at last.';
    const story = await makeStory(w.t.db, w.inquiry, { words });
    const by = w.people.coordinator;
    const at = (part: string) => ({
      answerPosition: 0,
      start: words.indexOf(part),
      end: words.indexOf(part) + part.length,
      quote: part,
    });
    await tagStory(w.t.db, by, w.inquiry, story, { tag: housing }, at('<b>"enough"</b> & we'));
    await tagStory(w.t.db, by, w.inquiry, story, { tag: food }, at('& we <script>listened'));
    const page = (await w.as.coordinator.get(`${w.a}/stories/${story.id}`)).body;
    expect(page).not.toContain('<script>listened');
    expect(page).not.toContain('<b>"enough"');
    expect(marks(page)).toEqual([
      '[&lt;b&gt;&quot;enough&quot;&lt;/b&gt; ]',
      '[[&amp; we]]',
      '[ &lt;script&gt;listened]',
    ]);
    expect(await htmlErrors(page)).toEqual([]);
  });
});

describe('keeping passages attached when the words are edited', () => {
  it('moves a passage with its words, detaches it when they are gone, and attaches it again when they are back', async () => {
    const by = w.people.coordinator;
    await tagStory(
      w.t.db,
      by,
      w.inquiry,
      w.story,
      { tag: food },
      { answerPosition: 0, start: 4, end: 13, quote: 'food bank' },
    );
    await tagStory(
      w.t.db,
      by,
      w.inquiry,
      w.story,
      { tag: housing },
      { answerPosition: 0, start: WORDS.indexOf('damp flat'), end: WORDS.indexOf('damp flat') + 9, quote: 'damp flat' },
    );
    const place = async () =>
      (await storyTagsOf(w.t.db, w.story.id)).map((r) => [r.name, r.start_offset, r.end_offset, r.quote]);

    let story = await editStory(w.t.db, w.story, by, { words: `Last spring, ${WORDS}` });
    expect(await place()).toEqual([
      ['Food', 17, 26, 'food bank'],
      ['Housing', 13 + WORDS.indexOf('damp flat'), 22 + WORDS.indexOf('damp flat'), 'damp flat'],
    ]);
    let page = (await w.as.coordinator.get(w.storyPath)).body;
    expect(marks(page)).toEqual(['[food bank]', '[damp flat]']);

    const edited = 'Last spring, the pantry and the housing team met. The damp flat got fixed.';
    story = await editStory(w.t.db, story, by, { words: edited });
    expect(await place()).toEqual([
      ['Food', null, null, 'food bank'],
      ['Housing', edited.indexOf('damp flat'), edited.indexOf('damp flat') + 9, 'damp flat'],
    ]);
    page = (await w.as.coordinator.get(w.storyPath)).body;
    expect(marks(page)).toEqual(['[damp flat]']);
    const section = /<section id="tags"[\s\S]*?<\/section>/.exec(page)![0];
    expect(visibleText(section)).toContain(
      'These tagged passages could not be found after the story’s words were edited',
    );
    expect(visibleText(section)).toContain('food bank — Food Remove tag Food');
    // The codebook still counts the story, and the tag's page keeps the quote, marked as detached.
    expect(visibleText((await w.as.coordinator.get(`${w.codebook}/${food.id}`)).body)).toContain(
      'food bank (could not be found after the words were edited)',
    );

    await editStory(w.t.db, story, by, { words: 'The food bank came back. The damp flat got fixed.' });
    expect(await place()).toEqual([
      ['Food', 4, 13, 'food bank'],
      ['Housing', 29, 38, 'damp flat'],
    ]);
  });
});

describe('passage pages are valid HTML', () => {
  it('asking, with messages, and choosing between occurrences', async () => {
    const pages = {
      ask: (await w.as.interviewer.get(newPassage)).body,
      notFound: (await post({ words: 'nowhere', tagId: '' })).body,
      which: (await post({ words: 'Tuesday', tagId: String(food.id) })).body,
    };
    for (const [name, html] of Object.entries(pages)) expect(await htmlErrors(html), name).toEqual([]);
  });
});
