/**
 * The teller's answers about their own story travel: the JSON export carries each answer with its ends or options
 * as asked, an import into another Hearth keeps them, the CSV has a column per question, and patterns count only
 * stories that were told and not withdrawn.
 */
import { Value } from '@sinclair/typebox/value';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HearthExportSchema } from '../../server/exports/format.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { significationAnswers } from '../../server/stories/signification-store.ts';
import { signedIn, type Agent, type Fields } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { validInterview } from '../helpers/interviews.ts';
import { makeSignWorld, type SignWorld } from './setup.ts';

let w: SignWorld;
let target: TestApp | undefined;
beforeEach(async () => (w = await makeSignWorld()));
afterEach(async () => {
  await w.t.close();
  await target?.close();
  target = undefined;
});

async function tell(fields: Fields, intent = 'record') {
  const res = await w.interviewer.submit(
    `${w.inquiryPath}/interviews/new`,
    `${w.inquiryPath}/interviews`,
    validInterview(w.guide, { ...fields, intent }),
  );
  expect(res.statusCode).toBe(303);
  return w.t.db.selectFrom('stories').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
}

async function upload(app: TestApp, agent: Agent, url: string, content: string) {
  await agent.get(url);
  const boundary = `----hearth${Date.now()}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${agent.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.json"\r\nContent-Type: application/json\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return app.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: agent.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('the answers about the story, for the pattern views', () => {
  it('gives each question with the answers of the stories that count, nothing for “does not apply”', async () => {
    const a = await tell({
      [`q${w.feel.id}`]: '90',
      [`q${w.hear.id}`]: ['Managers', 'Everyone'],
      [`q${w.when.id}`]: 'In the last month',
    });
    const b = await tell({ [`q${w.feel.id}`]: 'n/a', [`q${w.change.id}`]: '40', [`q${w.about.id}`]: 'A community' });
    const draft = await tell({ [`q${w.feel.id}`]: '10' }, 'draft');
    const gone = await tell({ [`q${w.feel.id}`]: '20' });
    await withdrawStory(w.t.db, w.people.coordinator, w.people.coordinator.name, gone);

    const questions = await significationAnswers(w.t.db, w.guide.inquiry.id);
    expect(questions.map(({ answers, ...q }) => ({ ...q, answers: Object.fromEntries(answers) }))).toEqual([
      {
        questionId: w.feel.id,
        prompt: 'How do you feel about this story?',
        kind: 'slider',
        ends: ['Very bad', 'Very good'],
        answers: { [a.id]: 90 },
        // "Does not apply" is no answer, but is told apart from none (the pattern views say so).
        notApplying: new Set([b.id]),
      },
      {
        questionId: w.when.id,
        prompt: 'How long ago did this happen?',
        kind: 'single',
        options: ['In the last month', 'One to six months ago', 'Six months to a year ago', 'More than a year ago'],
        answers: { [a.id]: ['In the last month'] },
      },
      {
        questionId: w.change.id,
        prompt: 'How much did this change things?',
        kind: 'slider',
        ends: ['Not at all', 'Completely'],
        answers: { [b.id]: 40 },
      },
      {
        questionId: w.hear.id,
        prompt: 'Who should hear this story?',
        kind: 'multiple',
        options: ['People like me', 'Workers and volunteers', 'Managers', 'Funders and commissioners', 'Everyone'],
        answers: { [a.id]: ['Managers', 'Everyone'] },
      },
      {
        questionId: w.about.id,
        prompt: 'Is this story mostly about a person, a service or a community?',
        kind: 'single',
        options: ['A person', 'A service', 'A community'],
        answers: { [b.id]: ['A community'] },
      },
    ]);
    expect(draft.status).toBe('draft');
    expect(await significationAnswers(w.t.db, 999_999)).toEqual([]);
  });
});

describe('exports and imports', () => {
  it('carries the answers with their ends and options as asked through JSON into another Hearth', async () => {
    const story = await tell({ [`q${w.feel.id}`]: '80', [`q${w.hear.id}`]: ['Everyone'] });
    const res = await w.coordinator.get(`${w.inquiryPath}/export/download?format=json`);
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body);
    expect([...Value.Errors(HearthExportSchema, doc)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    const exported = doc.stories.find((s: { code: string }) => s.code === story.code);
    expect(exported.answers).toContainEqual({
      question: expect.any(Number),
      kind: 'slider',
      prompt: 'How do you feel about this story?',
      value: '80',
      asked: ['Very bad', 'Very good'],
    });
    expect(doc.questions.filter((q: { about_story: boolean }) => q.about_story)).toHaveLength(5);

    target = await testApp();
    const people = await makeAlliance(target.db, 'New Hearth');
    const coordinator = await signedIn(target.app, people.coordinator.email);
    const imported = await upload(target, coordinator, `/alliances/${people.alliance.id}/import`, res.body);
    expect(imported.statusCode).toBe(303);
    const inquiry = await target.db
      .selectFrom('inquiries')
      .selectAll()
      .where('alliance_id', '=', people.alliance.id)
      .executeTakeFirstOrThrow();
    const there = await significationAnswers(target.db, inquiry.id);
    expect(there.map((q) => q.prompt)).toEqual(
      (await significationAnswers(w.t.db, w.guide.inquiry.id)).map((q) => q.prompt),
    );
    expect([...there[0]!.answers.values()]).toEqual([80]);
    expect([...there[3]!.answers.values()]).toEqual([['Everyone']]);
    const asked = await target.db.selectFrom('story_answers').select('asked').where('kind', '=', 'slider').execute();
    expect(asked.map((a) => a.asked)).toEqual(
      ['["Very bad","Very good"]', '["Not at all","Completely"]'].slice(0, asked.length),
    );
  });

  it('gives each question its own column in the CSV', async () => {
    await tell({ [`q${w.feel.id}`]: '80', [`q${w.change.id}`]: 'n/a', [`q${w.about.id}`]: 'A person' });
    const res = await w.coordinator.get(`${w.inquiryPath}/export/download?format=csv`);
    expect(res.statusCode).toBe(200);
    const [columns, cells] = parse(res.body, { bom: true }) as string[][];
    const cell = (prompt: string) => cells![columns!.indexOf(prompt)];
    expect(cell('How do you feel about this story?')).toBe('80');
    expect(cell('How much did this change things?')).toBe('n/a');
    expect(cell('Is this story mostly about a person, a service or a community?')).toBe('A person');
  });
});
