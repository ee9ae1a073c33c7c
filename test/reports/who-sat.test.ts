/** The report's method section says who sat on each panel; a panel nobody joined in Hearth reads by its stage. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { iso } from '../../server/db/time.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, type DecisionWorld } from '../rounds/decisions-fixture.ts';

let w: DecisionWorld;
beforeEach(async () => {
  w = await makeDecisionWorld();
});
afterEach(() => w.t.close());

const whoSat = async () => {
  const text = visibleText((await w.as.coordinator.get(`${w.base}/inquiries/${w.inquiry.id}/report`)).body);
  return text.match(/Level 1 — Table 3 round.*?Who sat on it: [^.]*\./)?.[0] ?? text;
};

it('says an open round nobody has joined is waiting for them', async () => {
  expect(await whoSat()).toContain('not yet closed');
  expect(await whoSat()).toContain('Who sat on it: nobody has joined yet.');
});

it('says a closed round nobody joined met without Hearth, not that it is still waiting', async () => {
  await w.t.db.updateTable('rounds').set({ stage: 'closed', closed_at: iso() }).where('id', '=', w.round.id).execute();
  const line = await whoSat();
  expect(line).toMatch(/; decided by .*Who sat on it: nobody joined it in Hearth \(its members met and decided/);
  expect(line).not.toContain('nobody has joined yet');
});

it('counts every story a panel read, and says how many of them the report holds', async () => {
  expect(await whoSat()).toMatch(/; read 5 stories\. Who sat/);
  // One story kept from funders: the funders' report counts it as read, and holds the other four.
  await w.t.db.updateTable('stories').set({ consent_funders: 0 }).where('id', '=', w.lives[0]!.id).execute();
  const text = visibleText((await w.as.reader.get(`${w.base}/inquiries/${w.inquiry.id}/report`)).body);
  expect(text).toMatch(/Level 1 — Table 3 round[^.]*; read 5 stories \(4 in this report\)\./);
});
