/**
 * The browser-test harness every capability reuses: Hearth listening on 127.0.0.1 over a fresh database,
 * Debian's Chromium driven by playwright-core (never a downloaded browser), axe-core checks, and a
 * screenshot in test-results/ whenever a test fails.
 *
 * Every page a test's browser opens is recorded (as a route pattern, with the method and any error status), and so is
 * every page expectNoAxeViolations checks. In a *.browser.test.ts file, close() fails listing any page visited but never
 * checked: axe on every page is enforced, not left to each test's care.
 */
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Response,
} from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { findChromium, type Config } from '../../server/config.ts';
import { PASSWORD, testApp, type TestApp } from './app.ts';
import { pathPattern } from './agent.ts';

/** How the tests start Debian's Chromium: no sandbox (containers), nothing fetched from the network on its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const chromiumPath = findChromium();
/** Use as describe.skipIf(noBrowser)(…): global-setup prints why, and with CI=true a missing Chromium fails the run. */
export const noBrowser = !chromiumPath;

/** Skip on PostgreSQL (see PAGES_ONLY), or without Chromium: describe.skipIf(pagesOnlyOnSqlite)(…). */
export const pagesOnlyOnSqlite = noBrowser || Boolean(process.env.TEST_DATABASE_URL);

export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

export interface BrowserHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A new browser profile (its own cookies), like a second person on another device. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a new context; screenshotted into test-results/ if the test fails. */
  page(options?: BrowserContextOptions): Promise<Page>;
  /** Fails listing every page (route pattern) a page of this harness showed that expectNoAxeViolations never checked. */
  expectAllVisitedPagesChecked(): void;
  /** Closes everything; in a *.browser.test.ts file, then fails like expectAllVisitedPagesChecked. */
  close(): Promise<void>;
}

/** Per page: the route key of the document it shows now. Per harness: the keys visited and the keys axe-checked. */
interface AxeLedger {
  visited: Map<string, string>; // key -> an example URL
  checked: Set<string>;
}
const showing = new WeakMap<Page, { key: string; ledger: AxeLedger }>();
/** Contexts made with JavaScript off: axe (itself a script) checks a copy of their pages instead. */
const scriptless = new WeakSet<BrowserContext>();
/** Per browser, the one profile (with scripts) those copies open in; it closes with the browser. */
const checkers = new WeakMap<Browser, Promise<BrowserContext>>();

/** A URL's route pattern (ids → :id, tokens → :token, no query), the same keys the Agent's html check uses. */
export function routePattern(url: string): string {
  return pathPattern(new URL(url).pathname);
}

/** The key of a main-frame HTML document response: "GET /alliances/:id", "POST /join 422"; undefined for anything else. */
function documentKey(page: Page, response: Response): string | undefined {
  const request = response.request();
  if (request.resourceType() !== 'document' || response.frame() !== page.mainFrame()) return undefined;
  const status = response.status();
  if (status >= 300 && status < 400) return undefined; // a redirect: the page is the one it leads to
  const headers = response.headers();
  if (
    !(headers['content-type'] ?? '').includes('text/html') ||
    (headers['content-disposition'] ?? '').startsWith('attachment')
  )
    return undefined;
  return `${request.method()} ${routePattern(response.url())}${status >= 400 ? ` ${status}` : ''}`;
}

function watchPage(page: Page, ledger: AxeLedger): void {
  page.on('response', (response) => {
    const key = documentKey(page, response);
    if (!key) return;
    showing.set(page, { key, ledger });
    if (!ledger.visited.has(key)) ledger.visited.set(key, response.url());
  });
}

function unchecked(ledger: AxeLedger): string[] {
  return [...ledger.visited]
    .filter(([key]) => !ledger.checked.has(key))
    .map(([key, url]) => `${key}  (e.g. ${new URL(url).pathname})`);
}

