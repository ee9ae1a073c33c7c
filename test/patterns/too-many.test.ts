/**
 * Pattern views read every story they count, so over HEARTH_PATTERN_STORIES (50,000 by default; 5 here) they ask for
 * a narrower set instead of taking seconds of a server and hundreds of megabytes: the overview and a pair say so and
 * link to the story list to narrow them; a narrower set is counted as usual; an observation whose set has grown past
 * the limit says so wherever it is shown (its page, the report) rather than recounting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let facilitator: Agent;
beforeAll(async () => {
  t = await testApp({ patternStories: 5 });
  bed = await reportBed(t);
  facilitator = await signInAs(t, 'facilitator');
}, 60_000);
afterAll(() => t.close());

const TOO_MANY = 'they look at 5 stories at most at a time, and these are more';

describe('patterns over more stories than a server counts at once', () => {
  it('ask for a narrower set, on the overview and on a pair, with a way to narrow them', async () => {
    for (const address of ['patterns', 'patterns/domain', 'patterns/domain/length']) {
      const res = await facilitator.get(`${bed.base}/${address}?status=recorded`);
      expect(res.statusCode, address).toBe(200);
      const text = visibleText(res.body);
      expect(text, address).toContain(TOO_MANY);
      expect(decode(res.body)).toContain(`href="${bed.base}/stories?status=recorded"`);
      expect(text).not.toContain('stories count here');
      expect(res.body).not.toContain('id="compared"');
    }
  });

  it('count a narrower set as usual', async () => {
    const told = bed.stories.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn').slice(0, 3);
    const res = await facilitator.get(`${bed.base}/patterns?ids=${told.map((s) => s.id).join(',')}`);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain('3 stories count here');
    expect(text).not.toContain(TOO_MANY);
  });

  it('leave an observation over the whole inquiry uncounted, saying why, on its page and in the report', async () => {
    const res = await facilitator.post(`${bed.base}/observations`, {
      pattern: 'domain/length',
      filters: '',
      text: 'Long stories come from one domain.',
    });
    expect(res.statusCode).toBe(422); // a pattern that cannot be drawn now cannot be pinned
    const observation = await t.db
      .selectFrom('observations')
      .select('id')
      .where('inquiry_id', '=', bed.inquiry.id)
      .executeTakeFirstOrThrow();
    const page = visibleText((await facilitator.get(`${bed.base}/observations/${observation.id}`)).body);
    expect(page).toContain('Too many stories to count here (more than 5)');
    const coordinator = await signInAs(t, 'coordinator');
    const report = visibleText((await coordinator.get(`${bed.base}/report`)).body);
    expect(report).toContain('Too many stories to count here (more than 5)');
  });
});
