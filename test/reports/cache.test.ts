/**
 * The report is kept once computed (server/reports/report-cache.ts), yet a withdrawal or a teller taking back
 * consent shows at once: on the staff report, the funder view, a shared link and the PDF, the very next time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { reportFingerprint } from '../../server/reports/report-cache.ts';
import { storyToValues } from '../../server/stories/capture.ts';
import { findStory } from '../../server/stories/store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { chromiumPath, noBrowser } from '../helpers/browser.ts';
import { visibleText } from '../helpers/pages.ts';
import { chosenForFunders as chosenFor, reportBed, signInAs, type ReportBed } from './report-fixture.ts';
import { printedPdf, sharedPdf } from '../printing/print.ts';

let t: TestApp;
let bed: ReportBed;
let coordinator: Agent;
let token: string;
beforeAll(async () => {
  t = await testApp({ chromiumPath });
  bed = await reportBed(t);
  coordinator = await signInAs(t, 'coordinator');
  const res = await coordinator.submit(`${bed.base}/report/share`, `${bed.base}/report/share`, {
    label: 'Board',
    days: '7',
  });
  token = /\/shared\/([A-Za-z0-9_-]{43})["<]/.exec(res.body)![1]!;
});
afterAll(() => t.close());

const a = () => `/alliances/${bed.demo.alliance.id}`;
const staff = async () => visibleText((await coordinator.get(`${bed.base}/report`)).body);
const funders = async () => visibleText((await coordinator.get(`${bed.base}/report?audience=funders`)).body);
const shared = async () => visibleText((await t.app.inject({ method: 'GET', url: `/shared/${token}` })).body);
const told = (text: string) => Number(/(\d+) stories in all/.exec(text)?.[1]);
/**
 * Withdraws as the coordinator. The CSRF token comes from the report page: the withdraw page's <title> is over
 * html-validate's 70 characters with the demo alliance's long name (the layout's title, not this test's concern).
 */
const withdraw = (storyId: number) =>
  coordinator.submit(`${bed.base}/report`, `${a()}/stories/${storyId}/withdraw`, {});

const chosenForFunders = () => chosenFor(t, bed);

describe('a report kept between requests', () => {
  it('is the same report the second time, and its fingerprint does not move when only a shared link is opened', async () => {
    const first = await staff();
    const before = await reportFingerprint(t.db, bed.inquiry);
    await shared();
    expect(await reportFingerprint(t.db, bed.inquiry)).toBe(before);
    expect(await staff()).toBe(first);
  });

  it('leaves out a story at once when it is withdrawn: staff report, funder view and shared link', async () => {
    const [story] = await chosenForFunders();
    const pages = { staff: await staff(), funders: await funders(), shared: await shared() };
    for (const page of Object.values(pages)) expect(page).toContain(story!.named);

    expect((await withdraw(story!.id)).statusCode).toBe(303);

    const after = { staff: await staff(), funders: await funders(), shared: await shared() };
    for (const [view, page] of Object.entries(after)) {
      expect(page, view).not.toContain(story!.named);
      expect(told(page), view).toBe(told(pages[view as keyof typeof pages]) - 1);
    }
  });

  it('leaves a story out of what funders see at once when its teller takes back consent to funders', async () => {
    const [story] = await chosenForFunders();
    expect(await funders()).toContain(story!.named);
    expect(await shared()).toContain(story!.named);

    const full = (await findStory(t.db, bed.demo.alliance.id, story!.id))!;
    const values = storyToValues(full, full.answers, full.attributes);
    const consent = (values.consent as string[]).filter((use) => use !== 'funders');
    const url = `${a()}/stories/${story!.id}`;
    await coordinator.get(`${url}/edit`);
    const res = await coordinator.post(url, { ...values, consent, intent: 'record' });
    expect(res.statusCode).toBe(303);

    expect(await funders()).not.toContain(story!.named);
    expect(await shared()).not.toContain(story!.named);
    expect(await staff()).toContain(story!.named);
  });
});

describe.skipIf(noBrowser)('the PDF of a kept report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-report-cache-'));
  const words = (res: LightMyRequestResponse) => {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, res.rawPayload);
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  it('leaves out a story withdrawn after the PDF was made once', async () => {
    const [story] = await chosenForFunders();
    const first = await printedPdf(t.app, coordinator, `${bed.base}/report.pdf`);
    expect(first.statusCode).toBe(200);
    expect(words(first)).toContain(story!.named);
    expect((await withdraw(story!.id)).statusCode).toBe(303);
    const next = await printedPdf(t.app, coordinator, `${bed.base}/report.pdf`);
    expect(next.statusCode).toBe(200);
    expect(words(next)).not.toContain(story!.named);
    const shared = await sharedPdf(t.app, token);
    expect(shared.statusCode).toBe(200);
    expect(words(shared)).not.toContain(story!.named);
  }, 60_000);
});
