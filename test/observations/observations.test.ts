/**
 * Observations on patterns: a facilitator pins a pattern with what they see and competing readings; the numbers
 * are made afresh (a withdrawal shows at once); it becomes a question in the learning log, a pattern card in packs,
 * and a section of the report for staff and funders, with no links a reader could not follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawStory } from '../../server/stories/care-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let facilitator: Agent;
let pinned: string;

const SEEN = 'Stories told by carers are seldom chosen at level 2.';
const FIRST = 'Panels may not see what carers do as a change.';
const SECOND = 'Carers tell shorter stories, which panels pass over.';

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  facilitator = await signInAs(t, 'facilitator');
}, 60_000);
afterAll(() => t.close());

/** The report's section of observations: from its heading to the learning log's. */
const observationsIn = (html: string) =>
  html.split('aria-labelledby="report-observations"')[1]?.split('aria-labelledby="report-learning"')[0];

const storiesCounted = (html: string) => Number(/(\d+) stories count here/.exec(visibleText(html))?.[1]);

describe('pinning a pattern', () => {
  it('is offered on a pattern’s page, and shows the pattern above the form', async () => {
    const pattern = await facilitator.get(`${bed.base}/patterns/domain/length`);
    expect(decode(pattern.body)).toContain(`href="${bed.base}/observations/new?pattern=domain%2Flength"`);
    const res = await facilitator.get(`${bed.base}/observations/new?pattern=domain%2Flength`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Pin a pattern');
    expect(visibleText(res.body)).toContain('Domain × Story length');
    expect(res.body).toContain('id="contingency"');
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('says what is missing next to the field, keeping the readings typed', async () => {
    const res = await facilitator.post(`${bed.base}/observations`, {
      pattern: 'domain/length',
      text: ' ',
      first: FIRST,
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'text')).toContain('Write what you see in the pattern');
    expect(res.body).toContain(FIRST);
    const unknown = await facilitator.post(`${bed.base}/observations`, { pattern: 'interviewer', text: SEEN });
    expect(unknown.statusCode).toBe(422);
    expect(visibleText(unknown.body)).toContain('This pattern cannot be pinned.');
    expect(fieldValue(unknown.body, 'text') ?? unknown.body).toContain(SEEN);
    // Only the demo's own observation: nothing was half-written.
    expect(await t.db.selectFrom('observations').select('id').execute()).toHaveLength(1);
  });

  it('keeps the observation with both readings side by side, and the pattern as it is now', async () => {
    const res = await facilitator.post(`${bed.base}/observations`, {
      pattern: 'domain/length',
      text: SEEN,
      first: FIRST,
      second: SECOND,
    });
    expect(res.statusCode).toBe(303);
    pinned = String(res.headers.location);
    const page = await facilitator.get(pinned);
    expect(flash(page.body)).toBe('The pattern is pinned with your observation.');
    expect(heading(page.body)).toBe('Domain × Story length');
    const cards = [...page.body.matchAll(/<li class="reading-card"><p class="reading-card__text">([^<]+)</g)].map(
      (m) => m[1],
    );
    expect(cards).toEqual([FIRST, SECOND]);
    expect(visibleText(page.body)).toContain(SEEN);
    expect(page.body).toContain('/stories?ids=');
    expect(await htmlErrors(page.body)).toEqual([]);
  });

  it('counts a withdrawn story out at once', async () => {
    const before = storiesCounted((await facilitator.get(pinned)).body);
    const story = bed.stories.find((s) => s.status !== 'withdrawn' && s.status !== 'draft')!;
    await withdrawStory(t.db, null, 'test', story);
    expect(storiesCounted((await facilitator.get(pinned)).body)).toBe(before - 1);
  });

  it('takes a third reading, and refuses an empty one beside its field', async () => {
    const empty = await facilitator.post(`${pinned}/interpretations`, { interpretation: '' });
    expect(empty.statusCode).toBe(422);
    expect(fieldError(empty.body, 'interpretation')).toContain('Write the reading');
    // The change form above keeps what is saved, so a later "Save" does not blank it or drop the card.
    const ticked = (html: string) => /id="field-onCards" name="onCards" value="1" checked/.test(html);
    const typed = (html: string, name: string) =>
      decode(
        new RegExp(`<textarea id="field-${name}" name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1] ?? '',
      ).replace(/^\n/, '');
    const before = (await facilitator.get(pinned)).body;
    expect(ticked(before)).toBe(true);
    const long = await facilitator.post(`${pinned}/interpretations`, { interpretation: 'Why? '.repeat(900) });
    expect(long.statusCode).toBe(422);
    expect(typed(long.body, 'interpretation')).toBe('Why? '.repeat(900));
    expect(typed(long.body, 'text')).toBe(SEEN);
    expect(ticked(long.body)).toBe(true);
    expect((await facilitator.post(`${pinned}/interpretations`, { interpretation: 'A third way' })).statusCode).toBe(
      303,
    );
    expect((await facilitator.get(pinned)).body.match(/class="reading-card"/g)).toHaveLength(3);
  });

  it('is not for interviewers or readers', async () => {
    for (const role of ['interviewer', 'reader'] as const) {
      const agent = await signInAs(t, role);
      expect((await agent.get(pinned)).statusCode).toBe(403);
      expect((await agent.get(`${bed.base}/observations`)).statusCode).toBe(403);
    }
  });
});

describe('where an observation travels', () => {
  it('becomes a question to take up in the learning log, linked back to the pattern', async () => {
    const res = await facilitator.post(`${pinned}/learning`);
    expect(res.statusCode).toBe(303);
    const log = await facilitator.get(`${bed.base}/learning`);
    expect(flash(log.body)).toBe('The observation is in the learning log as a question to take up.');
    const text = visibleText(log.body);
    expect(text).toContain('Questions to take up');
    expect(text).toContain(SEEN);
    expect(log.body).toContain(`href="${pinned}"`);
    // A reader reads the question, without a link to a page they may not open.
    const reader = await (await signInAs(t, 'reader')).get(`${bed.base}/learning`);
    expect(visibleText(reader.body)).toContain(SEEN);
    expect(reader.body).not.toContain(`href="${pinned}"`);
  });

  it('is taken up once: the page then links to its question, and a second press (or two at once) adds nothing', async () => {
    const page = visibleText((await facilitator.get(pinned)).body);
    expect(page).toContain(
      'This observation is in the learning log as a question to take up. See it in the learning log',
    );
    expect(page).not.toContain('Add to the learning log as a question');
    const questions = () => t.db.selectFrom('learning_items').select('id').where('text', 'like', `%${SEEN}%`).execute();
    const before = (await questions()).length;
    const again = await facilitator.post(`${pinned}/learning`);
    expect(again.statusCode).toBe(303);
    const log = await facilitator.get(again.headers.location!);
    expect(flash(log.body)).toBe(
      'This observation was already in the learning log as a question: here it is. Nothing was added.',
    );
    // Two presses at once, as a double click sends them.
    await Promise.all([facilitator.post(`${pinned}/learning`), facilitator.post(`${pinned}/learning`)]);
    expect((await questions()).length).toBe(before);
    await facilitator.get(`${bed.base}/learning`); // reads the message those presses left, as the person would
  });

  it('prints as a pattern card in story packs, until left off the cards', async () => {
    const settings = visibleText((await facilitator.get(`${bed.base}/pack/settings`)).body);
    // Ticked by default, each told apart by what was seen (two cards may share a title).
    expect(settings).toContain('Pattern cards to print');
    expect(settings).toContain('Reached selection × Story length: “');
    expect(settings).toContain(`Domain × Story length: “${SEEN}”`);
    const pack = await facilitator.get(`${bed.base}/pack`);
    expect(pack.statusCode).toBe(200);
    // Each card runs from its heading to the next sheet (or the end of the copy); the demo pinned one too.
    const cards = pack.body
      .split('<section class="pack-sheet pack-card"')
      .slice(1)
      .map((c) => c.split('<section class="pack-sheet')[0]!);
    expect(visibleText(cards.join(''))).toContain('Reached selection × Story length');
    const card = cards.find((c) => c.includes('Domain × Story length'));
    expect(card).toBeDefined();
    const text = visibleText(card!);
    for (const words of ['A pattern to talk about', 'Domain × Story length', SEEN, FIRST, SECOND])
      expect(text).toContain(words);
    expect(text).toContain('Which reading do the stories on your table support?');
    expect(card).not.toContain('/stories?ids=');
    await facilitator.post(pinned, { text: SEEN });
    const after = await facilitator.get(`${bed.base}/pack`);
    expect(after.body).toContain('pack-card');
    expect(after.body).not.toContain('Domain × Story length');
  });

  it('shows in the report, for staff and for funders, with its readings and numbers but no story links', async () => {
    const staff = await facilitator.get(`${bed.base}/report`);
    const funders = await (await signInAs(t, 'reader')).get(`${bed.base}/report`);
    for (const res of [staff, funders]) {
      expect(res.statusCode).toBe(200);
      const section = observationsIn(res.body);
      expect(section).toBeDefined();
      const text = visibleText(section!);
      for (const words of ['Patterns we noticed', 'Domain × Story length', SEEN, FIRST, SECOND, 'A third way'])
        expect(text).toContain(words);
      expect(section).toContain('class="pattern-table"');
      expect(section).not.toContain('/stories?ids=');
      expect(await htmlErrors(res.body)).toEqual([]);
    }
  });

  it('counts in the report only the stories the report speaks for: funders’ consent and its period', async () => {
    const counted = async (agent: Agent, query = '') =>
      storiesCounted(observationsIn((await agent.get(`${bed.base}/report${query}`)).body)!);
    const told = bed.stories.filter((s) => s.status !== 'withdrawn' && s.status !== 'draft');
    const live = await t.db
      .selectFrom('stories')
      .where(
        'id',
        'in',
        told.map((s) => s.id),
      )
      .where('withdrawn_at', 'is', null)
      .select(['consent_funders', 'told_on', 'created_at'])
      .execute();
    const forFunders = live.filter((s) => s.consent_funders === 1).length;
    expect(forFunders).toBeLessThan(live.length);
    expect(await counted(facilitator)).toBe(live.length);
    expect(await counted(await signInAs(t, 'reader'))).toBe(forFunders);
    expect(await counted(facilitator, '?audience=funders')).toBe(forFunders);
    // A period the stories were not told in counts none of them.
    expect(await counted(facilitator, '?from=1990-01-01&to=1990-12-31')).toBe(0);
  });

  it('is gone from all of them once removed; the learning item stays', async () => {
    expect((await facilitator.post(`${pinned}/remove`)).statusCode).toBe(303);
    expect((await facilitator.get(pinned)).statusCode).toBe(404);
    const report = visibleText(observationsIn((await facilitator.get(`${bed.base}/report`)).body)!);
    expect(report).not.toContain(SEEN);
    expect(report).toContain('Reached selection × Story length');
    const log = await facilitator.get(`${bed.base}/learning`);
    expect(visibleText(log.body)).toContain(SEEN);
    expect(log.body).not.toContain(`href="${pinned}"`);
  });
});