/** True when the test file running is one of issue 10's browser tests (named *.browser.test.ts). */
function isBrowserTestFile(): boolean {
  return /\.browser\.test\.ts$/.test(expect.getState().testPath ?? '');
}

/** Hearth's settings may be changed for one file's tests (e.g. a speech-to-text command). */
export async function startBrowserHarness(overrides: Partial<Config> = {}): Promise<BrowserHarness> {
  const t = await testApp(overrides);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  const ledger: AxeLedger = { visited: new Map(), checked: new Set() };
  const enforce = isBrowserTestFile();
  const context = async (options: BrowserContextOptions = {}) => {
    const c = await browser.newContext({ baseURL: baseUrl, ...options });
    c.on('page', (page) => watchPage(page, ledger));
    if (options.javaScriptEnabled === false) scriptless.add(c);
    contexts.push(c);
    return c;
  };
  const expectAllVisitedPagesChecked = () => {
    expect(unchecked(ledger), 'pages visited but never checked with expectNoAxeViolations').toEqual([]);
  };
  return {
    t,
    baseUrl,
    browser,
    context,
    async page(options) {
      const page = await (await context(options)).newPage();
      onTestFailed(({ task }) => screenshot(page, task.name));
      return page;
    },
    expectAllVisitedPagesChecked,
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await t.close();
      if (enforce) expectAllVisitedPagesChecked();
    },
  };
}

/** Saves the page as test-results/<name>.png (best effort: a closed page leaves none). */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(import.meta.dirname, '..', '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  await page
    .screenshot({ path: join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true })
    .catch(() => {});
}

/** Runs one step of a long test; if it fails, saves the page it was on as test-results/<name>.png, then rethrows. */
export async function step<T>(name: string, page: Page, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await screenshot(page, name);
    throw error;
  }
}

/** Fails with a readable list when axe-core finds any WCAG 2.2 A/AA violation on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const copy = scriptless.has(page.context()) ? await scriptedCopy(page) : undefined;
  const results = await new AxeBuilder({ page: copy ?? page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
    .finally(() => copy?.close());
  const found = results.violations.map(
    (v) => `${v.id} on ${page.url()}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`,
  );
  expect(found).toEqual([]);
  const now = showing.get(page);
  if (now) now.ledger.checked.add(now.key);
}

/**
 * The page as it is now (its HTML without its scripts), served at the same address in a profile that runs scripts,
 * with the same window size, so axe can check a page that was opened with JavaScript off.
 */
async function scriptedCopy(page: Page): Promise<Page> {
  // Without its scripts, and with what <noscript> shows (a page that runs scripts would hide it).
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<\/?noscript>/gi, '');
  const url = page.url();
  const browser = page.context().browser()!;
  if (!checkers.has(browser)) checkers.set(browser, browser.newContext());
  const copy = await (await checkers.get(browser)!).newPage();
  const size = page.viewportSize();
  if (size) await copy.setViewportSize(size);
  await copy.route(
    (u) => u.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await copy.goto(url);
  return copy;
}

/** Signs in through the sign-in page, as a person would, and waits until Hearth has moved on from it. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await axeUnlessChecked(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  await axeUnlessChecked(page);
}

/** expectNoAxeViolations, unless a page with the same route was checked already (for helpers that pass many times through one page). */
export async function axeUnlessChecked(page: Page): Promise<void> {
  const now = showing.get(page);
  if (!now || !now.ledger.checked.has(now.key)) await expectNoAxeViolations(page);
}

/**
 * Waits until no request has reached Hearth for `ms`: what a page asked for as it opened (who is signed in, the
 * kept forms) is over, so a test that then cuts the network counts only what comes after.
 */
export async function hearthQuiet(server: Server, ms = 1000): Promise<void> {
  let last = Date.now();
  const seen = () => void (last = Date.now());
  server.on('request', seen);
  try {
    await expect.poll(() => Date.now() - last >= ms, { timeout: 20_000, interval: 100 }).toBe(true);
  } finally {
    server.off('request', seen);
  }
}
