/**
 * The report as PDF, made by the system Chromium: its text (pdftotext) has the chosen stories' reasons; the shared
 * link's PDF leaves out a story not shared with funders. Without Chromium: a clear 503 page, never a 500.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { chromiumPath, noBrowser } from '../helpers/browser.ts';
import { visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from './report-fixture.ts';
import { printedPdf, sharedPdf } from '../printing/print.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-report-'));
/** The PDF's words, its line breaks and hyphenation undone, so sentences can be looked for whole. */
function pdfWords(res: LightMyRequestResponse, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, res.rawPayload);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}
const flat = (text: string) => text.replace(/\s+/g, ' ');

async function shareToken(coordinator: Agent, base: string): Promise<string> {
  const res = await coordinator.submit(`${base}/report/share`, `${base}/report/share`, {
    label: 'PDF check',
    days: '7',
  });
  return /\/shared\/([A-Za-z0-9_-]{43})["<]/.exec(res.body)![1]!;
}

describe.skipIf(noBrowser)('the report as PDF', () => {
  let t: TestApp;
  let bed: ReportBed;
  let coordinator: Agent;
  beforeAll(async () => {
    t = await testApp({ chromiumPath });
    bed = await reportBed(t);
    coordinator = await signInAs(t, 'coordinator');
  });
  afterAll(() => t.close());

  it('has the chosen stories with every panel’s reasons, for staff', async () => {
    const res = await printedPdf(t.app, coordinator, `${bed.base}/report.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="changes-that-mattered-spring-2026-fictional-report\.pdf"$/,
    );
    const text = pdfWords(res, 'staff.pdf');
    const reasons = await t.db
      .selectFrom('decisions')
      .innerJoin('rounds', 'rounds.id', 'decisions.round_id')
      .select('decisions.reasons')
      .where('rounds.inquiry_id', '=', bed.inquiry.id)
      .where('decisions.outcome', '=', 'chosen')
      .execute();
    for (const r of reasons) expect(text).toContain(flat(r.reasons).slice(0, 60));
    expect(text).toContain('Chosen at level 2');
    expect(text).toContain('From stories told to stories chosen');
    // Meta-monitoring by kind of story prints too: the slider's thirds by its ends, story length.
    expect(text).toContain('What kinds of stories were told');
    expect(text).toContain('Which kinds of stories were read and chosen: Story length');
    expect(text).toContain('High third, toward ‘Very good’ (67–100)');
    expect(text).not.toContain('Download as PDF');
  });

  it('leaves out what funders may not see from the shared link’s PDF, and logs the download', async () => {
    const chosen = await t.db
      .selectFrom('selections')
      .innerJoin('stories', 'stories.id', 'selections.story_id')
      .innerJoin('rounds', 'rounds.id', 'selections.round_id')
      .select(['stories.id', 'stories.title'])
      .where('rounds.inquiry_id', '=', bed.inquiry.id)
      .where('rounds.level', '=', 2)
      .execute();
    await t.db.updateTable('stories').set({ consent_funders: 0 }).where('id', '=', chosen[0]!.id).execute();
    const token = await shareToken(coordinator, bed.base);
    const res = await sharedPdf(t.app, token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfWords(res, 'funders.pdf');
    expect(text).not.toContain(chosen[0]!.title);
    expect(text).toContain(chosen[1]!.title);
    expect(text).toContain('as funders see it');
    const audit = await t.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'report.shared_link_opened')
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail).what)).toContain('pdf');
  });
});

describe('without Chromium', () => {
  let t: TestApp;
  let bed: ReportBed;
  beforeAll(async () => {
    t = await testApp({ chromiumPath: '' });
    bed = await reportBed(t);
  });
  afterAll(() => t.close());

  it('answers 503 with a page that says so and points to printing from the browser', async () => {
    const coordinator = await signInAs(t, 'coordinator');
    const res = await coordinator.get(`${bed.base}/report.pdf`);
    expect(res.statusCode).toBe(503);
    expect(visibleText(res.body)).toContain('This Hearth server has no Chromium browser to make PDFs with.');
    expect(res.body).toMatch(new RegExp(`href="${bed.base}/report\\?from`));
    expect(visibleText(res.body)).toContain('Open the report and print it from your browser instead');
    const token = await shareToken(coordinator, bed.base);
    const shared = await t.app.inject({ method: 'GET', url: `/shared/${token}/report.pdf` });
    expect(shared.statusCode).toBe(503);
    expect(shared.body).toContain(`href="/shared/${token}"`);
    expect(shared.body).not.toContain('Sign out');
  });
});
