/**
 * A story chosen at every level whose teller then stops panels reading it (keeping quotes, packs and funders), and
 * another chosen at every level whose teller stops sharing it with funders. The panels' choices stand: the report
 * counts read and chosen by one rule, its own projection for its audience, so each level reads exactly what the
 * level below chose, and the staff report still shows the story the funder panel chose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDecision } from '../../server/rounds/decisions-store.ts';
import type { Story } from '../../server/db/schema.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from './report-fixture.ts';

const FUNDER_REASONS = 'Services finally talked to each other, and the family felt it.';

let t: TestApp;
let bed: ReportBed;
/** Chosen at every level; then its teller stopped panels reading it. */
let noPanels: Story;
/** Chosen at every level; then its teller stopped sharing it with funders. */
let notShared: Story;
let staffHtml: string;
let fundersHtml: string;

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  // The demo's funder round (level 3) reads what the board chose; it chooses both, one per domain.
  const round = await t.db
    .selectFrom('rounds')
    .selectAll()
    .where('inquiry_id', '=', bed.inquiry.id)
    .where('level', '=', 3)
    .executeTakeFirstOrThrow();
  const read = await t.db
    .selectFrom('round_stories')
    .innerJoin('stories', 'stories.id', 'round_stories.story_id')
    .selectAll('stories')
    .where('round_stories.round_id', '=', round.id)
    .orderBy('stories.id')
    .execute();
  expect(read.length).toBe(2);
  const services = await t.db
    .selectFrom('domains')
    .select('id')
    .where('inquiry_id', '=', bed.inquiry.id)
    .where('name', '=', 'Changes in how services work together')
    .executeTakeFirstOrThrow();
  noPanels = read.find((s) => s.domain_id === services.id)!;
  notShared = read.find((s) => s.id !== noPanels.id)!;
  expect(noPanels.consent_funders && noPanels.consent_quotes && notShared.consent_funders).toBe(1);
  const facilitator = { id: bed.demo.coordinator.id, name: bed.demo.coordinator.name };
  for (const story of [notShared, noPanels])
    await recordDecision(t.db, facilitator, round, {
      domainId: story.domain_id,
      outcome: 'chosen',
      chosen: [{ storyId: story.id, votes: 0 }],
      reasons: story === noPanels ? FUNDER_REASONS : 'It showed someone staying with a family.',
      criteria: '',
      dissent: '',
    });
  await t.db.updateTable('stories').set({ consent_panels: 0 }).where('id', '=', noPanels.id).execute();
  await t.db.updateTable('stories').set({ consent_funders: 0 }).where('id', '=', notShared.id).execute();
  const coordinator = await signInAs(t, 'coordinator');
  staffHtml = (await coordinator.get(`${bed.base}/report`)).body;
  fundersHtml = (await (await signInAs(t, 'reader')).get(`${bed.base}/report`)).body;
});
afterAll(() => t.close());

/** The funnel's table as the page prints it: each step and its number. */
function funnel(html: string): [string, number][] {
  const chart = /<h3 id="chart-funnel-heading">[\s\S]*?<\/table>/.exec(html)?.[0] ?? expect.fail('no funnel');
  return [...chart.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => [
    visibleText(m[1]!),
    Number(m[2]),
  ]);
}

/** Each level reads exactly what the level below chose. */
function expectEachLevelReadsWhatWasChosenBelow(steps: [string, number][]) {
  const count = (step: string) => steps.find(([s]) => s === step)?.[1];
  for (const level of [2, 3]) expect(count(`Read at level ${level}`)).toBe(count(`Chosen at level ${level - 1}`));
}

/** The visible text of the chosen stories' section for one level. */
const levelSection = (html: string, level: number) =>
  visibleText(
    new RegExp(`<section class="report-level" aria-labelledby="report-level-${level}">([\\s\\S]*?)</section>`).exec(
      html,
    )?.[1] ?? '',
  );

describe('the funnel after a chosen story’s teller changes what they agreed to', () => {
  it('counts read and chosen alike at every level of the staff report, the story the panels chose included', () => {
    const steps = funnel(staffHtml);
    expect(steps.slice(-5)).toEqual([
      ['Chosen at level 1', 5],
      ['Read at level 2', 5],
      ['Chosen at level 2', 2],
      ['Read at level 3', 2],
      ['Chosen at level 3', 2],
    ]);
    expectEachLevelReadsWhatWasChosenBelow(steps);
    // Staff may see every story chosen: nothing is said to be left out.
    expect(visibleText(staffHtml)).not.toContain('not counted here');
  });

  it('counts read and chosen alike for funders, and says in a sentence that a chosen story is not counted', () => {
    const steps = funnel(fundersHtml);
    expectEachLevelReadsWhatWasChosenBelow(steps);
    expect(steps.slice(-1)).toEqual([['Chosen at level 3', 1]]);
    // The demo's own level-1 choice kept from funders, and the story whose teller stopped sharing it.
    expect(visibleText(fundersHtml)).toContain(
      '2 chosen stories are not counted here: their tellers did not agree to share them with funders.',
    );
    expect(visibleText(fundersHtml)).not.toContain(notShared.title);
  });
});

describe('the stories chosen at level 3', () => {
  it('lists, in the staff report, the story the funder panel chose in its domain, with the panel’s reasons', () => {
    const level3 = levelSection(staffHtml, 3);
    expect(level3).toContain('Panels: Community Foundation (funder)');
    expect(level3).toContain(`${noPanels.code} ${noPanels.title}`);
    expect(level3).toContain('Domain: Changes in how services work together');
    expect(level3).toContain(FUNDER_REASONS);
    expect(level3).toContain(`${notShared.code} ${notShared.title}`);
    expect(level3).not.toContain('more story was chosen here');
  });

  it('lists it for funders too, as its teller still shares it with them, and only notes the other', () => {
    const level3 = levelSection(fundersHtml, 3);
    expect(level3).toContain(`${noPanels.code} ${noPanels.title}`);
    expect(level3).toContain(FUNDER_REASONS);
    expect(level3).toContain('1 more story was chosen here; its teller did not agree to share it with funders');
    expect(level3).not.toContain(notShared.code);
  });

  it('keeps both pages valid HTML', async () => {
    expect(await htmlErrors(staffHtml)).toEqual([]);
    expect(await htmlErrors(fundersHtml)).toEqual([]);
  });
});
