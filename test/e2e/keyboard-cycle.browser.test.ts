/**
 * Issue 10, "a person can complete the cycle with keyboard only, in Spanish", and the issue "French and Arabic,
 * right to left": the whole MSC cycle in real Chromium with nothing but the keyboard (Tab, Shift+Tab, Enter, Space,
 * arrows, typing), once in Spanish and once in Arabic. Each person chooses the language with the language control;
 * a coordinator starts an MSC inquiry from that language's template and opens its public link; an interviewer saves
 * a draft, resumes it and records it; a visitor tells a story on the public link; a facilitator sets up a live round,
 * a guest joins on a phone and votes, the facilitator moves the stages and records a decision with reasons; the
 * feedback page; the coordinator makes a share link and a funder reads the report. Locators only look: where focus
 * is and what the page says. Every stop of focus must be visible and on screen; every page is in the language
 * chosen, with its direction (<html dir="rtl" lang="ar"> in Arabic), scrolls not sideways, shows story and join
 * codes in their own order, points the cycle's arrows the way its steps run, and each kind of page passes axe with no English sentence left. The interface words come from
 * translator(language) and the questions from templateFor('msc', language); only what the people type is written
 * here. A failing step leaves test-results/keyboard-<language>-<step>.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFor } from '../../server/inquiries/templates.ts';
import { directionOf, translator } from '../../server/web/i18n.ts';
import { makeAlliance, PASSWORD } from '../helpers/app.ts';
import {
  expectNoAxeViolations,
  pagesOnlyOnSqlite,
  PHONE,
  routePattern,
  startBrowserHarness,
  step as stepOf,
  type BrowserHarness,
} from '../helpers/browser.ts';

/** What the people themselves type, in each language: their alliance, inquiry, stories, names and reasons. */
const WORDS = {
  es: {
    alliance: 'Alianza del Puerto',
    inquiry: 'Historias de cambio 2026',
    teller: 'Rosa',
    story: 'La enfermera y la persona de vivienda vinieron juntas a mi puerta.',
    why: 'Porque por una vez hablaron entre ellas.',
    title: 'Juntas en la puerta',
    publicStory: 'El banco de alimentos empezó a abrir los sábados.',
    publicWhy: 'Trabajo entre semana.',
    publicTitle: 'Los sábados',
    round: 'Mesa 1',
    panel: 'Mesa 1 del encuentro abierto',
    guest: 'Ada',
    reasons: 'Elegimos esta historia porque el cambio duró y ella lo cuenta con sus propias palabras.',
    funder: 'Junta de la fundación comunitaria',
  },
  ar: {
    alliance: 'تحالف الميناء',
    inquiry: 'قصص التغيير 2026',
    teller: 'روزا',
    story: 'جاءت الممرضة وموظفة الإسكان معًا إلى بابي.',
    why: 'لأنهما تحدّثتا مع بعضهما لأول مرة.',
    title: 'معًا عند الباب',
    publicStory: 'صار بنك الطعام يفتح أيام السبت.',
    publicWhy: 'أعمل طوال أيام الأسبوع.',
    publicTitle: 'أيام السبت',
    round: 'الطاولة 1',
    panel: 'الطاولة 1 في اللقاء المفتوح',
    guest: 'آدا',
    reasons: 'اخترنا هذه القصة لأن التغيير دام، وهي ترويه بكلماتها هي.',
    funder: 'مجلس المؤسسة المجتمعية',
  },
};
type Language = keyof typeof WORDS;

