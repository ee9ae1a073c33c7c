/** A storyteller downloads their own story through their receipt link: as text and as JSON, exactly as kept. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { createStory, type StoryInput } from '../../server/stories/store.ts';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeGuide } from '../helpers/interviews.ts';
import { heading, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let guide: Guide;
let receipt: string;

const WORDS =
  '  When my son came home, the nurse & the housing officer met us at the door.\n\nIt changed everything — <b>for the first time</b> they talked. Café 😀  ';
const WHY = 'Because "nobody" had ever talked before.';
const WHEN = new Date('2026-03-04T10:00:00.000Z');

function input(g: Guide, overrides: Partial<StoryInput> = {}): StoryInput {
  const q = (kind: string) => g.questions.find((x) => x.kind === kind)!;
  return {
    domainId: g.domains[1]!.id,
    title: 'The day they met at the door',
    language: 'en',
    storyteller: 'Rose T.',
    partnerId: null,
    toldOn: '2026-03-01',
    toldWhere: 'Harbour community centre',
    consent: {
      panels: true,
      packs: false,
      quotes: true,
      funders: false,
      publish: false,
      anonymous: true,
      how: 'online',
      on: '2026-03-04',
    },
    answers: [
      {
        questionId: q('story').id,
        kind: 'story',
        prompt: 'Looking back over the last six months, what was the most significant change?',
        value: WORDS,
      },
      { questionId: q('why').id, kind: 'why', prompt: 'Why is this significant to you?', value: WHY },
      {
        questionId: null,
        kind: 'multiple',
        prompt: 'Who helped?',
        value: JSON.stringify(['A nurse', 'The housing officer']),
      },
      { questionId: null, kind: 'scale', prompt: 'How much did it change things?', value: 'n/a' },
      {
        questionId: q('title').id,
        kind: 'title',
        prompt: 'What title would you give your story?',
        value: 'The day they met at the door',
      },
    ],
    attributes: [
      { attributeId: g.attributes[0]!.id, label: 'Who are you?', value: 'Family member' },
      { attributeId: g.attributes[2]!.id, label: 'Place', value: 'Øresund & "Harbour"' },
    ],
    ...overrides,
  };
}

beforeEach(async () => {
  t = await testApp();
  const people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  const told = await createStory(
    t.db,
    null,
    guide.inquiry,
    input(guide),
    { status: 'recorded', route: 'public', interviewerId: null, withReceipt: true },
    WHEN,
  );
  receipt = `/receipt/${told.receipt!}`;
  // Other stories, in this inquiry and in another alliance, whose words must never appear.
  await createStory(
    t.db,
    null,
    guide.inquiry,
    input(guide, {
      storyteller: 'Someone Else',
      answers: [
        { questionId: null, kind: 'story', prompt: 'Another question', value: 'SECRET words of another teller' },
      ],
      attributes: [],
    }),
    {
      status: 'recorded',
      route: 'public',
      interviewerId: null,
      withReceipt: true,
    },
  );
  const others = await makeAlliance(t.db, 'Other Alliance');
  const otherGuide = await makeGuide(t.db, others.alliance.id, others.coordinator);
  await createStory(
    t.db,
    null,
    otherGuide.inquiry,
    input(otherGuide, {
      storyteller: 'Far Away',
      answers: [{ questionId: null, kind: 'story', prompt: 'Elsewhere', value: 'OTHER alliance words' }],
      attributes: [],
    }),
    {
      status: 'recorded',
      route: 'public',
      interviewerId: null,
      withReceipt: true,
    },
  );
});
afterEach(() => t.close());

// The file is the teller's receipt: it starts with their private link back to the story.
const expectedText = () => `Your story, as Hearth keeps it

Your private link (keep it safe: with it you can read, correct or withdraw your story):
http://localhost:3000${receipt}

Story code: MSC-0001
Told for: Spring stories
Title: The day they met at the door
Domain of change: Changes in how services work together
Language: English
The name you gave: Rose T.
Told on: 1 Mar 2026
Told where: Harbour community centre

The questions and your answers
==============================

Looking back over the last six months, what was the most significant change?

${WORDS}

Why is this significant to you?

${WHY}

Who helped?

- A nurse
- The housing officer

How much did it change things?

Does not apply

What title would you give your story?

The day they met at the door

About you
=========

Who are you?: Family member
Place: Øresund & "Harbour"

What you agreed your story may be used for
==========================================

Yes: Read by the panels that choose stories
No: Printed in story packs for events
Yes: Quoted in reports
No: Shared with funders
No: Published
Keep me anonymous: yes
How you gave consent: Online
Consent given on: 4 Mar 2026

Dates
=====

Recorded: 4 Mar 2026
Last changed: 4 Mar 2026
Read back to you: —
Verified: —
`;

describe('downloading my story as text', () => {
  it('gives a UTF-8 text file named after the story code, with every word exactly as kept', async () => {
    const res = await new Agent(t.app).get(`${receipt}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="MSC-0001.txt"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.toString('utf8')).toBe(expectedText());
  });

  it('holds none of the other stories’ words', async () => {
    const res = await new Agent(t.app).get(`${receipt}/download`);
    expect(res.body).not.toContain('SECRET');
    expect(res.body).not.toContain('Someone Else');
    expect(res.body).not.toContain('OTHER alliance');
  });
});

describe('downloading my story as JSON', () => {
  it('gives the same, as data', async () => {
    const res = await new Agent(t.app).get(`${receipt}/download.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="MSC-0001.json"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({
      code: 'MSC-0001',
      inquiry: 'Spring stories',
      title: 'The day they met at the door',
      domain: 'Changes in how services work together',
      language: 'en',
      storyteller: 'Rose T.',
      toldOn: '2026-03-01',
      toldWhere: 'Harbour community centre',
      answers: [
        {
          question: 'Looking back over the last six months, what was the most significant change?',
          kind: 'story',
          answer: WORDS,
        },
        { question: 'Why is this significant to you?', kind: 'why', answer: WHY },
        { question: 'Who helped?', kind: 'multiple', answer: ['A nurse', 'The housing officer'] },
        { question: 'How much did it change things?', kind: 'scale', answer: 'n/a' },
        { question: 'What title would you give your story?', kind: 'title', answer: 'The day they met at the door' },
      ],
      aboutYou: [
        { question: 'Who are you?', answer: 'Family member' },
        { question: 'Place', answer: 'Øresund & "Harbour"' },
      ],
      consent: {
        panels: true,
        packs: false,
        quotes: true,
        funders: false,
        publish: false,
        anonymous: true,
        how: 'online',
        on: '2026-03-04',
      },
      dates: { recorded: WHEN.toISOString(), lastChanged: WHEN.toISOString(), readBack: null, verified: null },
    });
    expect(res.body).not.toContain('SECRET');
  });
});

describe('a slider answer in the download', () => {
  /** A story told in French with two slider answers: a point, and "does not apply". */
  async function sliderReceipt(): Promise<string> {
    const ends = ['Très mal', 'Très bien'];
    const slider = (prompt: string, value: string) => ({
      questionId: null,
      kind: 'slider' as const,
      prompt,
      value,
      asked: ends,
    });
    const told = await createStory(
      t.db,
      null,
      guide.inquiry,
      input(guide, {
        language: 'fr',
        answers: [slider('Que ressentez-vous ?', '70'), slider('Et aujourd’hui ?', 'n/a')],
        attributes: [],
      }),
      { status: 'recorded', route: 'public', interviewerId: null, withReceipt: true },
    );
    return `/receipt/${told.receipt!}`;
  }

  it('is worded as on the receipt page, in the receipt’s language', async () => {
    const text = (await new Agent(t.app).get(`${await sliderReceipt()}/download`)).body;
    expect(text).toContain(
      '\nQue ressentez-vous ?\n\n70 sur 100, entre «\u202fTrès mal\u202f» et «\u202fTrès bien\u202f»\n',
    );
    // French puts a narrow no-break space before a colon, in the file as on the page.
    expect(text).toContain('Code du récit\u202f: ');
    expect(text).toContain('\nEt aujourd’hui ?\n\nNe s’applique pas\n');
  });

  it('keeps the point as a number in the JSON, with the two ends', async () => {
    const data = JSON.parse((await new Agent(t.app).get(`${await sliderReceipt()}/download.json`)).body) as {
      answers: unknown[];
    };
    expect(data.answers).toEqual([
      { question: 'Que ressentez-vous ?', kind: 'slider', answer: '70', ends: { low: 'Très mal', high: 'Très bien' } },
      { question: 'Et aujourd’hui ?', kind: 'slider', answer: 'n/a', ends: { low: 'Très mal', high: 'Très bien' } },
    ]);
  });
});

