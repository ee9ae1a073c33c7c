/** The interview guide's questions: add, change, move, remove — and stories already told keep the question as asked. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { createStory } from '../../server/stories/store.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { auditSince, guideSnapshot, makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

const prompts = async (inquiry = w.msc) => (await loadGuide(w.t.db, inquiry)).questions.map((q) => q.prompt);

describe('adding a question', () => {
  it('lists every kind by a name people use, and adds a choice question at the end', async () => {
    const form = await w.as.coordinator.get(`${w.mscPath}/questions/new`);
    expect(heading(form.body)).toBe('Add a question');
    const text = visibleText(form.body);
    for (const name of [
      'Story text',
      'Title of the story',
      'Why it is significant',
      'Short text',
      'Long text',
      'Single choice',
      'Multiple choice',
      'Scale from 0 to 100, with “does not apply”',
      'Date',
    ]) {
      expect(text).toContain(name);
    }
    expect(form.body).not.toContain('field-phase'); // only Appreciative Inquiry has phases

    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, {
      kind: 'multiple',
      prompt: 'Which services helped?',
      help: 'Read the list out.',
      required: 'yes',
      options: 'Housing\r\n\r\n  Health  \r\nSchool\r\n',
    });
    expect(res.statusCode).toBe(303);
    const added = (await loadGuide(w.t.db, w.msc)).questions.at(-1)!;
    expect(res.headers.location).toBe(`${w.mscPath}#question-${added.id}`);
    expect(added).toMatchObject({
      kind: 'multiple',
      prompt: 'Which services helped?',
      help: 'Read the list out.',
      required: 1,
      options: '["Housing","Health","School"]',
      phase: null,
    });
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toBe('Question added to the interview guide.');
    expect(visibleText(page.body)).toContain(
      'Which services helped? Multiple choice · required Read the list out. Housing Health School',
    );
    expect(await auditSince(w.t.db, before)).toEqual(['question.added']);
  });

  it('ignores choices for a kind that has none, and stores a question that is not required', async () => {
    expect(
      (await w.as.coordinator.post(`${w.mscPath}/questions/new`, { kind: 'short', prompt: 'Where?', options: 'a\nb' }))
        .statusCode,
    ).toBe(303);
    expect((await loadGuide(w.t.db, w.msc)).questions.at(-1)).toMatchObject({
      kind: 'short',
      required: 0,
      options: '[]',
    });
  });

  it('asks for the question, a kind and at least two distinct choices, keeping what was typed', async () => {
    const before = await guideSnapshot(w.t.db);
    let res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, { prompt: '', help: 'Kept help' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'prompt')).toBe('Enter the question (up to 1,000 characters).');
    expect(fieldError(res.body, 'kind')).toBe('Choose the kind of answer.');
    expect(res.body).toContain('>\nKept help</textarea>');

    res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, {
      kind: 'single',
      prompt: 'Pick one',
      options: 'Only one',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'options')).toBe('List at least two choices, one per line.');
    expect(res.body).toMatch(/value="single" aria-describedby="kind-single-hint" checked/);
    expect(res.body).toContain('>\nPick one</textarea>');

    res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, {
      kind: 'single',
      prompt: 'Pick one',
      options: 'Yes\nyes',
    });
    expect(fieldError(res.body, 'options')).toBe('Each choice can be listed only once.');
    res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, { kind: 'essay', prompt: 'Pick one' });
    expect(fieldError(res.body, 'kind')).toBe('Choose the kind of answer.');
    res = await w.as.coordinator.post(`${w.mscPath}/questions/new`, { kind: 'long', prompt: 'x'.repeat(1001) });
    expect(fieldError(res.body, 'prompt')).toBe('Enter the question (up to 1,000 characters).');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('asks for the phase of an Appreciative Inquiry question, and puts it at the end of that phase', async () => {
    const form = await w.as.coordinator.get(`${w.aiPath}/questions/new`);
    expect(form.body).toContain('<select id="field-phase" name="phase"');
    const before = await guideSnapshot(w.t.db);
    const missing = await w.as.coordinator.post(`${w.aiPath}/questions/new`, {
      kind: 'long',
      prompt: 'Who else was there?',
    });
    expect(missing.statusCode).toBe(422);
    expect(fieldError(missing.body, 'phase')).toBe(
      'Choose the phase this question belongs to: Discover, Dream, Design or Deliver.',
    );
    expect(await guideSnapshot(w.t.db)).toEqual(before);

    expect(
      (
        await w.as.coordinator.post(`${w.aiPath}/questions/new`, {
          kind: 'long',
          prompt: 'Who else was there?',
          phase: 'discover',
        })
      ).statusCode,
    ).toBe(303);
    const guide = await loadGuide(w.t.db, w.ai);
    expect(guide.questions.map((q) => q.phase)).toEqual([
      'discover',
      'discover',
      'discover',
      'discover',
      'dream',
      'design',
      'deliver',
    ]);
    expect(guide.questions[3]!.prompt).toBe('Who else was there?');
    const text = visibleText((await w.as.coordinator.get(w.aiPath)).body);
    expect(text.indexOf('Who else was there?')).toBeLessThan(text.indexOf('Dream — what could be'));
  });
});

describe('changing a question', () => {
  it('shows the question as it stands, and says stories keep the question as asked', async () => {
    const q = (await loadGuide(w.t.db, w.msc)).questions[0]!;
    const form = await w.as.coordinator.get(`${w.mscPath}/questions/${q.id}`);
    expect(heading(form.body)).toBe('Change a question');
    expect(form.body).toContain(`>\n${q.prompt}</textarea>`);
    expect(form.body).toMatch(/value="story" aria-describedby="kind-story-hint" checked/);
    expect(form.body).toMatch(/name="required" value="yes" checked/);
    expect(visibleText(form.body)).toContain('Changing or removing a question never changes a story already told');
  });

  it('changes the prompt for interviews from now on; a story already told keeps the question as it was asked', async () => {
    const guide = await loadGuide(w.t.db, w.msc);
    const q = guide.questions[0]!;
    const asked =
      'Looking back over the last six months, what do you think was the most significant change in changes in people’s lives?';
    const { story } = await createStory(
      w.t.db,
      w.people.interviewer,
      w.msc,
      {
        domainId: guide.domains[0]!.id,
        title: 'A new home',
        language: 'en',
        storyteller: 'T',
        partnerId: null,
        toldOn: null,
        toldWhere: '',
        consent: {
          panels: true,
          packs: true,
          quotes: true,
          funders: true,
          publish: true,
          anonymous: false,
          how: null,
          on: null,
        },
        answers: [{ questionId: q.id, kind: 'story', prompt: asked, value: 'We found a home.' }],
        attributes: [],
      },
      { status: 'recorded', route: 'interview', interviewerId: w.people.interviewer.id },
    );
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/questions/${q.id}`, {
      kind: 'story',
      prompt: 'What changed most for you over the last [period]?',
      required: 'yes',
    });
    expect(res.statusCode).toBe(303);
    expect(flash((await w.as.coordinator.get(w.mscPath)).body)).toBe(
      'Question saved. Stories already told keep the question as it was asked.',
    );
    expect((await prompts())[0]).toBe('What changed most for you over the last [period]?');
    const answers = await w.t.db
      .selectFrom('story_answers')
      .select(['question_id', 'prompt', 'value'])
      .where('story_id', '=', story.id)
      .execute();
    expect(answers).toEqual([{ question_id: q.id, prompt: asked, value: 'We found a home.' }]);
    expect(await auditSince(w.t.db, before)).toEqual(['question.changed']);

    // Removing it leaves the answer too.
    await w.as.coordinator.post(`${w.mscPath}/questions/${q.id}/remove`);
    expect(
      await w.t.db
        .selectFrom('story_answers')
        .select(['question_id', 'prompt', 'value'])
        .where('story_id', '=', story.id)
        .execute(),
    ).toEqual(answers);
  });

  it('moves an Appreciative Inquiry question to the end of its new phase', async () => {
    const q = (await loadGuide(w.t.db, w.ai)).questions.find((x) => x.phase === 'dream')!;
    expect(
      (
        await w.as.coordinator.post(`${w.aiPath}/questions/${q.id}`, {
          kind: 'long',
          prompt: q.prompt,
          phase: 'deliver',
        })
      ).statusCode,
    ).toBe(303);
    const after = await loadGuide(w.t.db, w.ai);
    expect(after.questions.map((x) => x.phase)).toEqual([
      'discover',
      'discover',
      'discover',
      'design',
      'deliver',
      'deliver',
    ]);
    expect(after.questions.at(-1)!.id).toBe(q.id);
  });

  it('refuses bad input, keeping what was typed and changing nothing', async () => {
    const q = (await loadGuide(w.t.db, w.msc)).questions[1]!;
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/questions/${q.id}`, {
      kind: 'multiple',
      prompt: 'Why?',
      options: '',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'options')).toBe('List at least two choices, one per line.');
    expect(res.body).toMatch(/value="multiple" aria-describedby="kind-multiple-hint" checked/);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it("gives 404 for another alliance's question, or one in another inquiry", async () => {
    const theirs = (await loadGuide(w.t.db, w.other.inquiry)).questions[0]!;
    const before = await guideSnapshot(w.t.db);
    expect((await w.as.coordinator.get(`${w.mscPath}/questions/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await w.as.coordinator.post(`${w.mscPath}/questions/${theirs.id}`, { kind: 'long', prompt: 'Mine now' }))
        .statusCode,
    ).toBe(404);
    const aiQuestion = (await loadGuide(w.t.db, w.ai)).questions[0]!;
    expect(
      (await w.as.coordinator.post(`${w.mscPath}/questions/${aiQuestion.id}/move`, { direction: 'down' })).statusCode,
    ).toBe(404);
    expect((await w.as.coordinator.post(`${w.mscPath}/questions/${aiQuestion.id}/remove`)).statusCode).toBe(404);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});

describe('moving and removing questions', () => {
  it('moves a question down and up', async () => {
    const original = await prompts();
    const q = (await loadGuide(w.t.db, w.msc)).questions[0]!;
    expect(
      (await w.as.coordinator.post(`${w.mscPath}/questions/${q.id}/move`, { direction: 'down' })).headers.location,
    ).toBe(`${w.mscPath}#question-${q.id}`);
    expect(await prompts()).toEqual([original[1], original[0], ...original.slice(2)]);
    await w.as.coordinator.post(`${w.mscPath}/questions/${q.id}/move`, { direction: 'up' });
    expect(await prompts()).toEqual(original);
  });

  it('moves an Appreciative Inquiry question only within its phase', async () => {
    const guide = await loadGuide(w.t.db, w.ai);
    const dream = guide.questions.find((q) => q.phase === 'dream')!;
    const title = guide.questions.find((q) => q.kind === 'title')!;
    // The only Dream question cannot leave Dream.
    await w.as.coordinator.post(`${w.aiPath}/questions/${dream.id}/move`, { direction: 'up' });
    // The title question moves up within Discover, past nothing of other phases.
    await w.as.coordinator.post(`${w.aiPath}/questions/${title.id}/move`, { direction: 'up' });
    const after = await loadGuide(w.t.db, w.ai);
    expect(after.questions.map((q) => [q.phase, q.kind])).toEqual([
      ['discover', 'story'],
      ['discover', 'title'],
      ['discover', 'why'],
      ['dream', 'long'],
      ['design', 'long'],
      ['deliver', 'long'],
    ]);
    // On the page, Dream's only question has no move buttons at all.
    expect((await w.as.coordinator.get(w.aiPath)).body).not.toContain(
      `action="${w.aiPath}/questions/${dream.id}/move"`,
    );
  });

  it('asks before removing, then takes the question out of the guide', async () => {
    const q = (await loadGuide(w.t.db, w.msc)).questions[3]!;
    const ask = await w.as.coordinator.get(`${w.mscPath}/questions/${q.id}/remove`);
    expect(heading(ask.body)).toBe('Remove this question?');
    expect(visibleText(ask.body)).toContain(q.prompt);
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/questions/${q.id}/remove`);
    expect(res.headers.location).toBe(`${w.mscPath}#guide`);
    expect(await prompts()).not.toContain(q.prompt);
    expect(flash((await w.as.coordinator.get(w.mscPath)).body)).toBe(
      'Question removed from the guide. Stories already told keep their answers to it.',
    );
    expect(await auditSince(w.t.db, before)).toEqual(['question.removed']);
    expect(visibleText((await w.as.coordinator.get(`${w.mscPath}/paper`)).body)).not.toContain(
      'was there a change for the worse',
    );
  });
});

describe('edit form values', () => {
  it('shows the choices one per line when changing a choice question', async () => {
    await w.as.coordinator.post(`${w.mscPath}/questions/new`, { kind: 'single', prompt: 'Pick', options: 'One\nTwo' });
    const q = (await loadGuide(w.t.db, w.msc)).questions.at(-1)!;
    const form = await w.as.coordinator.get(`${w.mscPath}/questions/${q.id}`);
    expect(form.body).toContain('>\nOne\nTwo</textarea>');
    expect(fieldValue(form.body, 'prompt')).toBeUndefined(); // a text area, not a one-line box
  });
});
