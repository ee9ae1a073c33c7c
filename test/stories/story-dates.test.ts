/**
 * Dates and lists on a story's page read in the page's language: a date answer as the page's other dates ("1 avr.
 * 2026", not "2026-04-01"), on the staff page and the teller's receipt; the Arabic comma between the consent's way and
 * date; and the French sentence pointing to the codebook.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { createStory, type StoryInput } from '../../server/stories/store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide } from '../helpers/interviews.ts';
import { visibleText } from '../helpers/pages.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let storyId: number;
let receipt: string;

function input(g: Guide): StoryInput {
  const q = (kind: string) => g.questions.find((x) => x.kind === kind)!;
  return {
    domainId: g.domains[0]!.id,
    title: 'Le pont',
    language: 'fr',
    storyteller: 'Rose',
    partnerId: null,
    toldOn: '2026-05-12',
    toldWhere: 'Port',
    consent: {
      panels: true,
      packs: false,
      quotes: true,
      funders: false,
      publish: false,
      anonymous: false,
      how: 'online',
      on: '2026-05-12',
    },
    answers: [
      { questionId: q('story').id, kind: 'story', prompt: 'Quel changement ?', value: 'Le pont a ouvert.' },
      { questionId: null, kind: 'date', prompt: 'Quand cela a-t-il commencé ?', value: '2026-04-01' },
    ],
    attributes: [],
  };
}

beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  const told = await createStory(t.db, null, guide.inquiry, input(guide), {
    status: 'recorded',
    route: 'public',
    interviewerId: null,
    withReceipt: true,
  });
  storyId = told.story.id;
  receipt = `/receipt/${told.receipt!}`;
});
afterEach(() => t.close());

async function staffPage(language: string): Promise<{ html: string; text: string }> {
  await t.db.updateTable('users').set({ language }).where('id', '=', people.coordinator.id).execute();
  const agent = await signedIn(t.app, people.coordinator.email);
  const html = (await agent.get(`/alliances/${people.alliance.id}/stories/${storyId}`)).body;
  return { html, text: visibleText(html) };
}

describe('the story page', () => {
  it('shows a date answer as the page’s other dates are, in its language', async () => {
    const { html, text } = await staffPage('fr');
    expect(text).toMatch(/Quand cela a-t-il commencé\s?\? 1 avr\. 2026/);
    expect(html).toContain('<time datetime="2026-04-01">1 avr. 2026</time>');
    expect(text).not.toContain('2026-04-01');
  });

  it('puts an Arabic comma between the way consent was given and its date, and before where it was told', async () => {
    const { text } = await staffPage('ar');
    expect(text).toContain('أُعطيت: عبر الإنترنت، ');
    expect(text).not.toMatch(/عبر الإنترنت, /);
    expect(text).toMatch(/، Port/);
  });

  it('says in French that every tag is in “la grille de codage.”', async () => {
    const { text } = await staffPage('fr');
    expect(text).toContain('Toutes les étiquettes sont dans la grille de codage.');
  });
});

describe('the receipt page', () => {
  it('shows a date answer as a date in the story’s language', async () => {
    const html = (await new Agent(t.app).get(receipt)).body;
    expect(html).toContain('<time datetime="2026-04-01">1 avr. 2026</time>');
  });
});