describe('the receipt page', () => {
  it('links to both downloads, and is valid HTML', async () => {
    const res = await new Agent(t.app).get(receipt);
    expect(visibleText(res.body)).toContain('Download my story (a text file)');
    expect(res.body).toContain(`href="${receipt}/download"`);
    expect(res.body).toContain(`href="${receipt}/download.json"`);
    expect(await htmlErrors(res.body)).toEqual([]);
  });
});

describe('when there is nothing to download', () => {
  it('says a withdrawn story was withdrawn and its words deleted (410), for both formats', async () => {
    const story = await t.db
      .selectFrom('stories')
      .selectAll()
      .where('storyteller', '=', 'Rose T.')
      .executeTakeFirstOrThrow();
    await withdrawStory(t.db, null, 'The storyteller', story);
    for (const path of ['download', 'download.json']) {
      const res = await new Agent(t.app).get(`${receipt}/${path}`);
      expect(res.statusCode).toBe(410);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(heading(res.body)).toBe('This story was withdrawn');
      expect(visibleText(res.body)).toContain('its words were deleted from Hearth');
      expect(res.body).not.toContain('significant change');
      expect(await htmlErrors(res.body)).toEqual([]);
    }
  });

  it('gives 404 for a receipt that does not exist', async () => {
    for (const path of ['download', 'download.json']) {
      const res = await new Agent(t.app).get(`/receipt/${'x'.repeat(43)}/${path}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('SECRET');
    }
  });

  it('is rate-limited like the receipt page', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await t.app.inject({ url: `/receipt/${'y'.repeat(43)}/download` })).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
