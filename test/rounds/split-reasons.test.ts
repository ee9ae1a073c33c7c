/**
 * A panel that cannot choose between two stories chooses both, with one set of reasons that speaks of both. Where
 * one of them may not be shown (kept from funders, or withdrawn), the reasons are not shown beside the other:
 * otherwise a funder reading the shared story reads what the panel said of the one its teller kept from them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, withdraw, type DecisionWorld } from './decisions-fixture.ts';

let w: DecisionWorld;
const REASONS = 'The panel was split: the bus story shows a route saved; Amina at the council shows courage.';
const WITHHELD = "The panel's reasons are not shown here: they also speak of another story it chose";

beforeEach(async () => {
  w = await makeDecisionWorld();
  // Amina's story is for the team and panels only; Bob's may go to funders.
  await w.t.db.updateTable('stories').set({ consent_funders: 0 }).where('id', '=', w.lives[0]!.id).execute();
  await w.as.facilitator.get(`${w.roundPath}/decide`);
  const res = await w.as.facilitator.post(`${w.roundPath}/decide`, {
    domain: String(w.domainIds.lives),
    'stories[]': [String(w.lives[0]!.id), String(w.lives[1]!.id)],
    reasons: REASONS,
    dissent: 'One of us thought Amina’s story too personal to pass on.',
  });
  expect(res.statusCode).toBe(303);
  await w.as.facilitator.get(`${w.roundPath}/feedback`);
  expect((await w.as.facilitator.post(`${w.roundPath}/feedback/sent`)).statusCode).toBe(303);
});
afterEach(() => w.t.close());

const report = () => `${w.base}/inquiries/${w.inquiry.id}/report`;
const shared = () => `${w.base}/stories/${w.lives[1]!.id}`;

describe('a split decision with a story kept from funders', () => {
  it('shows the team the reasons on the story page, the feedback page and the report', async () => {
    for (const url of [shared(), `${w.roundPath}/feedback`, report()]) {
      const text = visibleText((await w.as.coordinator.get(url)).body);
      expect(text, url).toContain(REASONS);
      expect(text, url).not.toContain(WITHHELD);
    }
  });

  it('shows a funder the shared story as chosen, but not the reasons or dissent that speak of the other', async () => {
    // Readers (funders) have no story pages; they read the feedback and the report.
    for (const url of [`${w.roundPath}/feedback`, report()]) {
      const res = await w.as.reader.get(url);
      expect(res.statusCode, url).toBe(200);
      const text = visibleText(res.body);
      expect(text, url).toContain('The bus came back');
      expect(text, url).not.toContain('Amina');
      expect(text, url).not.toContain('courage');
      expect(text, url).toContain(WITHHELD);
    }
    // The team looking at the report as funders see it reads the same.
    const asFunders = visibleText((await w.as.coordinator.get(`${report()}?audience=funders`)).body);
    expect(asFunders).not.toContain(REASONS);
    expect(asFunders).toContain(WITHHELD);
  });

  it('withholds the reasons from the team too once the other story is withdrawn', async () => {
    const exhibit = `${w.roundPath}/exhibits/1`;
    expect(visibleText((await w.as.facilitator.get(exhibit)).body)).toContain(REASONS);
    await withdraw(w.t.db, w.lives[0]!);
    for (const url of [shared(), `${w.roundPath}/feedback`, report(), exhibit]) {
      const text = visibleText((await w.as.facilitator.get(url)).body);
      expect(text, url).toContain('The bus came back');
      expect(text, url).not.toContain(REASONS);
      expect(text, url).toContain(WITHHELD);
    }
  });

  it('shows that a decision was made even when every story it chose is hidden, not "no decision"', async () => {
    // The section of the domain the panel decided on (other domains rightly have no decision).
    const feedback = async (as: 'reader' | 'coordinator') => {
      const text = visibleText((await w.as[as].get(`${w.roundPath}/feedback`)).body);
      const from = text.indexOf("What the panel chose, and why Changes in people's lives");
      return text.slice(from, text.indexOf('Changes in how services work together', from));
    };
    expect(await feedback('reader')).toContain('1 story the panel chose here cannot be shown to you');
    await withdraw(w.t.db, w.lives[1]!);
    const funder = await feedback('reader');
    expect(funder).toContain('2 stories the panel chose here cannot be shown to you');
    expect(funder).not.toContain('No decision has been recorded');
    expect(funder).not.toContain(REASONS);
    await withdraw(w.t.db, w.lives[0]!);
    const team = await feedback('coordinator');
    expect(team).toContain('2 stories the panel chose here cannot be shown to you');
    expect(team).not.toContain('No decision has been recorded');
    expect(team).not.toContain(REASONS);
    // The printed sheet says what it is about.
    const sheet = visibleText((await w.as.coordinator.get(`${w.roundPath}/feedback`)).body);
    expect(sheet).toContain(`Inquiry ${w.inquiry.title} Alliance Harbour Alliance Round Table 3 round`);
  });
});
