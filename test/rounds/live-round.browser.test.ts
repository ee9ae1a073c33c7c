/** In real Chromium: a facilitator opens voting; two guests join on their phones, read and vote; the tallies update live. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  noBrowser,
  PHONE,
  signIn,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { participationWorld } from './round-fixtures.ts';

describe.skipIf(noBrowser)('a live round with two guests, in a real browser', () => {
  let h: BrowserHarness;
  beforeAll(async () => (h = await startBrowserHarness()));
  afterAll(() => h?.close());

  it('guests join with the code, read and vote on phones; the facilitator sees the votes arrive without reloading', async () => {
    const w = await participationWorld(h.t, { stage: 'reading' });
    const hub = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
    const [first, second] = w.stories;

    const facilitator = await h.page();
    await signIn(facilitator, w.people.facilitator.email);
    await facilitator.goto(hub);
    await expectNoAxeViolations(facilitator);
    await facilitator.getByRole('button', { name: 'Move to Voting' }).click();
    await expect
      .poll(
        async () =>
          (await h.t.db.selectFrom('rounds').select('stage').where('id', '=', w.round.id).executeTakeFirstOrThrow())
            .stage,
      )
      .toBe('voting');
    await facilitator.goto(`${hub}/tallies`);
    await expect.poll(() => facilitator.locator('[data-tally="voted"]').textContent()).toBe('0');
    await expectNoAxeViolations(facilitator);
    // A mark on this very page: if it were reloaded, the mark would be gone.
    await facilitator.evaluate(() => document.body.setAttribute('data-still-here', 'yes'));

    const voteAs = async (name: string, dots: Record<number, string>, checkPages: boolean) => {
      const phone = await h.page(PHONE);
      await phone.goto('/join');
      if (checkPages) await expectNoAxeViolations(phone);
      await phone.getByLabel('Round code').fill(w.round.join_code.toLowerCase());
      await phone.getByLabel('Your name').fill(name);
      await phone.getByRole('button', { name: 'Join' }).click();
      await expect.poll(() => phone.locator('h1').textContent()).toBe(w.round.name);
      if (checkPages) await expectNoAxeViolations(phone);
      await phone.getByRole('link', { name: new RegExp(first!.code) }).click();
      await expect.poll(() => phone.locator('h1').textContent()).toBe(first!.title);
      expect(await phone.locator('.reading__words').first().textContent()).toContain(
        'the nurse and the housing officer',
      );
      if (checkPages) await expectNoAxeViolations(phone);
      await phone.getByRole('link', { name: 'Go to the vote' }).click();
      await expect.poll(() => phone.locator('h1').textContent()).toBe('Your vote');
      if (checkPages) await expectNoAxeViolations(phone);
      for (const [id, n] of Object.entries(dots)) await phone.locator(`#field-dots-${id}`).fill(n);
      await phone.getByRole('button', { name: 'Cast my vote' }).click();
      await expect.poll(() => phone.getByRole('heading', { name: 'Your vote is in' }).count()).toBe(1);
      if (checkPages) await expectNoAxeViolations(phone);
    };

    // A mistake first: too many dots is refused with a message, nothing counted.
    const eager = await h.page(PHONE);
    await eager.goto(`/join?code=${w.round.join_code}`);
    await eager.getByLabel('Your name').fill('Eager');
    await eager.getByRole('button', { name: 'Join' }).click();
    await eager.goto(`/rounds/${w.round.id}/take-part/vote`);
    await eager.locator(`#field-dots-${first!.id}`).fill('3');
    await eager.locator(`#field-dots-${second!.id}`).fill('3');
    await eager.getByRole('button', { name: 'Cast my vote' }).click();
    await expect.poll(() => eager.getByRole('alert').textContent()).toContain('That is more dots than you have');
    await expectNoAxeViolations(eager);

    await voteAs('Ada', { [first!.id]: '2', [second!.id]: '1' }, true);
    await expect
      .poll(() => facilitator.locator(`[data-tally="live-${first!.id}"]`).textContent(), { timeout: 15_000 })
      .toBe('2');
    await voteAs('Ben', { [first!.id]: '3' }, false);
    await expect
      .poll(() => facilitator.locator(`[data-tally="total-${first!.id}"]`).textContent(), { timeout: 15_000 })
      .toBe('5');
    await expect.poll(() => facilitator.locator(`[data-tally="total-${second!.id}"]`).textContent()).toBe('1');
    await expect.poll(() => facilitator.locator('[data-tally="voted"]').textContent()).toBe('2');
    expect(await facilitator.locator('[data-tally="joined"]').textContent()).toBe('3');
    expect(await facilitator.locator('body').getAttribute('data-still-here')).toBe('yes');
    await expectNoAxeViolations(facilitator);
  }, 90_000);
});
