/**
 * A guide asks nothing twice: one story text, one title, one why; no two questions with the same words; and the
 * ready set adds only what the guide does not ask yet.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { fieldError, fieldValue, flash, visibleText } from '../helpers/pages.ts';
import { guideSnapshot, makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

const STORY = 'Looking back over the last [period], what do you think was the most significant change in [domain]?';

describe('questions a guide has only one of', () => {
  it('refuses a second story text, title or why, naming the question already there', async () => {
    const before = await guideSnapshot(w.t.db);
    const cases = [
      ['story', 'Tell me another story.', `This guide already asks for the story text: “${STORY}”.`],
      [
        'title',
        'Give it a name',
        'This guide already asks for the story’s title: “What title would you give your story?”. The story takes its title from that question; change it instead.',
      ],
      [
        'why',
        'Why does it matter?',
        'This guide already asks why the story is significant: “Why is this significant to you?”.',
      ],
    ] as const;
    for (const [kind, prompt, message] of cases) {
      const res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, { kind, prompt, help: 'Kept' });
      expect(res.statusCode, kind).toBe(422);
      expect(fieldError(res.body, 'kind'), kind).toContain(message);
      expect(res.body).toContain(`<a href="#field-kind">${message}`);
      expect(res.body).toMatch(new RegExp(`value="${kind}" aria-describedby="kind-${kind}-hint" checked`));
      expect(res.body).toContain(`>\n${prompt}</textarea>`);
    }
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('refuses changing another question into a second title, but lets a question keep its own kind and words', async () => {
    const guide = await loadGuide(w.t.db, w.msc);
    const story = guide.questions.find((q) => q.kind === 'story')!;
    const other = guide.questions.find((q) => q.kind === 'long')!;
    const refused = await w.as.coordinator.post(`${w.mscPath}/questions/${other.id}`, {
      kind: 'title',
      prompt: other.prompt,
    });
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'kind')).toContain('“What title would you give your story?”');
    const kept = await w.as.coordinator.post(`${w.mscPath}/questions/${story.id}`, {
      kind: 'story',
      prompt: story.prompt,
      help: 'New help only',
      required: 'yes',
    });
    expect(kept.statusCode).toBe(303);
    expect((await loadGuide(w.t.db, w.msc)).questions.find((q) => q.id === story.id)!.help).toBe('New help only');
  });

  it('reports a repeat together with the form’s other problems', async () => {
    const res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, {
      kind: 'title',
      prompt: 'x'.repeat(1001),
    });
    expect(fieldError(res.body, 'kind')).toContain('already asks for the story’s title');
    expect(fieldError(res.body, 'prompt')).toBe('Enter the question (up to 1,000 characters).');
  });
});

describe('questions with the same words', () => {
  it('refuses a question worded like one already in the guide, whatever the case or spacing', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, {
      kind: 'long',
      prompt: '  what difference has it made,   or will it make in the FUTURE? ',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'prompt')).toBe(
      'This guide already has a question with these words. Word this one differently, or change that question instead.',
    );
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('refuses a second storyteller question with the same label, and lets one keep its own', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/attributes/new`, { label: ' PLACE ', kind: 'short' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'label')).toBe(
      'This inquiry already asks the storyteller this. Word this one differently, or change that question instead.',
    );
    expect(fieldValue(res.body, 'label')).toBe(' PLACE ');
    // Reported with the form's other problems, not after them.
    const both = await w.as.coordinator.post(`${w.mscPath}/attributes/new`, { label: 'place', kind: 'paragraph' });
    expect(fieldError(both.body, 'label')).toContain('already asks the storyteller this');
    expect(fieldError(both.body, 'kind')).toBe('Choose single choice or short text.');
    expect(await guideSnapshot(w.t.db)).toEqual(before);

    const place = (await loadGuide(w.t.db, w.msc)).attributes.find((a) => a.label === 'Place')!;
    const kept = await w.as.coordinator.post(`${w.mscPath}/attributes/${place.id}`, { label: 'Place', kind: 'short' });
    expect(kept.statusCode).toBe(303);
  });
});

describe('the ready set after questions of the coordinator’s own', () => {
  const button = (html: string) => /<button[^>]*aria-describedby="ready-set-hint">([^<]*)<\/button>/.exec(html)?.[1];

  it('stays offered, adding only the ready-made questions not yet in the guide, and says how many', async () => {
    const c = w.as.coordinator;
    expect(button((await c.get(w.mscPath)).body)).toBe(
      'Add the ready set of questions about the story: 5 questions not yet in the guide',
    );
    await c.post(`${w.mscPath}/questions/new`, {
      kind: 'single',
      prompt: 'Where did it happen?',
      options: 'At home\nAt a service',
      aboutStory: 'yes',
    });
    await c.post(`${w.mscPath}/questions/new`, {
      kind: 'slider',
      prompt: 'how do you feel about this story?',
      low: 'Bad',
      high: 'Good',
    });
    expect(button((await c.get(w.mscPath)).body)).toBe(
      'Add the ready set of questions about the story: 4 questions not yet in the guide',
    );

    const before = (await loadGuide(w.t.db, w.msc)).questions.length;
    expect((await c.post(`${w.mscPath}/questions/ready-set`)).statusCode).toBe(303);
    const prompts = (await loadGuide(w.t.db, w.msc)).questions.map((q) => q.prompt);
    expect(prompts.slice(before)).toEqual([
      'How long ago did this happen?',
      'How much did this change things?',
      'Who should hear this story?',
      'Is this story mostly about a person, a service or a community?',
    ]);
    expect(prompts.filter((p) => /how do you feel about this story/i.test(p))).toHaveLength(1);

    const page = await c.get(w.mscPath);
    expect(flash(page.body)).toBe(
      'The questions of the ready set that were not yet in the guide were added at the end of it.',
    );
    expect(button(page.body)).toBeUndefined();
    expect(visibleText(page.body)).toContain(
      'Every question of the ready set about the story is already in the guide.',
    );

    // Sent again (a second click), it adds nothing and says so.
    const again = await c.post(`${w.mscPath}/questions/ready-set`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`${w.mscPath}#guide`);
    expect((await loadGuide(w.t.db, w.msc)).questions).toHaveLength(prompts.length);
    expect(flash((await c.get(w.mscPath)).body)).toBe(
      'Every question of the ready set about the story is already in the guide, so nothing was added.',
    );
  });

  it('counts in the language of the page', async () => {
    await w.as.coordinator.post(`${w.mscPath}/questions/new`, {
      kind: 'multiple',
      prompt: 'Who should hear this story?',
      options: 'Me\nYou',
      aboutStory: 'yes',
    });
    await w.t.db.updateTable('users').set({ language: 'fr' }).where('id', '=', w.people.coordinator.id).execute();
    const fr = await w.as.coordinator.get(w.mscPath);
    expect(button(fr.body)).toBe(
      'Ajouter la série toute prête de questions sur le récit\u202f: 4 questions pas encore dans le guide',
    );
  });
});
