/**
 * In real Chromium: a coordinator builds a codebook (a mistake first), tags a story, tags a passage by pasting
 * its words and another by selecting them, picks one of two occurrences, and sees them marked; an interviewer
 * does the same with JavaScript turned off, on a phone. No axe violations on any page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, Story, User } from '../../server/db/schema.ts';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

const WORDS =
  'The food bank and the housing team met every Tuesday. Every Tuesday I knew where to go, and the damp flat got fixed.';

describe.skipIf(pagesOnlyOnSqlite)('the codebook and tagging in a real browser', () => {
  let h: BrowserHarness;
  let alliance: Alliance;
  let people: Record<Role, User>;
  let inquiry: Inquiry;
  let story: Story;
  let storyPath: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    ({ alliance, ...people } = await makeAlliance(h.t.db, 'Harbour Alliance'));
    inquiry = await makeInquiry(h.t.db, alliance, people.coordinator);
    story = await makeStory(h.t.db, inquiry, {
      title: 'Where to go',
      words: WORDS,
      why: 'Because someone listened.',
      interviewer: people.interviewer,
    });
    storyPath = `/alliances/${alliance.id}/stories/${story.id}`;
  });
  afterAll(() => h?.close());

  const signInAs = async (page: Page, person: User) => {
    await signIn(page, person.email);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Harbour Alliance');
  };
  const marked = (page: Page) => page.locator('.story__words mark.passage').allTextContents();

  it('builds a codebook, a mistake first', async () => {
    const page = await h.page();
    await signInAs(page, people.coordinator);

    // From the inquiry page to its codebook: empty at first.
    await page.goto(`/alliances/${alliance.id}/inquiries/${inquiry.id}`);
    await page.getByRole('link', { name: 'Codebook' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Codebook');
    expect(await page.locator('#tags').textContent()).toContain('No tags yet.');
    await expectNoAxeViolations(page);

    // A mistake first: no name. The description is kept.
    await page.getByLabel('Description (optional)').fill('Homes, landlords and repairs.');
    await page.getByRole('button', { name: 'Create the tag' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Give the tag a name');
    expect(await page.getByLabel('Description (optional)').inputValue()).toBe('Homes, landlords and repairs.');
    await expectNoAxeViolations(page);
    await page.getByLabel('Name').fill('Housing');
    await page.getByRole('button', { name: 'Create the tag' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Tag created.');

    // A sub-tag under it.
    await page.getByLabel('Name').fill('Damp');
    await page.getByLabel('Under').selectOption({ label: 'Housing' });
    await page.getByRole('button', { name: 'Create the tag' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Tag created.');
    expect(await page.locator('.codebook-tree .codebook-tree .codebook-tree__tag').allTextContents()).toEqual([
      expect.stringContaining('Damp'),
    ]);
    await expectNoAxeViolations(page);
  });

  it('tags the whole story, and a passage by pasting its words', async () => {
    const page = await h.page();
    await signInAs(page, people.coordinator);
    await page.goto(storyPath);
    await page.getByLabel('A tag from the codebook').selectOption({ label: 'Housing' });
    await page.getByRole('button', { name: 'Add the tag' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Tag added to the story.');
    expect(await page.locator('#tags .tag-list').textContent()).toContain('Housing');
    await expectNoAxeViolations(page);

    // Tag a passage by pasting its words.
    await page.getByRole('link', { name: 'Tag a passage in this answer' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tag a passage');
    await expectNoAxeViolations(page);
    await page.getByLabel('The words to tag, exactly as in the story').fill('the damp flat');
    await page.getByLabel('A tag from the codebook').selectOption({ label: 'Housing › Damp' });
    await page.getByRole('button', { name: 'Tag this passage' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Passage tagged.');
    expect(new URL(page.url()).pathname).toBe(storyPath);
    expect(await marked(page)).toEqual(['the damp flat']);
    expect(await page.locator('#passages-0').textContent()).toContain('Damp');
    await expectNoAxeViolations(page);
  });

  it('tags a passage by selecting its words, and asks which one when they occur twice', async () => {
    const page = await h.page();
    await signInAs(page, people.coordinator);
    await page.goto(storyPath);
    await page.getByRole('link', { name: 'Tag a passage in this answer' }).first().click();
    await expect.poll(() => page.locator('#passage-select-note').isVisible()).toBe(true);
    await page.evaluate(() => {
      const text = document.getElementById('passage-source')!.firstChild!;
      const range = document.createRange();
      range.setStart(text, 4);
      range.setEnd(text, 13);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await expect
      .poll(() => page.getByLabel('The words to tag, exactly as in the story').inputValue())
      .toBe('food bank');
    await page.getByLabel('Or a new tag').fill('Food');
    await page.getByRole('button', { name: 'Tag this passage' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Passage tagged.');
    expect(await marked(page)).toEqual(['food bank', 'the damp flat']);

    // Words that occur twice: Hearth asks which one.
    await page.getByRole('link', { name: 'Tag a passage in this answer' }).first().click();
    await page.getByLabel('The words to tag, exactly as in the story').fill('Tuesday');
    await page.getByLabel('Or a new tag').fill('Routine');
    await page.getByRole('button', { name: 'Tag this passage' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('These words appear more than once');
    await expectNoAxeViolations(page);
    await page
      .getByRole('radio', { name: /^…housing team met every Tuesday\. Every \[these words: Tuesday ?\] I knew/ })
      .check();
    await page.getByRole('button', { name: 'Tag this passage' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Passage tagged.');
    expect(await marked(page)).toEqual(['food bank', 'Tuesday', 'the damp flat']);
    expect(await page.locator('.story__words blockquote').first().innerHTML()).toContain(
      'every Tuesday. Every <mark class="passage">Tuesday</mark> I knew',
    );

    // The codebook counts it, per domain.
    await page.getByRole('link', { name: 'codebook', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Codebook');
    expect(await page.getByRole('row', { name: /Housing › Damp/ }).textContent()).toContain('1');
    await expectNoAxeViolations(page);
  });

  it('tags a passage with JavaScript turned off, on a phone', async () => {
    const page = await h.page({ ...PHONE, javaScriptEnabled: false });
    await signInAs(page, people.interviewer);
    await page.goto(`${storyPath}/passages/new?answer=1`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tag a passage');
    expect(await page.locator('#passage-select-note').isVisible()).toBe(false);
    await page.getByLabel('The words to tag, exactly as in the story').fill('nobody said this');
    await page.getByRole('button', { name: 'Tag this passage' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('These words are not in this answer');
    expect(await page.getByLabel('The words to tag, exactly as in the story').inputValue()).toBe('nobody said this');
    await page.getByLabel('The words to tag, exactly as in the story').fill('someone listened');
    await page.getByLabel('Or a new tag').fill('Being heard');
    await page.getByRole('button', { name: 'Tag this passage' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toBe('Passage tagged.');
    expect(await page.locator('#passages-1').textContent()).toContain('Being heard');
    expect(await page.locator('.answer--why mark.passage').allTextContents()).toEqual(['someone listened']);

    // Interviewers read the codebook; they do not change it.
    await page.goto(`/alliances/${alliance.id}/inquiries/${inquiry.id}/codebook`);
    expect(await page.locator('main').textContent()).toContain('Being heard');
    expect(await page.getByRole('button', { name: 'Create the tag' }).count()).toBe(0);
  });

  it('has no axe violations on a phone: a passage with a mistake, the story and the codebook', async () => {
    const page = await h.page(PHONE);
    await signInAs(page, people.interviewer);
    await page.goto(`${storyPath}/passages/new?answer=0`);
    await page.getByRole('button', { name: 'Tag this passage' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Type or paste the words to tag (up to 20,000 characters).');
    await expectNoAxeViolations(page);
    await page.goto(storyPath);
    await expectNoAxeViolations(page);
    await page.goto(`/alliances/${alliance.id}/inquiries/${inquiry.id}/codebook`);
    await expectNoAxeViolations(page);
  });
});
