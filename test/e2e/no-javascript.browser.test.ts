/**
 * Issue 10, "no JavaScript needed", in real Chromium with JavaScript switched off: a coordinator signs in and starts an
 * inquiry; an interviewer saves a draft, resumes it and records it; a visitor tells a story through the public link;
 * a guest joins a round at /join and votes on a phone; the facilitator reads the tally, records a decision with
 * reasons, and opens the feedback page and the report. After each step the test checks what the person sees, and every
 * page passes axe. A failing test leaves a screenshot in test-results/.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlliance } from '../helpers/app.ts';
import {
  axeUnlessChecked,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';

const DOMAIN = "Changes in people's lives";
const REASONS = 'We chose it because the change lasted and she says it in her own words.';
const NO_JS: BrowserContextOptions = { javaScriptEnabled: false };

const h1 = (page: Page) => page.locator('h1').textContent();
const flash = (page: Page) => page.locator('.flash').textContent();
const main = (page: Page) => page.locator('main').innerText();

describe.skipIf(pagesOnlyOnSqlite)('the main flows with JavaScript switched off', () => {
  let h: BrowserHarness;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  beforeAll(async () => {
    h = await startBrowserHarness();
    people = await makeAlliance(h.t.db, 'Harbour Alliance');
  });
  afterAll(() => h?.close());

  it('collects stories, votes on a phone, decides, feeds back and reports, all without scripts', async () => {
    const a = `/alliances/${people.alliance.id}`;

    // A coordinator signs in and starts an MSC inquiry, then opens its public link.
    const coordinator = await h.page(NO_JS);
    await signIn(coordinator, people.coordinator.email);
    await coordinator.goto(`${a}/inquiries/new`);
    await axeUnlessChecked(coordinator);
    await coordinator.getByLabel('Title').fill('Harbour stories');
    await coordinator.getByLabel('Most Significant Change').check();
    await coordinator.getByRole('button', { name: 'Create the inquiry' }).click();
    expect(await h1(coordinator)).toBe('Harbour stories');
    expect(await flash(coordinator)).toContain('The inquiry is ready');
    await axeUnlessChecked(coordinator);
    const inquiry = await h.t.db
      .selectFrom('inquiries')
      .selectAll()
      .where('title', '=', 'Harbour stories')
      .executeTakeFirstOrThrow();
    const inq = `${a}/inquiries/${inquiry.id}`;
    await coordinator.getByRole('button', { name: 'Open a public storytelling link' }).click();
    expect(await flash(coordinator)).toContain('The public storytelling link is open');
    const publicLink = await coordinator.getByRole('textbox', { name: 'Public storytelling link' }).inputValue();
    await axeUnlessChecked(coordinator);

    // An interviewer: a slip (nothing filled in), then a draft, then back to it later, then the story recorded.
    const interviewer = await h.page(NO_JS);
    await signIn(interviewer, people.interviewer.email);
    await interviewer.goto(`${inq}/interviews/new`);
    expect(await h1(interviewer)).toBe('Record an interview');
    await axeUnlessChecked(interviewer);
    await interviewer.getByRole('button', { name: 'Record the story' }).click();
    expect(await interviewer.locator('.error-summary').count()).toBe(1);
    await axeUnlessChecked(interviewer);
    await interviewer.getByLabel('Storyteller’s pseudonym or code').fill('Rose');
    await interviewer
      .getByLabel(/most significant change/)
      .fill('The nurse and the housing officer came together at my door.');
    await interviewer.getByRole('button', { name: 'Save draft' }).click();
    expect(await flash(interviewer)).toBe('Draft saved. You can carry on now or later.');
    await axeUnlessChecked(interviewer);
    await interviewer.goto(`${inq}/stories`);
    expect(await h1(interviewer)).toBe('Stories');
    await axeUnlessChecked(interviewer);
    const draft = await h.t.db
      .selectFrom('stories')
      .select(['id', 'code'])
      .where('storyteller', '=', 'Rose')
      .executeTakeFirstOrThrow();
    await interviewer.getByRole('link', { name: draft.code, exact: true }).click();
    await axeUnlessChecked(interviewer);
    await interviewer.getByRole('link', { name: 'Carry on with this draft' }).click();
    expect(await interviewer.getByLabel(/most significant change/).inputValue()).toBe(
      'The nurse and the housing officer came together at my door.',
    );
    await interviewer.getByLabel(DOMAIN).check();
    await interviewer.getByLabel('Why is this significant to you?').fill('Because for once they talked.');
    await interviewer.getByLabel('What title would you give your story?').fill('Together at the door');
    for (const use of ['Read by the panels that choose stories', 'Quoted in reports', 'Shared with funders'])
      await interviewer.getByLabel(use).check();
    await interviewer.getByLabel('Spoken').check();
    await interviewer.getByLabel('Date consent was given').fill('2026-11-01');
    await interviewer.getByRole('button', { name: 'Record the story' }).click();
    expect(await h1(interviewer)).toBe('Together at the door');
    expect(await flash(interviewer)).toBe('Story recorded.');
    await axeUnlessChecked(interviewer);

    // A visitor tells a story through the public link, on a phone.
    const visitor = await h.page({ ...PHONE, ...NO_JS });
    await visitor.goto(publicLink);
    await axeUnlessChecked(visitor);
    await visitor.getByLabel(DOMAIN).check();
    await visitor.getByLabel(/most significant change/).fill('The food bank started opening on Saturdays.');
    await visitor.getByLabel('Why is this significant to you?').fill('I work in the week.');
    await visitor.getByLabel('What title would you give your story?').fill('Saturdays');
    await visitor.getByLabel('Read by the panels that choose stories').check();
    await visitor.getByRole('button', { name: 'Send my story' }).click();
    expect(await h1(visitor)).toBe('Thank you for your story');
    await axeUnlessChecked(visitor);
    const told = await h.t.db
      .selectFrom('stories')
      .select(['id', 'code'])
      .where('route', '=', 'public')
      .executeTakeFirstOrThrow();
    await interviewer.goto(`${inq}/stories`);
    expect(await main(interviewer)).toContain('Saturdays');
    expect(await main(interviewer)).toContain('Together at the door');

    // The facilitator sets up a live round with both stories and opens voting.
    const facilitator = await h.page(NO_JS);
    await signIn(facilitator, people.facilitator.email);
    await facilitator.goto(`${inq}/rounds/new`);
    await axeUnlessChecked(facilitator);
    await facilitator.getByLabel('Name of the round').fill('Table 1');
    await facilitator.getByLabel('Panel', { exact: true }).fill('Table 1 at the open event');
    await facilitator.getByLabel(DOMAIN).check();
    await facilitator.getByLabel('Dot voting').check();
    await facilitator.getByLabel('Dots each (or stories each ranks)').fill('3');
    await facilitator.getByLabel("Live, on participants' phones").check();
    await facilitator.getByRole('button', { name: 'Create the round' }).click();
    expect(await h1(facilitator)).toBe('Table 1');
    expect(await flash(facilitator)).toBe('Round created. Pick its stories next.');
    await axeUnlessChecked(facilitator);
    const round = await h.t.db.selectFrom('rounds').selectAll().where('name', '=', 'Table 1').executeTakeFirstOrThrow();
    const hub = `${a}/rounds/${round.id}`;
    await facilitator.getByRole('link', { name: 'Pick stories' }).click();
    await axeUnlessChecked(facilitator);
    for (const code of [draft.code, told.code]) await facilitator.getByLabel(new RegExp(`^${code} `)).check();
    await facilitator.getByRole('button', { name: 'Add ticked stories' }).click();
    expect(await flash(facilitator)).toBe('Stories added to the round.');
    await axeUnlessChecked(facilitator);
    await facilitator.goto(hub);
    for (const stage of ['Reading', 'Voting']) {
      await facilitator.getByRole('button', { name: `Move to ${stage}` }).click();
      expect(await flash(facilitator)).toBe("The round's stage changed.");
    }
    await axeUnlessChecked(facilitator);

    // A guest joins on a phone with the code (a wrong code first), reads a story and votes.
    const guest = await h.page({ ...PHONE, ...NO_JS });
    await guest.goto('/join');
    await axeUnlessChecked(guest);
    await guest.getByLabel('Round code').fill('NOSUCH');
    await guest.getByLabel('Your name').fill('Ada');
    await guest.getByRole('button', { name: 'Join' }).click();
    expect(await guest.locator('.error-summary').count()).toBe(1);
    await axeUnlessChecked(guest);
    await guest.getByLabel('Round code').fill(round.join_code);
    await guest.getByRole('button', { name: 'Join' }).click();
    expect(await h1(guest)).toBe('Table 1');
    await axeUnlessChecked(guest);
    await guest.getByRole('link', { name: new RegExp(draft.code) }).click();
    expect(await h1(guest)).toBe('Together at the door');
    await axeUnlessChecked(guest);
    await guest.getByRole('link', { name: 'Go to the vote' }).click();
    expect(await h1(guest)).toBe('Your vote');
    await axeUnlessChecked(guest);
    await guest.locator(`#field-dots-${draft.id}`).fill('2');
    await guest.locator(`#field-dots-${told.id}`).fill('1');
    await guest.getByRole('button', { name: 'Cast my vote' }).click();
    expect(await guest.getByRole('heading', { name: 'Your vote is in' }).count()).toBe(1);
    await axeUnlessChecked(guest);

    // The facilitator reads the tally (no live updates without scripts: the page as served has the votes).
    await facilitator.goto(`${hub}/tallies`);
    expect(await facilitator.locator('[data-tally="voted"]').textContent()).toBe('1');
    expect(await facilitator.locator(`[data-tally="total-${draft.id}"]`).textContent()).toBe('2');
    await axeUnlessChecked(facilitator);

    // Deciding: the choice with reasons (a try without reasons first is refused).
    await facilitator.goto(hub);
    await facilitator.getByRole('button', { name: 'Move to Deciding' }).click();
    await facilitator.getByRole('link', { name: 'Record decisions' }).click();
    expect(await h1(facilitator)).toBe("Record the panel's decisions");
    await axeUnlessChecked(facilitator);
    await facilitator.getByLabel(new RegExp(draft.code)).check();
    await facilitator.getByRole('button', { name: /^Record the decision/ }).click();
    expect(await facilitator.locator('.error-summary').count()).toBe(1);
    await axeUnlessChecked(facilitator);
    await facilitator.getByLabel(new RegExp(draft.code)).check();
    await facilitator.getByLabel('Reasons').fill(REASONS);
    await facilitator.getByRole('button', { name: /^Record the decision/ }).click();
    expect(await flash(facilitator)).toContain('Decision recorded.');
    await axeUnlessChecked(facilitator);
    await facilitator.goto(hub);
    await facilitator.getByRole('button', { name: 'Move to Closed' }).click();
    expect(await flash(facilitator)).toBe("The round's stage changed.");

    // The feedback page and the report carry the reasons.
    await facilitator.getByRole('link', { name: 'Feedback page' }).click();
    expect(await h1(facilitator)).toBe('Feedback from the panel');
    expect(await main(facilitator)).toContain(REASONS);
    await axeUnlessChecked(facilitator);
    await coordinator.goto(`${inq}/report`);
    expect(await h1(coordinator)).toBe('Harbour stories');
    expect(await main(coordinator)).toContain('Together at the door');
    await axeUnlessChecked(coordinator);
  }, 300_000); // about 130 s alone; a loaded CI machine has taken over 180 s
});
