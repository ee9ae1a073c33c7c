/** In real Chromium: welcome -> set up an alliance -> sign out and in -> invite an interviewer, who joins and sees only what the role allows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';

describe.skipIf(pagesOnlyOnSqlite)('foundation in a real browser', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h?.close());

  it('sets up an alliance, invites an interviewer who joins on a phone, with no axe violations', async () => {
    const page = await h.page();
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Welcome to Hearth');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Set up your alliance' }).click();
    await expectNoAxeViolations(page);
    // A mistake first: the form comes back with a message and what was typed.
    await page.getByLabel('Alliance name').fill('Harbour Alliance');
    await page.getByLabel('Your name').fill('Ada Coordinator');
    await page.getByLabel('Email address').fill('ada@example.org');
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByLabel('Password again').fill('not the same one');
    await page.getByRole('button', { name: 'Create the alliance' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The two passwords are not the same');
    expect(await page.getByLabel('Alliance name').inputValue()).toBe('Harbour Alliance');
    await expectNoAxeViolations(page);

    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByLabel('Password again').fill('a long enough password');
    await page.getByRole('button', { name: 'Create the alliance' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Harbour Alliance');
    await expectNoAxeViolations(page);

    // Sign out and back in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await expectNoAxeViolations(page);
    await page.getByLabel('Email address').fill('ada@example.org');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Harbour Alliance');

    // Invite an interviewer.
    await page.getByRole('link', { name: 'Invitations' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Who is it for?').fill('Ben, interviewer');
    await page.getByLabel('Role').selectOption('interviewer');
    await page.getByRole('button', { name: 'Make invitation link' }).click();
    const link = await page.getByRole('textbox', { name: 'Invitation link' }).inputValue();
    expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{40,}$/);
    await expectNoAxeViolations(page);

    // Ben opens the link on his phone, makes an account and lands in the alliance as an interviewer.
    const phone = await h.page(PHONE);
    await phone.goto(link);
    await expectNoAxeViolations(phone);
    await phone.getByLabel('Your name').fill('Ben Interviewer');
    await phone.getByLabel('Email address').fill('ben@example.org');
    await phone.getByLabel('Password', { exact: true }).fill('bens own password');
    await phone.getByLabel('Password again').fill('bens own password');
    await phone.getByRole('button', { name: 'Create account and join' }).click();
    await expect.poll(() => phone.locator('h1').textContent()).toBe('Harbour Alliance');
    expect(await phone.locator('.role-badge').first().textContent()).toBe('Interviewer');
    expect(await phone.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await expectNoAxeViolations(phone);
    const members = await phone.goto(`${new URL(phone.url()).pathname}/members`);
    expect(members?.status()).toBe(403);

    // The link worked once: opened again, it says so.
    const second = await h.page();
    const again = await second.goto(link);
    expect(again?.status()).toBe(410);
    expect(await second.locator('h1').textContent()).toBe('This invitation has already been used');
    await expectNoAxeViolations(second);

    // The coordinator sees Ben among the members, and the audit log says what happened.
    await page.getByRole('link', { name: 'Members' }).click();
    expect(await page.getByRole('row', { name: /Ben Interviewer/ }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Audit log' }).click();
    // One event, one row: Ben joined, as what; not a second row for the invitation he used.
    expect(await page.getByRole('row', { name: /Ben Interviewer/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /Ben Interviewer/ }).textContent()).toContain(
      'joined the alliance as Interviewer',
    );
    await expectNoAxeViolations(page);
  });

  it('works with JavaScript turned off', async () => {
    const page = await h.page({ javaScriptEnabled: false });
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('ada@example.org');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Harbour Alliance');
  });
});
