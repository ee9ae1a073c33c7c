/** The guide editor: questions the teller answers about their own story, the ready set, and what it refuses. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { createInquiry } from '../../server/inquiries/inquiries-store.ts';
import { fieldError, fieldValue, flash, visibleText } from '../helpers/pages.ts';
import { validInterview } from '../helpers/interviews.ts';
import { guideSnapshot } from '../inquiries/setup.ts';
import { makeSignWorld, type SignWorld } from './setup.ts';

let w: SignWorld;
beforeEach(async () => (w = await makeSignWorld(false)));
afterEach(() => w.t.close());

const guideNow = async () => (await loadGuide(w.t.db, w.guide.inquiry)).questions;

describe('the ready set', () => {
  it('is offered with one button and adds five questions about the story at the end of the guide', async () => {
    const page = await w.coordinator.get(w.inquiryPath);
    expect(visibleText(page.body)).toContain('Add the ready set of questions about the story');
    const before = (await guideNow()).length;
    const res = await w.coordinator.post(`${w.inquiryPath}/questions/ready-set`);
    expect(res.statusCode).toBe(303);
    const questions = await guideNow();
    const added = questions.slice(before);
    expect(added.map((q) => [q.kind, q.prompt, JSON.parse(q.options), q.about_story])).toEqual([
      ['slider', 'How do you feel about this story?', ['Very bad', 'Very good'], 1],
      [
        'single',
        'How long ago did this happen?',
        ['In the last month', 'One to six months ago', 'Six months to a year ago', 'More than a year ago'],
        1,
      ],
      ['slider', 'How much did this change things?', ['Not at all', 'Completely'], 1],
      [
        'multiple',
        'Who should hear this story?',
        ['People like me', 'Workers and volunteers', 'Managers', 'Funders and commissioners', 'Everyone'],
        1,
      ],
      [
        'single',
        'Is this story mostly about a person, a service or a community?',
        ['A person', 'A service', 'A community'],
        1,
      ],
    ]);
    const after = await w.coordinator.get(w.inquiryPath);
    expect(flash(after.body)).toBe('The ready set of questions about the story was added at the end of the guide.');
    const text = visibleText(after.body);
    expect(text).toContain(
      'How do you feel about this story? Slider between two ends, with “does not apply” · about their own story Very bad ↔ Very good',
    );
    // Once the guide asks about the story, the button is not offered again.
    expect(text).not.toContain('Add the ready set of questions about the story');
  });

  it('is offered in every template, in the language the questions are asked in', async () => {
    for (const method of ['ai', 'custom'] as const) {
      const inquiry = await createInquiry(w.t.db, w.people.coordinator, w.people.alliance.id, {
        title: method,
        method,
      });
      const path = `${w.base}/inquiries/${inquiry.id}`;
      expect(visibleText((await w.coordinator.get(path)).body)).toContain('Add the ready set');
      expect((await w.coordinator.post(`${path}/questions/ready-set`)).statusCode).toBe(303);
      const questions = (await loadGuide(w.t.db, inquiry)).questions.filter((q) => q.about_story);
      expect(questions).toHaveLength(5);
      // Appreciative Inquiry asks them after its four phases: they are about the whole story.
      if (method === 'ai') expect(new Set(questions.map((q) => q.phase))).toEqual(new Set([null]));
    }
    const es = await createInquiry(w.t.db, w.people.coordinator, w.people.alliance.id, {
      title: 'Cambios',
      method: 'msc',
      language: 'es',
    });
    await w.coordinator.post(`${w.base}/inquiries/${es.id}/questions/ready-set`);
    const spanish = (await loadGuide(w.t.db, es)).questions.filter((q) => q.about_story);
    const form = visibleText((await w.interviewer.get(`${w.base}/inquiries/${es.id}/interviews/new`)).body);
    expect(form).toContain('¿Cómo se siente usted con esta historia?');
    expect(form).toContain('Muy mal');
    expect(spanish[0]).toMatchObject({
      prompt: '¿Cómo se siente usted con esta historia?',
      options: '["Muy mal","Muy bien"]',
    });
  });
});

describe('adding a question about the story', () => {
  it('adds a slider with its two ends, and a choice marked as about the story', async () => {
    const res = await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'slider',
      prompt: 'How safe did you feel?',
      low: ' Not safe at all ',
      high: 'Completely safe',
      required: 'yes',
    });
    expect(res.statusCode).toBe(303);
    const slider = (await guideNow()).at(-1)!;
    expect(slider).toMatchObject({
      kind: 'slider',
      options: '["Not safe at all","Completely safe"]',
      about_story: 1,
      required: 1,
    });
    // Editing shows the ends again.
    const edit = await w.coordinator.get(`${w.inquiryPath}/questions/${slider.id}`);
    expect(fieldValue(edit.body, 'low')).toBe('Not safe at all');
    expect(fieldValue(edit.body, 'high')).toBe('Completely safe');

    await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'single',
      prompt: 'Where did it happen?',
      options: 'At home\nAt a service',
      aboutStory: 'yes',
    });
    expect((await guideNow()).at(-1)).toMatchObject({ kind: 'single', about_story: 1 });
    await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'long',
      prompt: 'Anything else?',
      aboutStory: 'yes',
    });
    expect((await guideNow()).at(-1)).toMatchObject({ kind: 'long', about_story: 0 }); // only choices and sliders are
  });

  it('refuses a slider without two different ends, and a choice of one option, keeping what was typed', async () => {
    const before = await guideSnapshot(w.t.db);
    const same = await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'slider',
      prompt: 'How was it?',
      low: 'Good',
      high: 'good',
    });
    expect(same.statusCode).toBe(422);
    expect(fieldError(same.body, 'high')).toBe('The two ends must say different things.');
    expect(fieldValue(same.body, 'low')).toBe('Good');
    const missing = await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'slider',
      prompt: 'How was it?',
      high: 'Great',
    });
    expect(missing.statusCode).toBe(422);
    expect(fieldError(missing.body, 'low')).toBe('Write the words for this end of the slider.');
    const one = await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'single',
      prompt: 'Which?',
      options: 'Only this',
      aboutStory: 'yes',
    });
    expect(one.statusCode).toBe(422);
    expect(fieldError(one.body, 'options')).toMatch(/at least two/i);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('takes a choice of 200 places, asked as a list box rather than 200 buttons', async () => {
    const places = Array.from({ length: 200 }, (_, i) => `Place ${i + 1}`);
    const res = await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'multiple',
      prompt: 'Where did it happen?',
      options: places.join('\n'),
      aboutStory: 'yes',
    });
    expect(res.statusCode).toBe(303);
    const q = (await guideNow()).at(-1)!;
    expect(JSON.parse(q.options)).toHaveLength(200);
    const form = await w.interviewer.get(`${w.inquiryPath}/interviews/new`);
    expect(form.body).toContain(`<select id="field-q${q.id}" name="q${q.id}" multiple size="10"`);
    expect(form.body).not.toContain(`type="checkbox" id="field-q${q.id}-0"`);
    expect(form.body).toMatch(/<option value="Place 200" lang="en" dir="ltr">Place 200<\/option>/);
    const told = await w.interviewer.submit(
      `${w.inquiryPath}/interviews/new`,
      `${w.inquiryPath}/interviews`,
      validInterview(await loadGuide(w.t.db, w.guide.inquiry), { [`q${q.id}`]: ['Place 7', 'Place 200'] }),
    );
    expect(told.statusCode).toBe(303);
    const answer = await w.t.db
      .selectFrom('story_answers')
      .selectAll()
      .where('question_id', '=', q.id)
      .executeTakeFirstOrThrow();
    expect(answer.value).toBe('["Place 7","Place 200"]');
    const tooMany = await w.coordinator.post(`${w.inquiryPath}/questions/new`, {
      kind: 'single',
      prompt: 'Where?',
      options: [...places, 'Place 201'].join('\n'),
    });
    expect(tooMany.statusCode).toBe(422);
  });

  it('moves and removes a question about the story like any other', async () => {
    await w.coordinator.post(`${w.inquiryPath}/questions/ready-set`);
    let questions = await guideNow();
    const feel = questions.find((q) => q.kind === 'slider')!;
    const at = questions.indexOf(feel);
    expect(
      (await w.coordinator.post(`${w.inquiryPath}/questions/${feel.id}/move`, { direction: 'down' })).statusCode,
    ).toBe(303);
    questions = await guideNow();
    expect(questions.findIndex((q) => q.id === feel.id)).toBe(at + 1);
    expect((await w.coordinator.post(`${w.inquiryPath}/questions/${feel.id}/remove`)).statusCode).toBe(303);
    expect((await guideNow()).some((q) => q.id === feel.id)).toBe(false);
  });
});
