/**
 * In real Chromium, with the keyboard only (Tab, Shift+Tab, Enter, Space, typing): a person switches Hearth to
 * Spanish, French or Arabic (right to left), signs in, opens an inquiry, records an interview and sees the story.
 * Focus is visible on every element reached, and every page passes axe.
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
import { translator } from '../../server/web/i18n.ts';
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

/**
 * Presses Tab (or Shift+Tab, going back up the page) until the focused element's name contains `name`, checking
 * that focus is visible at each stop.
 */
async function tabTo(page: Page, name: string, max = 60, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
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

/** The coordinator's own guide and the story, in each language (the interface's words come from its locale file). */
const WORDS = {
  es: {
    alliance: 'Alianza del Río',
    inquiry: 'Historias del barrio',
    storyPrompt: 'Cuénteme su historia.',
    titlePrompt: '¿Qué título le daría a su historia?',
    teller: 'Marta R.',
    story: 'Cuando abrieron el comedor, por fin nos sentamos juntos a la mesa.',
    title: 'La mesa compartida',
  },
  fr: {
    alliance: 'Alliance de la Rivière',
    inquiry: 'Histoires du quartier',
    storyPrompt: 'Racontez-moi votre histoire.',
    titlePrompt: 'Quel titre donneriez-vous à votre histoire ?',
    teller: 'Awa D.',
    story: 'Quand la cantine a ouvert, nous avons enfin mangé ensemble à la même table.',
    title: 'La table partagée',
  },
  ar: {
    alliance: 'تحالف النهر',
    inquiry: 'قصص الحي',
    storyPrompt: 'احكِ لي قصتك.',
    titlePrompt: 'ما العنوان الذي تعطيه لقصتك؟',
    teller: 'سلمى ر.',
    story: 'عندما فُتح المطعم المجتمعي، جلسنا أخيراً معاً إلى المائدة نفسها.',
    title: 'المائدة المشتركة',
  },
} as const;

describe.skipIf(pagesOnlyOnSqlite).each(Object.keys(WORDS) as (keyof typeof WORDS)[])(
  'Hearth in %s with the keyboard alone',
  (lang) => {
    const words = WORDS[lang];
    const tr = translator(lang);
    let h: BrowserHarness;
    let email: string;

    beforeAll(async () => {
      h = await startBrowserHarness();
      const world = await makeAlliance(h.t.db, words.alliance);
      email = world.interviewer.email;
      const inquiry = await makeInquiry(h.t.db, world.alliance, world.coordinator, 'custom', words.inquiry);
      // The guide is the coordinator's own words, written in the language for this inquiry.
      await h.t.db
        .updateTable('questions')
        .set({ prompt: words.storyPrompt })
        .where('inquiry_id', '=', inquiry.id)
        .where('kind', '=', 'story')
        .execute();
      await h.t.db
        .updateTable('questions')
        .set({ prompt: words.titlePrompt })
        .where('inquiry_id', '=', inquiry.id)
        .where('kind', '=', 'title')
        .execute();
      await h.t.db.updateTable('inquiries').set({ languages: lang }).where('id', '=', inquiry.id).execute();
    });
    afterAll(() => h?.close());

    it('switches language, signs in, records an interview and reads the story', async () => {
      const page = await h.page({ locale: 'en-GB' });
      const dir = lang === 'ar' ? 'rtl' : 'ltr';
      await page.goto('/sign-in');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await expectNoAxeViolations(page);

      // The language switcher is a plain link: Tab to it, Enter.
      await tabTo(page, tr('language.self'));
      await follow(page);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(dir);
      expect(await page.locator('h1').textContent()).toBe(tr('accounts.sign-in.title'));
      await expectNoAxeViolations(page);

      await tabTo(page, tr('forms.labels.email'));
      await page.keyboard.type(email);
      await page.keyboard.press('Tab');
      expect((await focused(page)).name).toBe(tr('forms.labels.password'));
      await page.keyboard.type('correct horse battery');
      await follow(page); // Enter in a form field sends the form

      // Signed in, the account's own language counts (English, as made): choose this language for the account.
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await tabTo(page, 'Your language');
      await follow(page);
      expect(await page.locator('h1').textContent()).toBe('Your language');
      await tabTo(page, 'English'); // a radio group: Tab lands on the checked one, arrows move and choose
      for (let i = 0; i < 5 && (await focused(page)).name !== tr('language.self'); i++)
        await page.keyboard.press('ArrowDown');
      expect((await focused(page)).name).toBe(tr('language.self'));
      expect(await page.locator(`#field-language-${lang}`).isChecked()).toBe(true);
      await tabTo(page, 'Save language');
      await follow(page);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(dir);
      expect(await page.locator('.flash').textContent()).toContain(tr('language.saved'));
      // The message has the focus, so a screen reader reads it at once; the site's name is back up the page.
      // Chromium applies autofocus once the page has loaded, a moment later on a busy machine: wait for it.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.classList.contains('flash')), { timeout: 5000 })
        .toBe(true);
      await expectNoAxeViolations(page);

      // Home (the alliance), then its inquiries, then the inquiry.
      await tabTo(page, 'Hearth', 60, 'Shift+Tab');
      await follow(page);
      await expectNoAxeViolations(page);
      await tabTo(page, tr('layout.inquiries'));
      await follow(page);
      expect(await page.locator('h1').textContent()).toBe(tr('inquiries.list.title'));
      await expectNoAxeViolations(page);
      await tabTo(page, words.inquiry);
      await follow(page);
      expect(await page.locator('h1').textContent()).toBe(words.inquiry);
      expect(await page.locator('nav.cycle-nav').getAttribute('aria-label')).toBe(tr('cycle.navLabel'));
      await expectNoAxeViolations(page);

      // Record an interview.
      await tabTo(page, tr('inquiries.inquiry.record'));
      await follow(page);
      expect(await page.locator('h1').textContent()).toBe(tr('stories.interview.title'));
      await expectNoAxeViolations(page);
      await tabTo(page, tr('stories.form.storyteller_interview'));
      await page.keyboard.type(words.teller);
      await tabTo(page, words.storyPrompt);
      await page.keyboard.type(words.story);
      await tabTo(page, words.titlePrompt);
      await page.keyboard.type(words.title);
      await tabTo(page, tr('consent.uses.panels'));
      await page.keyboard.press('Space');
      expect(await page.locator('#field-consent-panels').isChecked()).toBe(true);
      await tabTo(page, tr('consent.ways.spoken'));
      await page.keyboard.press('Space');
      expect(await page.locator('#field-consentHow-spoken').isChecked()).toBe(true);
      await tabTo(page, tr('stories.form.consentOn'));
      await page.keyboard.type('01012026'); // day and month alike, whichever order the browser's date box uses
      expect(await page.locator('#field-consentOn').inputValue()).toBe('2026-01-01');
      await tabTo(page, tr('stories.form.record'));
      await follow(page);

      // The story, in its teller's words, in a page of this language.
      expect(await page.locator('.flash').textContent()).toBe(tr('stories.flash.recorded'));
      expect(await page.locator('h1').textContent()).toContain(words.title);
      expect(await page.locator('.story__words blockquote').first().getAttribute('lang')).toBe(lang);
      expect(await page.locator('.story__words').textContent()).toContain(words.story);
      expect(await page.locator('.cycle-nav [aria-current="step"]').textContent()).toContain(tr('cycle.collect'));
      await expectNoAxeViolations(page);
    }, 90_000);
  },
);
