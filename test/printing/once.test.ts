/**
 * The same "Download as PDF" form sent again (a double press, a proxy's retry, a resend) leads to the job it already
 * asked for while that job waits, is being made, or was made a moment ago; only other settings, another person, a
 * failure or an older PDF make a new one. Two presses at the same moment still give one job (run with
 * TEST_DATABASE_URL for PostgreSQL too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuePdfOnce, REUSE_MS } from '../../server/printing/jobs-store.ts';
import { storyChangesMark } from '../../server/stories/care-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { chromiumPath, noBrowser } from '../helpers/browser.ts';
import { visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';
import { makeQueuedPdfs } from './print.ts';

describe.skipIf(noBrowser)('the same PDF asked for again', () => {
  let t: TestApp;
  let bed: ReportBed;
  let funder: Agent;
  const jobs = () => t.db.selectFrom('pdf_jobs').select(['id', 'status']).orderBy('id').execute();
  const press = async (agent: Agent, fields: Record<string, string> = {}) => {
    const res = await agent.post(`${bed.base}/report.pdf`, fields);
    expect(res.statusCode).toBe(303);
    return String(res.headers.location);
  };
  beforeAll(async () => {
    t = await testApp({ chromiumPath });
    bed = await reportBed(t);
    funder = await signInAs(t, 'reader');
    await funder.get(`${bed.base}/report`);
  });
  afterAll(() => t.close());

  it('leads to the one job while it waits and once it is made, for the funder who pressed three times', async () => {
    const first = await press(funder);
    expect(first).toMatch(/\/printing\/\d+$/);
    expect(await press(funder)).toBe(first);
    expect(await press(funder)).toBe(first);
    expect(await jobs()).toHaveLength(1);

    await makeQueuedPdfs(t.app);
    // Sent again a moment after it was made: the same job, ready to download, not a second rendering.
    expect(await press(funder)).toBe(first);
    const page = await funder.get(first);
    expect(visibleText(page.body)).toContain('Your PDF is ready.');
    expect(await jobs()).toEqual([{ id: expect.any(Number), status: 'done' }]);
  });

  it('makes a new job for other settings, another person, or a PDF made a while ago', async () => {
    const before = (await jobs()).length;
    const first = (await jobs())[0]!;
    const otherSettings = await press(funder, { audience: 'funders' });
    expect(otherSettings).not.toMatch(new RegExp(`/printing/${first.id}$`));
    const coordinator = await signInAs(t, 'coordinator');
    await coordinator.get(`${bed.base}/report`);
    const theirs = await press(coordinator);
    expect(theirs).not.toBe(otherSettings);
    expect(theirs).not.toMatch(new RegExp(`/printing/${first.id}$`));

    const longAgo = new Date(Date.now() - REUSE_MS - 60_000).toISOString();
    await t.db.updateTable('pdf_jobs').set({ finished_at: longAgo }).where('id', '=', first.id).execute();
    const fresh = await press(funder);
    expect(fresh).not.toMatch(new RegExp(`/printing/${first.id}$`));
    expect(await jobs()).toHaveLength(before + 3);
  });

  it('gives one job for presses at the same moment, and a new one once that job failed', async () => {
    const presses = await Promise.all(
      Array.from({ length: 6 }, () => press(funder, { from: '2020-01-01', to: '2030-12-31' })),
    );
    expect(new Set(presses).size).toBe(1);

    // The store's own guard, without the web server's request handling in between.
    const request = {
      allianceId: bed.demo.alliance.id,
      userId: (await t.db.selectFrom('users').select('id').where('email', 'like', 'reader@%').executeTakeFirstOrThrow())
        .id,
      kind: 'report' as const,
      address: `${bed.base}/report.pdf?paper=letter`,
      back: `${bed.base}/report?paper=letter`,
      permissions: ['seeReport'],
    };
    const mark = await storyChangesMark(t.db, bed.demo.alliance.id);
    const queued = await Promise.all(Array.from({ length: 8 }, () => queuePdfOnce(t.db, request, mark)));
    expect(new Set(queued.map((j) => j.id)).size).toBe(1);

    await t.db
      .updateTable('pdf_jobs')
      .set({ status: 'failed', problem: 'printing' })
      .where('id', '=', queued[0]!.id)
      .execute();
    const again = await queuePdfOnce(t.db, request, mark);
    expect(again.id).not.toBe(queued[0]!.id);
  });
});