const en = translator('en');
const locale = (language: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'locales', `${language}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

/** Interface sentences that read differently in `language`: any of them on its pages was left in English. */
function englishOnlyIn(language: string): string[] {
  const sentences: string[] = [];
  (function collect(english: unknown, other: unknown): void {
    if (typeof english === 'string') {
      const plain = english.replace(/\{\{[^}]*\}\}.*$/s, '').trim(); // the text before any placeholder
      if (plain.length >= 15 && plain !== other) sentences.push(plain);
    } else if (english && typeof english === 'object') {
      for (const [key, value] of Object.entries(english))
        collect(value, (other as Record<string, unknown> | undefined)?.[key]);
    }
  })(locale('en'), locale(language));
  return sentences;
}

const h1 = (page: Page) => page.locator('h1').innerText();
const main = (page: Page) => page.locator('main').innerText();
const lang = (page: Page) => page.locator('html').getAttribute('lang');

interface Focused {
  name: string;
  kind: string;
  ring: boolean;
  style: string;
  /** Where the focused element and its ring fall outside the window sideways, in words; '' when on screen. */
  offScreen: string;
}

/**
 * The focused element: its accessible name (label, aria-label or text), its kind, whether its focus can be seen,
 * and whether it and its ring are inside the window (a box that scrolls sideways around a table may hold it).
 */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', kind: 'body', ring: false, style: '', offScreen: '' };
    const input = el as HTMLInputElement;
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ||
      (labelled
        ? labelled
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' ')
        : '') ||
      (input.labels?.[0]?.textContent ?? '') ||
      el.textContent ||
      input.value ||
      '';
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const kind = el.tagName === 'INPUT' ? `input:${input.type}` : el.tagName.toLowerCase();
    const ring = outline ? parseFloat(style.outlineWidth) + Math.max(0, parseFloat(style.outlineOffset) || 0) : 0;
    const box = el.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    let scroller: Element | null = el.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX))
      scroller = scroller.parentElement;
    const offScreen =
      !scroller && (box.left - ring < -0.5 || box.right + ring > width + 0.5)
        ? `from ${Math.round(box.left - ring)} to ${Math.round(box.right + ring)} px in a ${width} px window`
        : '';
    return {
      name: name.replace(/\s+/g, ' ').trim(),
      kind,
      ring: outline || style.boxShadow !== 'none',
      style: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} / ${style.boxShadow}`,
      offScreen,
    };
  });
}

/**
 * For a sample of element kinds (link, button, text box, checkbox, radio, select…): the focus ring differs from the
 * same element's look without focus, and is at least 2px wide. Focus is put back where it was.
 */
async function expectFocusRingDiffers(page: Page): Promise<void> {
  const result = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const look = () => {
      const s = getComputedStyle(el);
      return {
        outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
        width: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth),
        shadow: s.boxShadow,
      };
    };
    const withFocus = look();
    el.blur();
    const without = look();
    el.focus();
    return { withFocus, without, back: document.activeElement === el };
  });
  expect(result.back).toBe(true);
  expect(`${result.withFocus.outline} ${result.withFocus.shadow}`).not.toBe(
    `${result.without.outline} ${result.without.shadow}`,
  );
  expect(result.withFocus.width >= 2 || result.withFocus.shadow !== 'none').toBe(true);
}

/**
 * Each code (MSC-0001, a join code) shown on the page, as its letters and digits fall on screen from left to right,
 * beside the same code set alone in a <bdi> in the same place: a code the words around it pull apart or turn round
 * reads differently. Returns the codes that do, in words.
 */
function codesOutOfOrder(page: Page, codes: string[]): Promise<string[]> {
  return page.evaluate((codes) => {
    const onScreen = (node: Text, start: number, end: number) => {
      const xs: { i: number; x: number }[] = [];
      for (let i = start; i < end; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        xs.push({ i: i - start, x: box.left + box.width / 2 });
      }
      return xs
        .sort((a, b) => a.x - b.x)
        .map(({ i }) => node.data[start + i])
        .join('');
    };
    const wrong: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      const parent = node.parentElement;
      if (!parent || parent.closest('.visually-hidden, script, style, textarea') || !parent.getClientRects().length)
        continue;
      for (const code of codes) {
        for (let at = node.data.indexOf(code); at >= 0; at = node.data.indexOf(code, at + code.length)) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + code.length);
          const boxes = [...range.getClientRects()]; // one per run: a code turned round has two or more
          if (!boxes.length || boxes.some((box) => Math.abs(box.top - boxes[0]!.top) > boxes[0]!.height / 2)) continue; // wrapped over two lines: no one order to compare
          const seen = onScreen(node, at, at + code.length);
          const alone = document.createElement('bdi');
          alone.textContent = code;
          parent.insertBefore(alone, node);
          const expected = onScreen(alone.firstChild as Text, 0, code.length);
          alone.remove();
          if (seen !== expected)
            wrong.push(
              `${code} shows as “${seen}” (alone “${expected}”) in “${parent.textContent?.trim().slice(0, 80)}”`,
            );
        }
      }
    }
    return wrong;
  }, codes);
}

