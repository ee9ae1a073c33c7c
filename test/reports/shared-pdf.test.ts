/**
 * A share link's PDF as a job (issue 20): made by whichever server is free, the link's own (anyone holding the link
 * follows it, nobody else), never keeping the token; one PDF serves everyone while the report holds, and none is
 * handed out once a story in it is withdrawn. Printed by the system Chromium, read back with pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { chromiumPath, noBrowser } from '../helpers/browser.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeQueuedPdfs, pdfText, sharedPdf } from '../printing/print.ts';
import { chosenForFunders as chosenFor, reportBed, signInAs, type ReportBed } from './report-fixture.ts';

const words = pdfText;

describe.skipIf(noBrowser)('a share link’s PDF', () => {
  let t: TestApp;
  let bed: ReportBed;
  let coordinator: Agent;
  const tokens: string[] = [];
  beforeAll(async () => {
    t = await testApp({ chromiumPath });
    bed = await reportBed(t);
    coordinator = await signInAs(t, 'coordinator');
    for (const label of ['Board', 'Lottery fund']) {
      const res = await coordinator.submit(`${bed.base}/report/share`, `${bed.base}/report/share`, {
        label,
        days: '7',
      });
      tokens.push(/\/shared\/([A-Za-z0-9_-]{43})["<]/.exec(res.body)![1]!);
    }
  });
  afterAll(() => t.close());

  const jobs = () => t.db.selectFrom('pdf_jobs').selectAll().orderBy('id').execute();
  /** Presses "Download as PDF" on the shared report, as someone holding the link: the job page's address. */
  async function press(holder: Agent, token: string): Promise<string> {
    await holder.get(`/shared/${token}`);
    const res = await holder.post(`/shared/${token}/report.pdf`);
    expect(res.statusCode).toBe(303);
    return String(res.headers.location);
  }
  const chosenForFunders = () => chosenFor(t, bed);

  it('is one job of the link’s for everyone who asks while it waits, keeping the link’s id and never its token', async () => {
    const [token] = tokens;
    const first = await press(new Agent(t.app), token!);
    const second = await press(new Agent(t.app), token!);
    expect(first).toMatch(new RegExp(`^/shared/${token}/pdf/\\d+$`));
    expect(second).toBe(first);
    const waiting = visibleText((await new Agent(t.app).get(first)).body);
    expect(waiting).toContain('Step 1 of 4: waiting for a server');
    expect(waiting).toContain('Anyone with this link can see it while the link works.');

    const [job] = await jobs();
    const link = await t.db
      .selectFrom('share_links')
      .select('id')
      .where('label', '=', 'Board')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({
      share_link_id: link.id,
      user_id: null,
      address: `/shared-links/${link.id}/report.pdf?lang=en`,
    });
    expect(JSON.stringify(job)).not.toContain(token);

    await makeQueuedPdfs(t.app);
    const pdf = await new Agent(t.app).get(`${first}/download`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(words(pdf)).toContain('as funders see it');
    // Asked again while the report is unchanged: the same PDF, not another made.
    expect(await press(new Agent(t.app), token!)).toBe(first);
    expect(await jobs()).toHaveLength(1);
  }, 60_000);

  it('is not found through another link, and the runner’s own address is not found by anyone else', async () => {
    const [job] = await jobs();
    expect((await new Agent(t.app).get(`/shared/${tokens[1]}/pdf/${job!.id}`)).statusCode).toBe(404);
    expect((await new Agent(t.app).get(`/shared/${tokens[1]}/pdf/${job!.id}/download`)).statusCode).toBe(404);
    expect((await coordinator.get(job!.address)).statusCode).toBe(404);
  });

  it('is in the language it was asked in', async () => {
    const holder = new Agent(t.app);
    holder.setCookie('hearth_lang', 'fr');
    const job = await press(holder, tokens[1]!);
    await makeQueuedPdfs(t.app);
    const page = visibleText((await holder.get(job)).body);
    expect(page).toContain('Toute personne ayant ce lien peut le voir tant que le lien fonctionne.');
    const text = words(await holder.get(`${job}/download`));
    expect(text).toContain('tel que les financeurs le voient');
  }, 60_000);

  it('is no longer handed out once a story in it is withdrawn; the next press makes one without the story', async () => {
    const [token] = tokens;
    const [story] = await chosenForFunders();
    const holder = new Agent(t.app);
    const before = await press(holder, token!);
    expect(words(await holder.get(`${before}/download`))).toContain(story!.title);

    const a = `/alliances/${bed.demo.alliance.id}`;
    const withdrawn = await coordinator.submit(`${bed.base}/report`, `${a}/stories/${story!.id}/withdraw`, {});
    expect(withdrawn.statusCode).toBe(303);

    const stale = await holder.get(before);
    expect(visibleText(stale.body)).toContain('The stories have changed since this PDF was made');
    expect(stale.body).not.toContain(`href="${before}/download"`);
    const refused = await holder.get(`${before}/download`);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(before);

    const after = await sharedPdf(t.app, token!);
    expect(after.headers['content-type']).toBe('application/pdf');
    expect(words(after)).not.toContain(story!.title);
  }, 60_000);

  it('is made afresh when the last one failed: "Try again" never brings back the failed job', async () => {
    const holder = new Agent(t.app);
    const job = await press(holder, tokens[0]!);
    const id = Number(job.split('/').pop());
    await t.db.updateTable('pdf_jobs').set({ status: 'failed', problem: 'printing' }).where('id', '=', id).execute();
    const failed = await holder.get(job);
    expect(visibleText(failed.body)).toContain('The PDF could not be made.');
    const again = await holder.post(`/shared/${tokens[0]}/report.pdf`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).not.toBe(job);
    await makeQueuedPdfs(t.app);
    const made = await holder.get(`${String(again.headers.location)}/download`);
    expect(made.headers['content-type']).toBe('application/pdf');
  }, 60_000);

  it('goes with its link: a revoked link’s job page answers 410, and a job still waiting prints nothing', async () => {
    const token = tokens[1]!;
    const holder = new Agent(t.app);
    const a = `/alliances/${bed.demo.alliance.id}`;
    // A change to the report, so the press queues a new job rather than sharing the one made above.
    const [story] = await chosenForFunders();
    await coordinator.submit(`${bed.base}/report`, `${a}/stories/${story!.id}/withdraw`, {});
    const job = await press(holder, token);
    const id = Number(job.split('/').pop());
    const link = await t.db
      .selectFrom('share_links')
      .select('id')
      .where('label', '=', 'Lottery fund')
      .executeTakeFirstOrThrow();
    expect(
      (await coordinator.submit(`${bed.base}/report/share`, `${bed.base}/report/share/${link.id}/revoke`, {}))
        .statusCode,
    ).toBe(303);

    expect((await holder.get(job)).statusCode).toBe(410);
    expect((await holder.get(`${job}/download`)).statusCode).toBe(410);
    expect((await holder.post(`/shared/${token}/report.pdf`)).statusCode).toBe(410);
    await makeQueuedPdfs(t.app);
    const made = await t.db
      .selectFrom('pdf_jobs')
      .select(['status', 'problem', 'size'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(made).toEqual({ status: 'failed', problem: 'notAllowed', size: 0 });
  }, 60_000);
});
