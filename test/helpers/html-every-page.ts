/**
 * Valid HTML on every page the route tests render (issue 10). Loaded before every test file (vitest setupFiles):
 * after the file's tests, every text/html body an Agent received (GET and POST, any status — error pages, 422
 * forms, 404s too; first body per "METHOD route-pattern status", see agent.ts) goes through html-validate, and
 * the file fails listing "METHOD pattern status: rule: message".
 *
 * Covered: everything fetched through Agent (get, post, postRaw, submit, signIn, signedIn) — nearly every route
 * test. Not covered: raw app.inject calls and the security tests' Visitors (Agents made with checkHtml: false in
 * test/security/matrix-world.ts and hostile.ts: they assert what hostile input and guards do instead). The raw calls fetch pages the Agent also renders (sign-in, the 404 and 400 pages, /tell/:token,
 * take-part) in another language or with odd headers, or non-HTML (PDFs, CSV, health); the shared-report page
 * (/shared/:token) is checked with htmlErrors in test/reports/share.test.ts. Other helpers can opt in with
 * recordPage(method, url, res) from agent.ts. Browser (Chromium) pages are checked by axe instead.
 * Cost: html-validate takes ~30–130 ms a page here, so results are cached on disk by a hash of the body (its
 * random tokens blanked) and of the rules (html.ts): a page identical to one validated before, in this file,
 * another file or an earlier run, is not validated again. Measured on the whole suite, cold: ~710 pages, ~90 s of
 * worker time (~45 s of a ~12 min run on two workers); a rerun with unchanged views mostly hits the cache.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { renderedPages } from './agent.ts';
import { htmlErrors } from './html.ts';

const CACHE = join(tmpdir(), 'hearth-html-every-page');
const RULES =
  readFileSync(new URL('./html.ts', import.meta.url), 'utf8') +
  readFileSync(new URL('../../node_modules/html-validate/package.json', import.meta.url), 'utf8');

/** The page's errors, from the cache when this exact page (bar its random tokens) was validated before. */
async function errorsOf(body: string): Promise<string[]> {
  // Random tokens (the CSRF field; invitation, share and receipt links) differ every run; the markup does not.
  const stable = body.replace(/(name="_csrf" value=")[^"]*/g, '$1').replace(/\/[\w-]{20,}/g, '/T');
  const hash = createHash('sha1').update(RULES).update(stable).digest('hex');
  const file = join(CACHE, `${hash}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as string[];
  } catch {
    const errors = await htmlErrors(body);
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(file, JSON.stringify(errors));
    return errors;
  }
}

afterAll(async () => {
  const started = performance.now();
  const found: string[] = [];
  for (const [key, body] of renderedPages) for (const e of await errorsOf(body)) found.push(`${key}: ${e}`);
  // HTML_EVERY_PAGE_STATS=file appends "test file, pages, ms" to measure what this costs.
  const stats = process.env.HTML_EVERY_PAGE_STATS;
  if (stats)
    appendFileSync(
      stats,
      `${expect.getState().testPath}\t${renderedPages.size}\t${Math.round(performance.now() - started)}\n`,
    );
  if (stats && found.length)
    appendFileSync(`${stats}.errors`, found.map((f) => `${expect.getState().testPath}\t${f}\n`).join(''));
  renderedPages.clear();
  if (found.length) throw new Error(`html-validate errors on rendered pages:\n${found.join('\n')}`);
});