/**
 * The arrows between the steps of the cycle's navigation (named `label`) that point against the way the steps run
 * on screen: rightwards in English and Spanish, leftwards in Arabic. Returns them in words.
 */
function arrowsAgainstTheSteps(page: Page, label: string): Promise<string[]> {
  return page.evaluate((label) => {
    const wrong: string[] = [];
    const steps = [...document.querySelectorAll(`nav[aria-label="${label}"] li`)];
    for (let i = 1; i < steps.length; i++) {
      const [before, after] = [steps[i - 1]!, steps[i]!].map((el) => el.getBoundingClientRect());
      if (Math.abs(before!.top - after!.top) > 2) continue; // wrapped onto the next line: no way to point
      const runs = after!.left > before!.left ? '→' : '←';
      const arrow = getComputedStyle(steps[i]!, '::before').content;
      if (!arrow.includes(runs)) wrong.push(`${arrow} between steps ${i} and ${i + 1}, which run ${runs}`);
    }
    return wrong;
  }, label);
}

/** The keyboard-only steps and the checks on each page, for people working in `language`. */
function keyboardIn(language: Language) {
  const t = translator(language);
  const name = t('language.self');
  const englishOnly = englishOnlyIn(language);
  const ringsChecked = new Set<string>();
  const axed = new Set<string>();
  /** Pages (people) that chose the language: from then on every page they see must be in it. */
  const chosen = new WeakSet<Page>();
  /** Codes learned so far (stories, join code), checked on every page that shows them. */
  const codes: string[] = [];

  /** A step of this test: on failure, test-results/keyboard-<language>-<step>.png. */
  const step = <T>(stepName: string, page: Page, run: () => Promise<T>) =>
    stepOf(`keyboard-${language}-${stepName}`, page, run);

  /** Presses Tab (or Shift+Tab) until the focused element's name includes `label`; focus must be visible at every stop. */
  async function tabTo(page: Page, label: string, { back = false, max = 80 } = {}): Promise<Focused> {
    const seen: string[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const now = await focused(page);
      seen.push(`${now.kind} “${now.name.slice(0, 60)}”`);
      if (now.kind !== 'body') {
        expect(now.ring, `focus visible on ${now.kind} “${now.name}” (${now.style}) at ${page.url()}`).toBe(true);
        expect(now.offScreen, `focus on screen: ${now.kind} “${now.name}” at ${page.url()}`).toBe('');
      }
      if (now.name.includes(label)) return now;
    }
    throw new Error(`Tab never reached “${label}” on ${page.url()}; it went: ${seen.join(' → ')}`);
  }

  async function sampleRing(page: Page): Promise<void> {
    const { kind } = await focused(page);
    if (ringsChecked.has(kind)) return;
    ringsChecked.add(kind);
    await expectFocusRingDiffers(page);
  }

  /**
   * Every page of a person who chose the language: in it, in its direction, nothing scrolling sideways, codes in
   * their order. Once per kind of page (its route): axe-core, and no interface text left in English (no sentence
   * from the locale, no common English words). A form's answer rendered at the form's own address is checked by
   * the caller.
   */
  async function axe(page: Page): Promise<void> {
    // English pages on the way (before a person has chosen the language) are each checked when they come back in it.
    if (!chosen.has(page) && (await lang(page)) !== language) return;
    const html = await page.evaluate(() => {
      const root = document.documentElement;
      return { lang: root.lang, dir: root.dir, wide: root.scrollWidth, width: root.clientWidth };
    });
    expect({ lang: html.lang, dir: html.dir }, `<html> at ${page.url()}`).toEqual({
      lang: language,
      dir: directionOf(language),
    });
    expect(html.wide, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(html.width);
    expect(await codesOutOfOrder(page, codes), `codes at ${page.url()}`).toEqual([]);
    expect(await arrowsAgainstTheSteps(page, t('cycle.navLabel')), `the cycle's arrows at ${page.url()}`).toEqual([]);
    const kind = routePattern(page.url());
    if (axed.has(kind)) return;
    axed.add(kind);
    const text = await page.locator('body').innerText();
    const found = englishOnly.filter((sentence) => text.includes(sentence));
    const words = text.split('\n').filter((line) => /\b(the|and|your|with|this|you|please)\b/i.test(line));
    expect([...found, ...words], `English on the ${language} page ${page.url()}`).toEqual([]);
    await expectNoAxeViolations(page);
  }

  /** Presses Enter (or Space) on the focused link or button, waits for the next page to load, and checks it. */
  async function follow(page: Page, key = 'Enter'): Promise<void> {
    await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
    await axe(page);
  }
  /** Tabs to a link or button named `label`, checks its ring, and follows it. */
  async function go(page: Page, label: string, options: { back?: boolean } = {}): Promise<void> {
    await tabTo(page, label, options);
    await sampleRing(page);
    await follow(page);
  }
  /** Tabs to a field and types into it. */
  async function type(page: Page, label: string, text: string): Promise<void> {
    await tabTo(page, label);
    await sampleRing(page);
    await page.keyboard.type(text);
  }
  /** Tabs to a checkbox and ticks it with Space. */
  async function tick(page: Page, label: string): Promise<void> {
    await tabTo(page, label);
    await sampleRing(page);
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
  }
  /** Tabs into a radio group and moves with the arrow keys until `choice` is focused and chosen. */
  async function choose(page: Page, firstInGroup: string, choice: string): Promise<void> {
    await tabTo(page, firstInGroup);
    await sampleRing(page);
    for (let i = 0; i < 12 && !(await focused(page)).name.includes(choice); i++) await page.keyboard.press('ArrowDown');
    expect((await focused(page)).name).toContain(choice);
    await page.keyboard.press('Space'); // the first radio of a group with nothing chosen is focused but not yet chosen
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
  }

  /** On a round's page: Tab to "Move to <stage>" in the language, press it, and see the round there. */
  async function moveTo(page: Page, stage: string): Promise<void> {
    const button = t('rounds.stage.moveTo', { stage: t(`rounds.stages.${stage}`) });
    await go(page, button);
    expect(await main(page)).not.toContain(button);
  }

  /** A signed-out page in the language: Tab to its name in the header's language control and follow it. */
  async function pickLanguage(page: Page): Promise<void> {
    if ((await lang(page)) === language) {
      // Already in the language (a public link in the inquiry's language): the control says so.
      expect((await tabTo(page, name)).name).toBe(name);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('true');
      chosen.add(page);
      await axe(page);
      return;
    }
    await go(page, name);
    expect(await lang(page)).toBe(language);
    chosen.add(page);
    await axe(page);
  }

  /** Signs in from the sign-in page with the keyboard, choosing the language first, and makes it the account's. */
  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto('/sign-in');
    await pickLanguage(page);
    expect(await h1(page)).toBe(t('accounts.sign-in.title'));
    await type(page, t('forms.labels.email'), email);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe(t('forms.labels.password'));
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]); // Enter in a field sends the form
    if ((await lang(page)) !== language) {
      // The account's own language comes first once signed in: an account made in English chooses it there.
      chosen.delete(page);
      await go(page, en('language.accountLink'));
      await choose(page, en('language.self'), name);
      await go(page, en('language.account.save'));
      expect(await page.locator('.flash').innerText()).toBe(t('language.saved'));
      chosen.add(page);
    }
    await axe(page);
    await go(page, 'Hearth');
    expect(await lang(page)).toBe(language);
  }

  return {
    t,
    codes,
    ringsChecked,
    step,
    tabTo,
    sampleRing,
    axe,
    follow,
    go,
    type,
    tick,
    choose,
    moveTo,
    pickLanguage,
    signIn,
  };
}

