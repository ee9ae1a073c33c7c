/** The report of the demo inquiry as staff read it: every section, no names of interviewers, charts with text alternatives, roles. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, DEMO_PEOPLE } from '../../server/demo/load.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, heading, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from './report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let html: string;
let text: string;
beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  const res = await (await signInAs(t, 'coordinator')).get(`${bed.base}/report`);
  expect(res.statusCode).toBe(200);
  html = res.body;
  text = visibleText(html);
});
afterAll(() => t.close());

const chosen = () =>
  t.db
    .selectFrom('selections')
    .innerJoin('rounds', 'rounds.id', 'selections.round_id')
    .innerJoin('decisions', 'decisions.id', 'selections.decision_id')
    .innerJoin('stories', 'stories.id', 'selections.story_id')
    .select(['stories.code', 'stories.title', 'rounds.level', 'decisions.reasons', 'decisions.dissent'])
    .where('rounds.inquiry_id', '=', bed.inquiry.id)
    .execute();

describe('the report of an inquiry with two levels of choices', () => {
  it('opens with its title and period, and says it is the full report for staff', () => {
    expect(heading(html)).toBe(bed.inquiry.title);
    expect(text).toContain('Stories told from 1 Jan 2026 – 30 Jun 2026');
    expect(text).toContain('See what funders see');
  });

  it('shows each chosen story once, highest level first, with every panel’s reasons on the way up', async () => {
    const rows = await chosen();
    const level2 = rows.filter((r) => r.level === 2);
    expect(level2.length).toBeGreaterThan(0);
    const level2At = text.indexOf('Chosen at level 2');
    const level1At = text.indexOf('Chosen at level 1');
    expect(level2At).toBeGreaterThan(0);
    expect(level1At).toBeGreaterThan(level2At);
    for (const row of rows) expect(text).toContain(row.reasons);
    for (const row of rows.filter((r) => r.dissent)) expect(text).toContain(row.dissent);
    for (const top of level2) {
      // Its story sits in the level 2 section, and carries the level 1 reasons too.
      const at = text.indexOf(`${top.code} ${top.title}`);
      expect(at).toBeGreaterThan(level2At);
      expect(at).toBeLessThan(level1At);
      expect(text.split(`${top.code} ${top.title}`).length).toBe(2);
      const levelOne = rows.find((r) => r.code === top.code && r.level === 1)!;
      expect(text.slice(at, level1At)).toContain(levelOne.reasons);
    }
  });

  it('describes what was done: domains, period, routes, who told them, and the panels by role', () => {
    expect(text).toContain(
      "Domains of change Changes in people's lives; Changes in how services work together; Any other change",
    );
    expect(text).toMatch(
      /27 stories in all: 23 told in interviews; 2 told through the public link; 2 written on paper forms/,
    );
    expect(text).toContain('Manager fewer than 3');
    expect(text).toContain('Level 1 — Open event, table 1');
    expect(text).toContain('Who sat on it: 4 guests.');
    expect(text).toContain('people voting on paper');
    expect(text).toContain('Level 3 — Funder conversation, July');
  });

  it('names no interviewer, worker or guest, and counts nothing per interviewer', () => {
    for (const person of DEMO_PEOPLE.filter((p) => p.role === 'interviewer')) expect(text).not.toContain(person.name);
    // Beyond the learning log (whose owners the coordinator wrote in), no member of the alliance is named.
    const beforeLearning = text.slice(
      text.indexOf('What was done'),
      text.indexOf('What we learned and what will change'),
    );
    for (const person of DEMO_PEOPLE) expect(beforeLearning).not.toContain(person.name);
    for (const organisation of DEMO_ORGANISATIONS.filter((o) => !o.includes('funder')))
      expect(beforeLearning).not.toContain(organisation);
    for (const guest of ['Maureen', 'Dev', 'Kofi', 'Lena'])
      expect(text).not.toMatch(new RegExp(`sat on it:[^.]*${guest}`));
    expect(text).not.toMatch(/interviewed by|recorded by|heard by/i);
    // The verification notes name who heard the stories: they stay out of the report.
    expect(text).not.toContain('so Grace and Sam heard it');
  });

  it('shows themes still in play with counts, quotes only from stories whose tellers agreed to quoting, linked to the codebook', () => {
    for (const name of bed.themeNames) expect(text).toContain(name);
    expect(text).not.toContain('A theme people discarded');
    expect(text).toContain(bed.taggedQuote.replace(/\s+/g, ' ').trim());
    expect(text).not.toContain(bed.unquotableOpening);
    expect(html).toMatch(new RegExp(`href="${bed.base}/codebook/\\d+">Joined-up services</a>`));
  });

  it('draws charts by domain, by each storyteller question, by theme and the selection funnel, each with a text alternative', () => {
    const svgs = [...html.matchAll(/<svg class="report-chart__svg"[^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs.length).toBe(1 + 3 + 1 + 1);
    for (const svg of svgs) {
      const id = /aria-labelledby="([^ "]+)-title \1-desc"/.exec(svg)?.[1];
      expect(id).toBeTruthy();
      expect(svg).toContain('role="img"');
      expect(svg).toMatch(new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
    }
    expect(text).toMatch(
      /Stories told 27 Read at level 1 27 Chosen at level 1 \d+ Read at level 2 \d+ Chosen at level 2 \d+/,
    );
    expect((html.match(/The numbers as a table/g) ?? []).length).toBe(svgs.length);
  });

  it('says whose stories survive each level, and which groups are missing, in words', () => {
    expect(text).toContain('Whose stories are heard at each level');
    expect(text).toContain('No stories chosen at level 1 from Worker (Who are you?).');
    expect(text).toMatch(/Who are you\? Told Read by a panel Chosen at level 1 Chosen at level 2/);
  });

  it('lists the learning log with status and owner, and the verification counts', () => {
    expect(text).toContain('Pilot a shared follow-up call two weeks after every first visit');
    expect(text).toContain('In progress');
    expect(text).toMatch(
      /Of 27 stories, \d+ were read back to their tellers, \d+ tellers changed something when it was read back, and \d+ were verified/,
    );
  });

  it('is valid HTML', async () => {
    expect(await htmlErrors(html)).toEqual([]);
  });
});

describe('the period', () => {
  it('counts only stories told in the period asked for', async () => {
    const res = await (await signInAs(t, 'coordinator')).get(`${bed.base}/report?from=2026-04-01&to=2026-06-30`);
    expect(res.statusCode).toBe(200);
    const told = Number(/(\d+) stories in all/.exec(visibleText(res.body))?.[1]);
    expect(told).toBeGreaterThan(0);
    expect(told).toBeLessThan(27);
  });

  it('says beside the field when a date is not a date, keeping what was typed', async () => {
    const res = await (await signInAs(t, 'coordinator')).get(`${bed.base}/report?from=2026-13-45&to=2026-06-30`);
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'from')).toContain('Give the first day as a date');
    expect(res.body).toContain('value="2026-13-45"');
    expect(await htmlErrors(res.body)).toEqual([]);
  });
});

describe('who may read it', () => {
  it('lets facilitators read the staff report, and readers the funder view only', async () => {
    const facilitator = await (await signInAs(t, 'facilitator')).get(`${bed.base}/report`);
    expect(facilitator.statusCode).toBe(200);
    expect(visibleText(facilitator.body)).toContain('See what funders see');
    const reader = await signInAs(t, 'reader');
    for (const url of [`${bed.base}/report`, `${bed.base}/report?audience=staff`]) {
      const res = await reader.get(url);
      expect(res.statusCode).toBe(200);
      expect(visibleText(res.body)).toContain('This is the report as funders see it');
      expect(visibleText(res.body)).not.toContain('Write the introduction and conclusions');
    }
    const list = await reader.get(`/alliances/${bed.demo.alliance.id}/reports`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`${bed.base}/report`);
    expect(await htmlErrors(list.body)).toEqual([]);
  });

  it('refuses interviewers (403), hides it from other alliances (404) and sends the signed-out to sign in', async () => {
    expect((await (await signInAs(t, 'interviewer')).get(`${bed.base}/report`)).statusCode).toBe(403);
    expect((await (await signInAs(t, 'interviewer')).get(`${bed.base}/report.pdf`)).statusCode).toBe(403);
    const outsider = await signedIn(t.app, bed.outsider.email);
    expect((await outsider.get(`${bed.base}/report`)).statusCode).toBe(404);
    expect((await outsider.get(`${bed.base}/report/share`)).statusCode).toBe(404);
    const anon = await new Agent(t.app).get(`${bed.base}/report`);
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toMatch(/^\/sign-in\?next=/);
  });

  it('is linked from the inquiry page for coordinators and facilitators', async () => {
    const page = await (await signInAs(t, 'facilitator')).get(bed.base);
    expect(page.body).toContain(`href="${bed.base}/report"`);
  });
});

describe('an inquiry with nothing in it yet', () => {
  it('still makes a report that says so, as valid HTML', async () => {
    const world = await makeAlliance(t.db, 'Quiet');
    const inquiry = await makeInquiry(t.db, world.alliance, world.coordinator);
    const res = await (
      await signedIn(t.app, world.coordinator.email)
    ).get(`/alliances/${world.alliance.id}/inquiries/${inquiry.id}/report`);
    expect(res.statusCode).toBe(200);
    const page = visibleText(res.body);
    expect(page).toContain('0 stories in all');
    expect(page).toContain('No panel has chosen a story from this period yet.');
    expect(page).toContain('No one has looked for themes in these stories yet.');
    expect(await htmlErrors(res.body)).toEqual([]);
  });
});
