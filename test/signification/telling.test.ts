/**
 * Questions about the teller's own story are asked wherever a story is told — the interview, the public link, the
 * paper form typed in, the phone in the field — and each answer keeps the question, its ends or options, as asked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateQuestion } from '../../server/inquiries/guide-store.ts';
import { significationAnswers } from '../../server/stories/signification-store.ts';
import { Agent, type Fields } from '../helpers/agent.ts';
import {
  questionOf,
  storedCounts,
  STORY_WORDS,
  TITLE_WORDS,
  validInterview,
  WHY_WORDS,
} from '../helpers/interviews.ts';
import { copyLink, fieldError, visibleText } from '../helpers/pages.ts';
import { phoneSession, recordOnPhone, send, takeIntoTheField } from '../field/field-fixture.ts';
import { makeSignWorld, type SignWorld } from './setup.ts';

let w: SignWorld;
beforeEach(async () => (w = await makeSignWorld()));
afterEach(() => w.t.close());

const interviewUrl = () => `${w.inquiryPath}/interviews`;
const newInterview = () => `${w.inquiryPath}/interviews/new`;
const aboutStory = (): Fields => ({
  [`q${w.feel.id}`]: '70',
  [`q${w.when.id}`]: 'One to six months ago',
  [`q${w.change.id}`]: 'n/a',
  [`q${w.hear.id}`]: ['Managers', 'Everyone'],
  [`q${w.about.id}`]: 'A service',
});

async function answersOfStory(storyId: number) {
  return w.t.db
    .selectFrom('story_answers')
    .select(['question_id', 'kind', 'prompt', 'value', 'asked'])
    .where('story_id', '=', storyId)
    .where('asked', 'is not', null)
    .orderBy('position')
    .execute();
}

const lastStory = () => w.t.db.selectFrom('stories').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

const expectedAnswers = () => [
  {
    question_id: w.feel.id,
    kind: 'slider',
    prompt: 'How do you feel about this story?',
    value: '70',
    asked: '["Very bad","Very good"]',
  },
  {
    question_id: w.when.id,
    kind: 'single',
    prompt: 'How long ago did this happen?',
    value: 'One to six months ago',
    asked: '["In the last month","One to six months ago","Six months to a year ago","More than a year ago"]',
  },
  {
    question_id: w.change.id,
    kind: 'slider',
    prompt: 'How much did this change things?',
    value: 'n/a',
    asked: '["Not at all","Completely"]',
  },
  {
    question_id: w.hear.id,
    kind: 'multiple',
    prompt: 'Who should hear this story?',
    value: '["Managers","Everyone"]',
    asked: '["People like me","Workers and volunteers","Managers","Funders and commissioners","Everyone"]',
  },
  {
    question_id: w.about.id,
    kind: 'single',
    prompt: 'Is this story mostly about a person, a service or a community?',
    value: 'A service',
    asked: '["A person","A service","A community"]',
  },
];

describe('the interview form', () => {
  it('asks each slider as a scale between its two ends with “does not apply”, without JavaScript', async () => {
    const page = await w.interviewer.get(newInterview());
    const text = visibleText(page.body);
    expect(text).toContain('How do you feel about this story?');
    expect(text).toContain('From Very bad (0) to Very good (100).');
    for (const point of ['0', '50', '100', 'n/a'])
      expect(page.body).toContain(
        `type="radio" id="field-q${w.feel.id}-${point === 'n/a' ? 'na' : point}" name="q${w.feel.id}" value="${point}"`,
      );
  });

  it('stores the answers with the question, its ends and options as asked, and shows them on the story page', async () => {
    const res = await w.interviewer.submit(newInterview(), interviewUrl(), validInterview(w.guide, aboutStory()));
    expect(res.statusCode).toBe(303);
    const story = await lastStory();
    expect(await answersOfStory(story.id)).toEqual(expectedAnswers());

    // A later change to the guide rewrites nothing already told.
    await updateQuestion(w.t.db, w.people.coordinator, w.guide.inquiry, w.feel, {
      kind: 'slider',
      prompt: 'How good was it?',
      help: '',
      required: false,
      options: ['Awful', 'Wonderful'],
      phase: null,
      aboutStory: true,
    });
    expect(await answersOfStory(story.id)).toEqual(expectedAnswers());

    const page = visibleText((await w.interviewer.get(`${w.base}/stories/${story.id}`)).body);
    expect(page).toContain('How the storyteller sees their story');
    expect(page).toContain('How do you feel about this story? 70 of 100, between “Very bad” and “Very good”');
    expect(page).toContain('How much did this change things? Does not apply');
    expect(page).toContain('Who should hear this story? Managers; Everyone');
  });

  it('refuses a slider out of range, a choice not offered and a required question unanswered, keeping what was typed', async () => {
    await updateQuestion(w.t.db, w.people.coordinator, w.guide.inquiry, w.change, {
      kind: 'slider',
      prompt: w.change.prompt,
      help: '',
      required: true,
      options: ['Not at all', 'Completely'],
      phase: null,
      aboutStory: true,
    });
    const before = await storedCounts(w.t.db);
    for (const bad of ['101', '-1', 'lots', '7.5']) {
      const res = await w.interviewer.submit(
        newInterview(),
        interviewUrl(),
        validInterview(w.guide, {
          ...aboutStory(),
          [`q${w.feel.id}`]: bad,
          [`q${w.change.id}`]: '',
          [`q${w.when.id}`]: 'Yesterday',
        }),
      );
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, `q${w.feel.id}`)).toBe('Choose a point between the two ends, or “does not apply”.');
      expect(fieldError(res.body, `q${w.when.id}`)).toMatch(/choose/i);
      expect(fieldError(res.body, `q${w.change.id}`)).toMatch(/required|answer/i);
      // What was typed is still there.
      expect(res.body).toContain(STORY_WORDS.trim().slice(0, 40));
      expect(res.body).toMatch(new RegExp(`value="Managers" checked`));
    }
    expect(await storedCounts(w.t.db)).toEqual(before);
  });

  it('takes a story typed in from the paper form the same way', async () => {
    const paper = visibleText((await w.interviewer.get(`${w.inquiryPath}/paper`)).body);
    expect(paper).toContain('How do you feel about this story?');
    expect(paper).toMatch(/Very bad .*0 .*50 .*100 Very good .*Does not apply/i);
    const res = await w.interviewer.submit(
      newInterview(),
      interviewUrl(),
      validInterview(w.guide, { ...aboutStory(), route: 'paper' }),
    );
    expect(res.statusCode).toBe(303);
    const story = await lastStory();
    expect(story.route).toBe('paper');
    expect(await answersOfStory(story.id)).toEqual(expectedAnswers());
  });
});

describe('the public link', () => {
  const tell = '/tell/open-sesame-token-for-tests';
  beforeEach(() =>
    w.t.db
      .updateTable('inquiries')
      .set({ public_token: 'open-sesame-token-for-tests', public_open: 1 })
      .where('id', '=', w.guide.inquiry.id)
      .execute(),
  );
  const telling = (extra: Fields = {}): Fields => ({
    domainId: String(w.guide.domains[0]!.id),
    storyteller: 'Sam',
    [questionOf(w.guide, 'story')]: STORY_WORDS,
    [questionOf(w.guide, 'why')]: WHY_WORDS,
    [questionOf(w.guide, 'title')]: TITLE_WORDS,
    consent: ['panels', 'quotes'],
    ...aboutStory(),
    ...extra,
  });

  it('asks the teller, stores the answers as asked, and a correction through the receipt makes a new version', async () => {
    const agent = new Agent(w.t.app);
    expect(visibleText((await agent.get(tell)).body)).toContain('From Very bad (0) to Very good (100).');
    const res = await agent.submit(tell, tell, telling());
    expect(res.statusCode).toBe(201);
    const story = await lastStory();
    expect(await answersOfStory(story.id)).toEqual(expectedAnswers());

    const receipt = new URL(copyLink(res.body, 'receipt-link')).pathname;
    const mine = visibleText((await agent.get(receipt)).body);
    expect(mine).toContain('How you see your story');
    expect(mine).toContain('How do you feel about this story? 70 of 100, between “Very bad” and “Very good”');
    const edit = await agent.submit(`${receipt}/edit`, `${receipt}/edit`, telling({ [`q${w.feel.id}`]: '20' }));
    expect(edit.statusCode).toBe(303);
    const answers = await answersOfStory(story.id);
    expect(answers[0]!.value).toBe('20');
    const version = await w.t.db
      .selectFrom('story_versions')
      .selectAll()
      .where('story_id', '=', story.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(version.content).answers).toContainEqual({
      prompt: 'How do you feel about this story?',
      value: '70',
    });

    // Withdrawn: the answers are gone, and the story no longer counts.
    expect((await significationAnswers(w.t.db, w.guide.inquiry.id))[0]!.answers.get(story.id)).toBe(20);
    expect((await agent.submit(`${receipt}/withdraw`, `${receipt}/withdraw`, {})).statusCode).toBe(303);
    expect(await answersOfStory(story.id)).toEqual([]);
    expect((await significationAnswers(w.t.db, w.guide.inquiry.id))[0]!.answers.has(story.id)).toBe(false);
  });

  it('refuses a slider that is not a number with the message by the field, storing nothing', async () => {
    const agent = new Agent(w.t.app);
    await agent.get(tell);
    const before = await storedCounts(w.t.db);
    const res = await agent.submit(tell, tell, telling({ [`q${w.feel.id}`]: 'very' }));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `q${w.feel.id}`)).toBe('Choose a point between the two ends, or “does not apply”.');
    expect(res.body).toContain(WHY_WORDS);
    expect(await storedCounts(w.t.db)).toEqual(before);
  });
});

describe('the phone in the field', () => {
  it('sends the answers, stored with the question as asked; a bad slider is refused with nothing stored', async () => {
    const form = await takeIntoTheField(w.interviewer, w.guide);
    const csrf = (await phoneSession(w.interviewer, form)).body.csrf!;
    const before = await storedCounts(w.t.db);
    const bad = recordOnPhone(form, w.guide, { ...aboutStory(), [`q${w.change.id}`]: '250' });
    const refused = await send(w.t.app, w.interviewer.cookie, form, bad, csrf);
    expect(refused.statusCode).toBe(422);
    expect(Object.keys(refused.json().errors)).toEqual([`q${w.change.id}`]);
    expect(await storedCounts(w.t.db)).toEqual(before);

    // The coordinator renames a slider's ends while the phone is out: the story keeps the ends the phone showed.
    await updateQuestion(w.t.db, w.people.coordinator, w.guide.inquiry, w.feel, {
      kind: 'slider',
      prompt: w.feel.prompt,
      help: '',
      required: false,
      options: ['Awful', 'Wonderful'],
      phase: null,
      aboutStory: true,
    });
    const good = recordOnPhone(form, w.guide, aboutStory());
    const res = await send(w.t.app, w.interviewer.cookie, form, good, csrf);
    expect(res.statusCode).toBe(200);
    expect(await answersOfStory((await lastStory()).id)).toEqual(expectedAnswers());
  });
});