describe.skipIf(pagesOnlyOnSqlite).each(Object.keys(WORDS) as Language[])(
  'the whole MSC cycle with the keyboard alone, in %s',
  (language) => {
    const { t, codes, ringsChecked, step, tabTo, sampleRing, go, type, tick, choose, moveTo, pickLanguage, signIn } =
      keyboardIn(language);
    const words = WORDS[language];
    // The inquiry starts from the MSC template in the coordinator's language.
    const MSC = templateFor('msc', language);
    const question = (kind: string) => MSC.questions.find((q) => q.kind === kind)?.prompt ?? '';
    /** The story question names the period and the domain: Tab to its longest stretch of the template's own words. */
    const STORY_Q = question('story')
      .split(/\[\w+\]/)
      .map((part) => part.replace(/^[\s,،.؟?¿:]+|[\s,،.؟?¿:]+$/g, ''))
      .sort((a, b) => b.length - a.length)[0]!;
    const WHY_Q = question('why');
    const TITLE_Q = question('title');
    const DOMAIN = MSC.domains[0]?.name ?? '';

    let h: BrowserHarness;
    let people: Awaited<ReturnType<typeof makeAlliance>>;
    beforeAll(async () => {
      h = await startBrowserHarness();
      people = await makeAlliance(h.t.db, words.alliance);
      // The interviewer and the facilitator accepted their invitations in the language, so their accounts speak it
      // already; the coordinator's account was made in English and she changes it herself.
      await h.t.db
        .updateTable('users')
        .set({ language })
        .where('id', 'in', [people.interviewer.id, people.facilitator.id])
        .execute();
    });
    afterAll(() => h?.close());

    it('runs from a new inquiry to a funder reading the report, keyboard only', async () => {
      expect(STORY_Q.length).toBeGreaterThan(10);
      const coordinator = await h.page({ locale: 'en-GB' });
      let publicLink = '';
      const title = words.inquiry;

      await step('new-inquiry', coordinator, async () => {
        await signIn(coordinator, people.coordinator.email);
        await go(coordinator, t('layout.inquiries'));
        expect(await h1(coordinator)).toBe(t('inquiries.list.title'));
        // The first Tab on a page reaches the skip link, and it takes focus past the navigation to the page's content.
        expect((await tabTo(coordinator, t('layout.skip'), { max: 1 })).kind).toBe('a');
        await coordinator.keyboard.press('Enter');
        expect(await coordinator.evaluate(() => document.activeElement?.id)).toBe('main');
        await go(coordinator, t('inquiries.list.new'));
        expect(await h1(coordinator)).toBe(t('inquiries.new.title'));
        await type(coordinator, t('inquiries.labels.title'), title);
        await choose(coordinator, t('inquiries.methods.msc'), t('inquiries.methods.msc'));
        await go(coordinator, t('inquiries.new.submit'));
        expect(await h1(coordinator)).toBe(title);
        expect(await main(coordinator)).toContain(t('inquiries.flash.created'));
        await go(coordinator, t('inquiries.inquiry.openPublic'));
        const link = await tabTo(coordinator, t('inquiries.inquiry.publicLinkLabel'), { back: true });
        publicLink = await coordinator.evaluate(() => (document.activeElement as HTMLInputElement).value);
        expect(link.kind).toBe('textarea'); // the whole link, wrapping on a phone
        expect(publicLink).toContain('/tell/');
      });
      const inquiry = await h.t.db
        .selectFrom('inquiries')
        .selectAll()
        .where('title', '=', title)
        .executeTakeFirstOrThrow();
      expect(inquiry.languages).toBe(language); // stories in the language she works in, and the public link's language
      expect(inquiry.code_prefix).toBe(MSC.codePrefix); // started from the template in her language

      const interviewer = await h.page();
      let draftCode = '';
      await step('interview', interviewer, async () => {
        await signIn(interviewer, people.interviewer.email);
        await go(interviewer, t('layout.inquiries'));
        await go(interviewer, title);
        await go(interviewer, t('inquiries.inquiry.record'));
        expect(await h1(interviewer)).toBe(t('stories.interview.title'));
        await tabTo(interviewer, t('stories.form.partner'), { back: true }); // the pair's partner, chosen with the arrows
        await sampleRing(interviewer);
        await interviewer.keyboard.press('ArrowDown');
        expect(await interviewer.evaluate(() => (document.activeElement as HTMLSelectElement).selectedIndex)).toBe(1);
        await type(interviewer, t('stories.form.storyteller_interview'), words.teller);
        await type(interviewer, STORY_Q, words.story);
        await go(interviewer, t('stories.form.saveDraft'));
        const draft = await h.t.db
          .selectFrom('stories')
          .select(['code', 'status'])
          .where('inquiry_id', '=', inquiry.id)
          .where('storyteller', '=', words.teller)
          .executeTakeFirstOrThrow();
        expect(draft.status).toBe('draft');
        draftCode = draft.code;
        codes.push(draftCode);

        // Later: back to the draft from the inquiry's story list.
        await go(interviewer, t('layout.inquiries'));
        await go(interviewer, title);
        await go(interviewer, t('stories.list.title'));
        expect(await h1(interviewer)).toBe(t('stories.list.title'));
        await go(interviewer, draftCode);
        await go(interviewer, t('stories.story.resume'));
        await choose(interviewer, DOMAIN, DOMAIN);
        await type(interviewer, WHY_Q, words.why);
        await type(interviewer, TITLE_Q, words.title);
        for (const use of ['panels', 'packs', 'quotes', 'funders']) await tick(interviewer, t(`consent.uses.${use}`));
        await choose(interviewer, t('consent.ways.spoken'), t('consent.ways.spoken'));
        await tabTo(interviewer, t('stories.form.consentOn'));
        await interviewer.keyboard.type('01112026'); // day and month alike, whichever order the date box uses
        expect(await interviewer.evaluate(() => (document.activeElement as HTMLInputElement).value)).toMatch(
          /^2026-(01-11|11-01)$/,
        );
        await go(interviewer, t('stories.form.record'));
        expect(await h1(interviewer)).toContain(words.title);
        expect(await interviewer.locator('.flash').innerText()).toBe(t('stories.flash.recorded'));
      });

      const visitor = await h.page({ ...PHONE, locale: 'en-GB' });
      await step('public-link', visitor, async () => {
        await visitor.goto(publicLink);
        await pickLanguage(visitor);
        expect(await h1(visitor)).toBe(title);
        await choose(visitor, DOMAIN, DOMAIN);
        await type(visitor, STORY_Q, words.publicStory);
        await type(visitor, WHY_Q, words.publicWhy);
        await type(visitor, TITLE_Q, words.publicTitle);
        await tick(visitor, t('consent.uses.panels'));
        await go(visitor, t('tell.send'));
        expect(await h1(visitor)).toBe(t('stories.told.title'));
        await expectNoAxeViolations(visitor); // the thanks is the form's answer, at the form's address
      });
      const told = await h.t.db
        .selectFrom('stories')
        .select(['id', 'code'])
        .where('route', '=', 'public')
        .executeTakeFirstOrThrow();
      codes.push(told.code);

      const facilitator = await h.page();
      await step('round', facilitator, async () => {
        await signIn(facilitator, people.facilitator.email);
        await go(facilitator, t('layout.inquiries'));
        await go(facilitator, title);
        await go(facilitator, t('rounds.link'));
        await go(facilitator, t('rounds.list.new'));
        expect(await h1(facilitator)).toBe(t('rounds.new.title'));
        await type(facilitator, t('rounds.form.name'), words.round);
        await type(facilitator, t('rounds.form.panel'), words.panel);
        await tick(facilitator, DOMAIN);
        await choose(facilitator, t('rounds.methods.dots'), t('rounds.methods.dots'));
        await type(facilitator, t('rounds.form.dots'), '3');
        await choose(facilitator, t('rounds.votings.live'), t('rounds.votings.live'));
        await go(facilitator, t('rounds.form.create'));
        expect(await h1(facilitator)).toBe(words.round);
        // A join code whose first group is digits: in Arabic, unless set apart from the words around it, "234 ABC"
        // would show as "ABC 234" on the projector. Codes are random, so this test picks one.
        await h.t.db.updateTable('rounds').set({ join_code: '234ABC' }).where('name', '=', words.round).execute();
        codes.push('234 ABC');
        await go(facilitator, t('rounds.round.pickStories'));
        for (const code of [draftCode, told.code]) await tick(facilitator, code);
        await go(facilitator, t('rounds.stories.addTicked'));
        expect(await facilitator.locator('#chosen').innerText()).toContain(told.code);
        await go(facilitator, t('rounds.backToRound', { name: words.round }));
        await moveTo(facilitator, 'reading');
        await moveTo(facilitator, 'voting');
        expect(await facilitator.locator('.join-code').innerText()).toContain('234 ABC');
      });

      const guest = await h.page({ ...PHONE, locale: 'en-GB' });
      await step('guest', guest, async () => {
        await guest.goto('/join');
        await pickLanguage(guest);
        expect(await h1(guest)).toBe(t('rounds.join.title'));
        await type(guest, t('panel.join.code'), '234 ABC'); // as the projector shows it
        await type(guest, t('panel.join.name'), words.guest);
        await go(guest, t('panel.join.submit'));
        expect(await h1(guest)).toBe(words.round);
        await go(guest, t('panel.nav.vote'));
        await type(guest, draftCode, '2');
        await type(guest, told.code, '1');
        await go(guest, t('panel.vote.submit'));
        expect(await main(guest)).toContain(t('panel.vote.in'));
      });

      await step('decision', facilitator, async () => {
        await facilitator.reload();
        await moveTo(facilitator, 'deciding');
        await go(facilitator, t('rounds.round.decide'));
        expect(await h1(facilitator)).toBe(t('rounds.decide.title'));
        await tick(facilitator, draftCode);
        await type(facilitator, t('decisions.reasons'), words.reasons);
        await go(facilitator, t('decisions.record'));
        expect(await facilitator.locator('.flash').innerText()).toContain(t('decisions.recorded'));
        await go(facilitator, words.round, { back: true }); // the decision's flash is at its domain: the way back is just above
        await moveTo(facilitator, 'closed');
        await go(facilitator, t('rounds.round.feedback'));
        expect(await h1(facilitator)).toBe(t('rounds.feedback.title'));
        expect(await main(facilitator)).toContain(words.reasons);
      });

      await step('share', coordinator, async () => {
        await go(coordinator, t('cycle.report'));
        await go(coordinator, t('reports.share.link'));
        await type(coordinator, t('reports.fields.label'), words.funder);
        await go(coordinator, t('reports.share.create'));
        await tabTo(coordinator, t('reports.share.linkLabel'));
        const link = await coordinator.evaluate(() => (document.activeElement as HTMLInputElement).value);
        expect(link).toContain('/shared/');
        await expectNoAxeViolations(coordinator); // the page with the new link, answered to the form

        const funder = await h.page({ locale: 'en-GB' }); // a fresh profile: no account, no cookies
        await step('funder', funder, async () => {
          await funder.goto(link);
          await pickLanguage(funder);
          expect(await h1(funder)).toBe(title);
          const text = await main(funder);
          expect(text).toContain(words.title);
          expect(text).toContain(words.reasons);
        });
      });
      expect([...ringsChecked].sort()).toEqual(
        expect.arrayContaining(['a', 'button', 'input:checkbox', 'input:radio', 'input:text', 'select', 'textarea']),
      );
    }, 300_000); // 44–83 s measured for Spanish alone at load 12–17; 86–174 s per language with other suites running
  },
);
