/**
 * The browser-test harness every capability reuses: Hearth listening on 127.0.0.1 over a fresh database,
 * Debian's Chromium driven by playwright-core (never a downloaded browser), axe-core checks, and a
 * screenshot in test-results/ whenever a test fails.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { findChromium } from '../../server/config.ts';
import { PASSWORD, testApp, type TestApp } from './app.ts';

export const chromiumPath = findChromium();
/** Use as describe.skipIf(noBrowser)(…): global-setup prints why, and with CI=true a missing Chromium fails the run. */
export const noBrowser = !chromiumPath;

export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

export interface BrowserHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A new browser profile (its own cookies), like a second person on another device. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a new context; screenshotted into test-results/ if the test fails. */
  page(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const t = await testApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const contexts: BrowserContext[] = [];
  const context = async (options: BrowserContextOptions = {}) => {
    const c = await browser.newContext({ baseURL: baseUrl, ...options });
    contexts.push(c);
    return c;
  };
  return {
    t,
    baseUrl,
    browser,
    context,
    async page(options) {
      const page = await (await context(options)).newPage();
      onTestFailed(async ({ task }) => {
        const dir = join(import.meta.dirname, '..', '..', 'test-results');
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, `${task.name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => {});
      });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await t.close();
    },
  };
}

/** Fails with a readable list when axe-core finds any WCAG 2.2 A/AA violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const found = results.violations.map((v) => `${v.id} on ${page.url()}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  expect(found).toEqual([]);
}

/** Signs in through the sign-in page, as a person would, and waits until Hearth has moved on from it. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}
