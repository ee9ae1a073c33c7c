/**
 * In real Chromium, with the keyboard only (Tab, Shift+Tab, Enter, Space, typing): a person switches Hearth to
 * Spanish, signs in, opens an inquiry, records an interview and sees the story. Focus is visible on every element
 * reached, and every page passes axe.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlliance } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser.ts';
import { makeInquiry } from '../helpers/stories.ts';

/** What the focused element is called (its label, or its text) and whether its focus can be seen. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', visible: false, tag: '', debug: '' };
    const input = el as HTMLInputElement;
    const label = input.labels?.[0]?.textContent ?? '';
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    // A table's scroll box is named by aria-label or aria-labelledby, not by the whole table's text.
    const labelledBy = document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent;
    return {
      name: (label || el.getAttribute('aria-label') || labelledBy || el.textContent || '').replace(/\s+/g, ' ').trim(),
      visible: outline || shadow,
      tag: el.tagName.toLowerCase(),
      debug: JSON.stringify([
        style.outlineStyle,
        style.outlineWidth,
        style.boxShadow,
        el.matches(':focus'),
        el.matches(':focus-visible'),
        el.matches(':focus-within'),
        document.hasFocus(),
      ]),
    };
  });
}

/** Presses Tab until the focused element's name contains `name`, checking that focus is visible at each stop. */
async function tabTo(page: Page, name: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    expect(now.visible, `focus visible on ${now.tag} “${now.name}” ${now.debug}`).toBe(true);
    if (now.name.includes(name)) return;
  }
  throw new Error(`Tab never reached “${name}”`);
}

/** Presses Enter on the focused link or button and waits for the next page. */
async function follow(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

describe.skipIf(pagesOnlyOnSqlite)('Hearth in Spanish with the keyboard alone', () => {
  let h: BrowserHarness;
  let email: string;
  let inquiryTitle: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const world = await makeAlliance(h.t.db, 'Alianza del Río');
    email = world.interviewer.email;
    inquiryTitle = 'Historias del barrio';
    const inquiry = await makeInquiry(h.t.db, world.alliance, world.coordinator, 'custom', inquiryTitle);
    // The guide is the coordinator's own words, written in Spanish for this inquiry.
    await h.t.db
      .updateTable('questions')
      .set({ prompt: 'Cuénteme su historia.' })
      .where('inquiry_id', '=', inquiry.id)
      .where('kind', '=', 'story')
      .execute();
    await h.t.db
      .updateTable('questions')
      .set({ prompt: '¿Qué título le daría a su historia?' })
      .where('inquiry_id', '=', inquiry.id)
      .where('kind', '=', 'title')
      .execute();
    await h.t.db.updateTable('inquiries').set({ languages: 'es' }).where('id', '=', inquiry.id).execute();
  });
  afterAll(() => h?.close());

  it('switches to Spanish, signs in, records an interview and reads the story', async () => {
    const page = await h.page({ locale: 'en-GB' });
    await page.goto('/sign-in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectNoAxeViolations(page);

    // The language switcher is a plain link: Tab to it, Enter.
    await tabTo(page, 'Español');
    await follow(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('h1').textContent()).toBe('Iniciar sesión');
    await expectNoAxeViolations(page);

    await tabTo(page, 'Correo electrónico');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Contraseña');
    await page.keyboard.type('correct horse battery');
    await follow(page); // Enter in a form field sends the form

    // Signed in, the account's own language counts (English, as made): choose Spanish for the account.
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await tabTo(page, 'Your language');
    await follow(page);
    expect(await page.locator('h1').textContent()).toBe('Your language');
    await tabTo(page, 'English'); // a radio group: Tab lands on the checked one, arrows move and choose
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).name).toBe('Español');
    expect(await page.locator('#field-language-es').isChecked()).toBe(true);
    await tabTo(page, 'Save language');
    await follow(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('.flash').textContent()).toContain('Su idioma se ha guardado');
    await expectNoAxeViolations(page);

    // Home (the alliance), then its inquiries, then the inquiry.
    await tabTo(page, 'Hearth');
    await follow(page);
    await expectNoAxeViolations(page);
    await tabTo(page, 'Indagaciones');
    await follow(page);
    expect(await page.locator('h1').textContent()).toBe('Indagaciones');
    await expectNoAxeViolations(page);
    await tabTo(page, inquiryTitle);
    await follow(page);
    expect(await page.locator('h1').textContent()).toBe(inquiryTitle);
    expect(await page.locator('nav.cycle-nav').getAttribute('aria-label')).toBe('Pasos del ciclo');
    await expectNoAxeViolations(page);

    // Record an interview.
    await tabTo(page, 'Registrar una entrevista');
    await follow(page);
    expect(await page.locator('h1').textContent()).toBe('Registrar una entrevista');
    await expectNoAxeViolations(page);
    await tabTo(page, 'Seudónimo o código de la persona narradora');
    await page.keyboard.type('Marta R.');
    await tabTo(page, 'Cuénteme su historia.');
    await page.keyboard.type('Cuando abrieron el comedor, por fin nos sentamos juntos a la mesa.');
    await tabTo(page, '¿Qué título le daría a su historia?');
    await page.keyboard.type('La mesa compartida');
    await tabTo(page, 'Leída por los paneles que eligen historias');
    await page.keyboard.press('Space');
    expect(await page.locator('#field-consent-panels').isChecked()).toBe(true);
    await tabTo(page, 'De palabra');
    await page.keyboard.press('Space');
    expect(await page.locator('#field-consentHow-spoken').isChecked()).toBe(true);
    await tabTo(page, 'Fecha en que se dio el consentimiento');
    await page.keyboard.type('01012026'); // day and month alike, whichever order the browser's date box uses
    expect(await page.locator('#field-consentOn').inputValue()).toBe('2026-01-01');
    await tabTo(page, 'Registrar la historia');
    await follow(page);

    // The story, in its teller's words, in a Spanish page.
    expect(await page.locator('.flash').textContent()).toBe('Historia registrada.');
    expect(await page.locator('h1').textContent()).toContain('La mesa compartida');
    expect(await page.locator('.story__words blockquote').first().getAttribute('lang')).toBe('es');
    expect(await page.locator('.story__words').textContent()).toContain('por fin nos sentamos juntos a la mesa');
    expect(await page.locator('.cycle-nav [aria-current="step"]').textContent()).toContain('Recoger');
    await expectNoAxeViolations(page);
  }, 90_000);
});
