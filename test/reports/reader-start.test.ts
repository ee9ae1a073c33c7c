/**
 * Where a reader (often a funder) starts: the alliance's menu leads to Reports, which lists each inquiry's report,
 * learning log and rounds' feedback, and a "take part" link only for the panels a facilitator added them to.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addToPanel } from '../../server/rounds/participants-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { heading, visibleText } from '../helpers/pages.ts';
import { makeRound, participationWorld } from '../rounds/round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t, { name: 'Funder round', stage: 'reading' });
});
afterEach(() => t.close());

const reports = () => `/alliances/${w.alliance.id}/reports`;

describe("a reader's way in", () => {
  it('is a Reports link in the alliance menu, on the overview', async () => {
    const reader = await signedIn(t.app, w.people.reader.email);
    const overview = await reader.get(`/alliances/${w.alliance.id}`);
    expect(overview.body).toContain(`href="${reports()}"`);
    const page = await reader.get(reports());
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe('Reports');
    expect(page.body).toContain('aria-current="page">Reports');
  });

  it("lists the inquiry's report, learning log and rounds' feedback, with take part only once on the panel", async () => {
    const other = await makeRound(t.db, w.alliance.id, w.inquiry.id, { name: 'Table 4 round', stage: 'voting' });
    const reader = await signedIn(t.app, w.people.reader.email);
    const base = `/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}`;
    let page = await reader.get(reports());
    expect(page.body).toContain(`href="${base}/report"`);
    expect(page.body).toContain(`href="${base}/learning"`);
    // Still being read, nothing chosen: no feedback page to offer yet (feedback-link.test.ts).
    expect(page.body).not.toContain(`href="/alliances/${w.alliance.id}/rounds/${w.round.id}/feedback"`);
    expect(visibleText(page.body)).toContain('Funder round (Reading): feedback page once the panel has chosen');
    expect(page.body).not.toContain('take-part');

    await addToPanel(t.db, { id: w.people.facilitator.id, name: 'F' }, w.round, w.people.reader);
    page = await reader.get(reports());
    expect(page.body).toContain(`href="/rounds/${w.round.id}/take-part"`);
    expect(page.body).not.toContain(`href="/rounds/${other.id}/take-part"`);
    // The link leads in: the panel's page opens for them.
    expect((await reader.get(`/rounds/${w.round.id}/take-part`)).statusCode).toBe(200);
  });

  it('is not offered to interviewers, who work with the stories instead', async () => {
    const interviewer = await signedIn(t.app, w.people.interviewer.email);
    const overview = await interviewer.get(`/alliances/${w.alliance.id}`);
    expect(overview.body).not.toContain(`href="${reports()}"`);
    expect((await interviewer.get(reports())).statusCode).toBe(403);
  });
});

describe("a reader's way back", () => {
  it('leads from the learning log and a round’s feedback to Reports, never to an inquiry page they may not open', async () => {
    const reader = await signedIn(t.app, w.people.reader.email);
    const inquiryPage = `/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}`;
    expect((await reader.get(inquiryPage)).statusCode).toBe(403);
    for (const url of [`${inquiryPage}/learning`, `/alliances/${w.alliance.id}/rounds/${w.round.id}/feedback`]) {
      const page = await reader.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain(`href="${inquiryPage}"`);
      expect(page.body, url).toContain(`<p class="back-link"><a href="${reports()}">Reports</a></p>`);
    }
  });
});
