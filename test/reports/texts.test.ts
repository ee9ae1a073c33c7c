/** The coordinator's own words in the report: introduction, conclusions and title, per reporting period. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from './report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let coordinator: Agent;
beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  coordinator = await signInAs(t, 'coordinator');
});
afterAll(() => t.close());

const editUrl = () => `${bed.base}/report/edit`;
const written = async () => ({
  texts: await t.db.selectFrom('report_texts').selectAll().orderBy('id').execute(),
  audit: await t.db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
});

describe('writing the report’s words', () => {
  it('saves the title, introduction and conclusions for the period, shown in the report and audited', async () => {
    const page = await coordinator.get(editUrl());
    expect(page.statusCode).toBe(200);
    expect(await htmlErrors(page.body)).toEqual([]);
    const res = await coordinator.post(editUrl(), {
      title: 'What changed for families this spring',
      introduction: 'We asked people what changed.\nHere is what they told us.',
      conclusions: 'Staying with people matters most.',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${bed.base}/report?from=2026-01-01&to=2026-06-30`);
    const report = await coordinator.get(res.headers.location as string);
    expect(flash(report.body)).toBe("The report's words are saved.");
    expect(heading(report.body)).toBe('What changed for families this spring');
    expect(report.body).toContain('We asked people what changed.\nHere is what they told us.');
    expect(visibleText(report.body)).toContain('Staying with people matters most.');
    const audit = await t.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'report.texts_saved')
      .execute();
    expect(audit).toHaveLength(1);
    // Another period has its own words; the default period's stay.
    const other = await coordinator.get(`${bed.base}/report?from=2026-04-01&to=2026-06-30`);
    expect(heading(other.body)).toBe(bed.inquiry.title);
    await coordinator.post(editUrl(), {
      title: '',
      introduction: 'Changed again.',
      conclusions: '',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect((await written()).texts).toHaveLength(1);
    expect(heading((await coordinator.get(`${bed.base}/report`)).body)).toBe(bed.inquiry.title);
  });

  it('refuses an introduction that is too long, with the message beside it and everything typed kept, writing nothing', async () => {
    const before = await written();
    const long = 'word '.repeat(4001);
    const res = await coordinator.submit(editUrl(), editUrl(), {
      title: 'Kept title',
      introduction: long,
      conclusions: 'Kept conclusions',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'introduction')).toContain('The introduction is too long');
    expect(res.body).toContain('Kept conclusions</textarea>');
    expect(res.body).toContain('value="Kept title"');
    expect(await written()).toEqual(before);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('refuses a period that is not a date', async () => {
    const before = await written();
    const res = await coordinator.submit(editUrl(), editUrl(), {
      title: '',
      introduction: 'x',
      conclusions: '',
      from: 'spring',
      to: '',
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('Give the first day as a date');
    expect(await written()).toEqual(before);
  });

  it('is for coordinators only: facilitators 403, other alliances 404, signed out to sign in', async () => {
    const facilitator = await signInAs(t, 'facilitator');
    expect((await facilitator.get(editUrl())).statusCode).toBe(403);
    expect((await facilitator.post(editUrl(), { introduction: 'x' })).statusCode).toBe(403);
    const reader = await signInAs(t, 'reader');
    expect((await reader.get(editUrl())).statusCode).toBe(403);
    const outsider = await signedIn(t.app, bed.outsider.email);
    expect((await outsider.get(editUrl())).statusCode).toBe(404);
    const anon = await new Agent(t.app).get(editUrl());
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toMatch(/^\/sign-in/);
  });
});
