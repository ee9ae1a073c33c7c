/**
 * A phone losing its signal, in Chromium. Playwright's context.setOffline makes every request fail, but Chromium 150
 * tells a page loaded while offline that it is online (navigator.onLine true, no "offline" event), where a phone
 * says it is offline. So each page is also told through its own DevTools session, again on every load.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

const offline = new WeakSet<BrowserContext>();
const sessions = new WeakMap<Page, CDPSession>();

async function tell(page: Page, isOffline: boolean, retry = true): Promise<void> {
  let session = sessions.get(page);
  if (!session) sessions.set(page, (session = await page.context().newCDPSession(page)));
  const conditions = { offline: isOffline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
  try {
    await session.send('Network.emulateNetworkConditions', conditions);
  } catch (err) {
    // A session can end with the page's process when it navigates: a new one is opened once.
    sessions.delete(page);
    if (!retry) throw err;
    await tell(page, isOffline, false);
  }
}

/** Follows a phone's pages, so that each page loaded while it is offline knows it. Once per context. */
export function followSignal(context: BrowserContext): void {
  const watch = (page: Page) =>
    page.on('domcontentloaded', () => {
      if (offline.has(context) && !page.isClosed()) tell(page, true).catch(() => {});
    });
  context.pages().forEach(watch);
  context.on('page', watch);
}

/** Takes the phone offline, or back online, and tells every open page. */
export async function setOffline(context: BrowserContext, isOffline: boolean): Promise<void> {
  if (isOffline) offline.add(context);
  else offline.delete(context);
  await context.setOffline(isOffline);
  for (const page of context.pages()) if (!page.isClosed()) await tell(page, isOffline);
}
