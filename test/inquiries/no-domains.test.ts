/**
 * An Appreciative Inquiry has no domains of change: its pages show no domain column, chart, section or words, and no
 * words about Most Significant Change, while an MSC inquiry keeps them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Round, Story } from '../../server/db/schema.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';
import { makeWorld, type World } from './setup.ts';

let w: World;
let stories: Story[];
let round: Round;
let roundPath: string;

beforeEach(async () => {
  w = await makeWorld();
  stories = [];
  for (const title of ['The night of the flood', 'Thursday dominoes', 'Forty hands in the garden'])
    stories.push(await makeStory(w.t.db, w.ai, { title, status: 'read_back' }));
  round = await makeRound(w.t.db, w.alliance.id, w.ai.id, { stage: 'deciding', method: 'consensus' });
  await addRoundStories(
    w.t.db,
    round.id,
    stories.slice(0, 2).map((s) => s.id),
  );
  roundPath = `${w.base}/rounds/${round.id}`;
});
afterEach(() => w.t.close());

const textOf = async (path: string) => {
  const res = await w.as.coordinator.get(path);
  expect(res.statusCode, path).toBe(200);
  return visibleText(res.body);
};

describe('an inquiry with no domains', () => {
  it('lists its stories with no Domain filter or column', async () => {
    const text = await textOf(`${w.aiPath}/stories`);
    expect(text).toContain('The night of the flood');
    expect(text).not.toMatch(/Domain/);
  });

  it('charts no domain on the patterns page', async () => {
    const text = await textOf(`${w.aiPath}/patterns`);
    expect(text).not.toMatch(/\bDomain\b/);
  });

  it('asks the panel for one decision, with no "for each domain" and no "No domain" section', async () => {
    const text = await textOf(`${roundPath}/decide`);
    expect(text).toContain('record the story the panel chose');
    expect(text).toContain('The round’s stories');
    expect(text).not.toMatch(/domain/i);
  });

  it('shows the round and its story picker without domains, and no "— — ·" beside each story', async () => {
    const hub = await textOf(roundPath);
    expect(hub).not.toMatch(/domain/i);
    const preparing = await makeRound(w.t.db, w.alliance.id, w.ai.id, { stage: 'preparing' });
    const picker = await textOf(`${w.base}/rounds/${preparing.id}/stories`);
    expect(picker).toContain('Forty hands in the garden — Read back ·');
    expect(picker).not.toContain('— — ·');
    expect(picker).not.toMatch(/domain/i);
  });

  it('has no domain section on the feedback page', async () => {
    const text = await textOf(`${roundPath}/feedback`);
    expect(text).toContain('The night of the flood');
    expect(text).not.toMatch(/domain/i);
  });

  it('has no chart or line about domains in the report', async () => {
    const text = await textOf(`${w.aiPath}/report`);
    expect(text).not.toMatch(/domain/i);
    expect(text).not.toMatch(/\bMSC\b|Most Significant Change/);
  });

  it('speaks of Most Significant Change only in an MSC inquiry', async () => {
    const ai = await textOf(`${w.base}/stories/${stories[0]!.id}/verify`);
    expect(ai).toContain('Verifying a story means checking who told it');
    expect(ai).not.toMatch(/Most Significant Change|step 7/);
    const msc = await makeStory(w.t.db, w.msc, { status: 'read_back' });
    expect(await textOf(`${w.base}/stories/${msc.id}/verify`)).toContain('step 7 of Most Significant Change');
  });

  it('gives story codes in its settings as its own, not "MSC-0042"', async () => {
    const text = await textOf(`${w.aiPath}/settings`);
    expect(text).toContain(`Story codes look like ${w.ai.code_prefix}-0042.`);
    expect(text).not.toMatch(/MSC/);
    const res = await w.as.coordinator.post(`${w.aiPath}/settings`, {
      title: w.ai.title,
      consentStatement: 'We keep your story safe.',
      languages: 'en',
      codePrefix: 'A-1',
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('Use 2 to 6 capital letters (A–Z) or digits, with no spaces or dashes.');
    expect(visibleText(res.body)).not.toMatch(/MSC|AI26/);
  });
});

describe('an MSC inquiry', () => {
  it('keeps its Domain column and chart', async () => {
    await makeStory(w.t.db, w.msc, { title: 'The bus came back' });
    const list = await textOf(`${w.mscPath}/stories`);
    expect(list).toContain('Domain');
    expect(await textOf(`${w.mscPath}/report`)).toContain('Stories by domain of change');
  });
});
