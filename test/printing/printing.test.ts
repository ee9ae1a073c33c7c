/**
 * PDFs as jobs (issue 20): asked for with a form, queued in the database, claimed by one runner of several, made
 * as the asker sees the page, downloaded by the asker only. A job whose server was killed is finished by another
 * once its lease lapses; a Chromium that fails gives a failed job that says so, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimPdfJob, LEASE_MS } from '../../server/printing/jobs-store.ts';
import { PdfJobs } from '../../server/printing/printer.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { chromiumPath, noBrowser } from '../helpers/browser.ts';
import { visibleText } from '../helpers/pages.ts';
import { packWorld, type PackWorld } from '../packs/pack-fixture.ts';
import { chosenForFunders, reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';
import { askForPdf, makeQueuedPdfs, pdfText, printedPdf } from './print.ts';

describe.skipIf(noBrowser)('a pack PDF as a job', () => {
  let t: TestApp;
  let w: PackWorld;
  let facilitator: Agent;
  let round: string;
  beforeAll(async () => {
    t = await testApp({ chromiumPath });
    w = await packWorld(t, 4);
    facilitator = await signedIn(t.app, w.people.facilitator.email);
    round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  });
  afterAll(() => t.close());

  it('is queued from the pack page’s form, claimed by one of two runners, and downloaded by the asker only', async () => {
    const pack = await facilitator.get(`${round}/pack?copies=2`);
    expect(pack.body).toMatch(new RegExp(`<form method="post" action="${round}/pack.pdf"`));
    const res = await facilitator.post(`${round}/pack.pdf`, { copies: '2', paper: 'a4' });
    expect(res.statusCode).toBe(303);
    const job = String(res.headers.location);

    const waiting = await facilitator.get(job);
    expect(waiting.statusCode).toBe(200);
    // The page follows the job's progress with the theme runs' script; without it, a link checks again.
    expect(waiting.body).toContain(`data-progress-url="${job}/progress"`);
    expect(waiting.body).toContain('/static/js/progress.js');
    expect(JSON.parse((await facilitator.get(`${job}/progress`)).body)).toEqual({
      status: 'queued',
      progress: 0,
      step: 'Step 1 of 4: waiting for a server to start it.',
    });
    expect(visibleText(waiting.body)).toContain('Making your PDF… Step 1 of 4: waiting for a server to start it.');
    expect((await facilitator.get(`${job}/download`)).headers.location).toBe(job);

    const [a, b] = [new PdfJobs(t.app), new PdfJobs(t.app)];
    const worked = await Promise.all([a.tick(), b.tick()]);
    expect(worked.filter(Boolean)).toHaveLength(1);
    const row = await t.db
      .selectFrom('pdf_jobs')
      .select(['status', 'attempts', 'claimed_by'])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', attempts: 1 });
    expect([a.server, b.server]).toContain(row.claimed_by);

    const ready = await facilitator.get(job);
    expect(ready.body).not.toContain('data-progress-url');
    expect(visibleText(ready.body)).toContain('Your PDF is ready.');
    expect(visibleText(ready.body)).toContain('kept for a day');
    const file = await facilitator.get(`${job}/download`);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="pack-open-event-round-a4.pdf"');
    const text = pdfText(file);
    expect(text).toContain('COPY 2 OF 2');
    for (const s of w.printable) expect(text).toContain(s.code);
    expect(text).not.toContain(w.noPrint.code);

    // Anyone else — another member of the alliance, someone from another alliance — gets 404.
    for (const email of [w.people.coordinator.email, w.other.coordinator.email]) {
      const other = await signedIn(t.app, email);
      const otherJob = job.replace(`/alliances/${w.alliance.id}/`, `/alliances/${w.other.alliance.id}/`);
      for (const url of [job, `${job}/download`, otherJob, `${otherJob}/download`])
        expect((await other.get(url)).statusCode, `${email} ${url}`).toBe(404);
    }
    // The asker too, once their role no longer prints rounds' packs.
    await t.db
      .updateTable('memberships')
      .set({ role: 'interviewer' })
      .where('user_id', '=', w.people.facilitator.id)
      .execute();
    expect((await facilitator.get(`${job}/download`)).statusCode).toBe(404);
    await t.db
      .updateTable('memberships')
      .set({ role: 'facilitator' })
      .where('user_id', '=', w.people.facilitator.id)
      .execute();
  });

  it('is finished by another server when the server working on it was killed', async () => {
    const job = await askForPdf(facilitator, `${round}/pack.pdf?paper=letter`);
    const now = new Date();
    const killed = await claimPdfJob(t.db, 'killed-server', now);
    expect(killed?.status).toBe('working');
    const other = new PdfJobs(t.app);
    // While its lease holds, nobody else takes it; the page still says it is being made.
    expect(await other.tick(new Date(now.getTime() + LEASE_MS - 1000))).toBe(false);
    expect(visibleText((await facilitator.get(job)).body)).toContain('Step 2 of 4: gathering the stories');
    expect(await other.tick(new Date(now.getTime() + LEASE_MS + 1000))).toBe(true);
    const row = await t.db
      .selectFrom('pdf_jobs')
      .select(['status', 'attempts', 'claimed_by'])
      .where('id', '=', killed!.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', attempts: 2, claimed_by: other.server });
    const file = await facilitator.get(`${job}/download`);
    expect(file.headers['content-disposition']).toBe('attachment; filename="pack-open-event-round-letter.pdf"');
  });

  it('sends settings that can’t be read back to the pack, which says what is wrong', async () => {
    await facilitator.get(`${round}/pack`);
    const res = await facilitator.post(`${round}/pack.pdf`, { copies: 'lots', paper: 'a4' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${round}/pack?copies=lots&paper=a4`);
    const page = await facilitator.get(String(res.headers.location));
    expect(page.statusCode).toBe(422);
  });
});

describe.skipIf(noBrowser)('a report PDF as a job', () => {
  let t: TestApp;
  let bed: ReportBed;
  beforeAll(async () => {
    t = await testApp({ chromiumPath });
    bed = await reportBed(t);
  });
  afterAll(() => t.close());

  it('holds, for a reader (a funder), no story kept from funders; the team’s own PDF has it', async () => {
    const chosen = await t.db
      .selectFrom('selections')
      .innerJoin('stories', 'stories.id', 'selections.story_id')
      .innerJoin('rounds', 'rounds.id', 'selections.round_id')
      .select(['stories.id', 'stories.title'])
      .where('rounds.inquiry_id', '=', bed.inquiry.id)
      .where('rounds.level', '=', 2)
      .execute();
    await t.db.updateTable('stories').set({ consent_funders: 0 }).where('id', '=', chosen[0]!.id).execute();
    const reader = await signInAs(t, 'reader');
    const report = await reader.get(`${bed.base}/report`);
    expect(report.body).toMatch(new RegExp(`<form method="post" action="${bed.base}/report.pdf"`));
    const funders = pdfText(await printedPdf(t.app, reader, `${bed.base}/report.pdf`));
    expect(funders).toContain('as funders see it');
    expect(funders).toContain(chosen[1]!.title);
    expect(funders).not.toContain(chosen[0]!.title);
    const coordinator = await signInAs(t, 'coordinator');
    const team = pdfText(await printedPdf(t.app, coordinator, `${bed.base}/report.pdf`));
    expect(team).toContain(chosen[0]!.title);
  });

  it('is no longer handed out once a story of the alliance is withdrawn; asked again, it leaves the story out', async () => {
    const coordinator = await signInAs(t, 'coordinator');
    const job = await askForPdf(coordinator, `${bed.base}/report.pdf`);
    await makeQueuedPdfs(t.app);
    const [story] = await chosenForFunders(t, bed);
    expect(pdfText(await coordinator.get(`${job}/download`))).toContain(story!.title);

    const a = `/alliances/${bed.demo.alliance.id}`;
    expect((await coordinator.submit(`${bed.base}/report`, `${a}/stories/${story!.id}/withdraw`, {})).statusCode).toBe(
      303,
    );
    const page = await coordinator.get(job);
    expect(visibleText(page.body)).toContain('The stories have changed since this PDF was made');
    expect(page.body).not.toContain(`href="${job}/download"`);
    expect(page.body).toContain('Make it again from the stories as they are now');
    const refused = await coordinator.get(`${job}/download`);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(job);

    const again = pdfText(await printedPdf(t.app, coordinator, `${bed.base}/report.pdf`));
    expect(again).not.toContain(story!.title);
  });
});

describe('a PDF that cannot be made', () => {
  it('leaves a failed job whose page says why and offers to try again, never a 500', async () => {
    const t = await testApp({ chromiumPath: '/bin/false' });
    try {
      const w = await packWorld(t, 2);
      const agent = await signedIn(t.app, w.people.facilitator.email);
      const round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
      const job = await askForPdf(agent, `${round}/pack.pdf?copies=3`);
      expect(await t.app.printing.tick()).toBe(true);
      const page = await agent.get(job);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('data-progress-url');
      const text = visibleText(page.body);
      expect(text).toContain('The PDF could not be made. Chromium could not print it in time.');
      expect(text).toContain('Chromium would not start');
      expect(page.body).toMatch(new RegExp(`<form method="post" action="${round}/pack.pdf"`));
      expect(page.body).toContain('name="copies" value="3"');
      expect((await agent.get(`${job}/download`)).statusCode).toBe(303);
      // Trying again queues a new job with the same settings.
      const again = await agent.post(`${round}/pack.pdf`, { copies: '3', paper: 'a4' });
      expect(again.headers.location).not.toBe(job);
    } finally {
      await t.close();
    }
  });
});
