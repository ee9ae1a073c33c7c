/**
 * The readers' Reports page offers a round's feedback page only once there is feedback to read: the panel has
 * chosen (a decision is recorded), the feedback was sent, or the round is closed. Before that the page could only
 * say "not decided".
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordDecision } from '../../server/rounds/decisions-store.ts';
import type { Agent } from '../helpers/agent.ts';
import { signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeRound, participationWorld } from '../rounds/round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let reader: Agent;
beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t, { name: 'Spring table', stage: 'preparing' });
  reader = await signedIn(t.app, w.people.reader.email);
});
afterEach(() => t.close());

const reports = () => `/alliances/${w.alliance.id}/reports`;
const feedbackHref = (id: number) => `href="/alliances/${w.alliance.id}/rounds/${id}/feedback"`;

it('offers no feedback page for a round still being prepared, and says when there will be one', async () => {
  const page = await reader.get(reports());
  expect(page.statusCode).toBe(200);
  expect(page.body).not.toContain(feedbackHref(w.round.id));
  expect(visibleText(page.body)).toContain('Spring table (Preparing): feedback page once the panel has chosen');
  expect(visibleText(page.body)).not.toContain('Feedback page');
  expect(await htmlErrors(page.body)).toEqual([]);
});

it('offers it once the panel has chosen, once the feedback is sent, and for a closed round', async () => {
  const voting = await makeRound(t.db, w.alliance.id, w.inquiry.id, { name: 'Board', stage: 'deciding' });
  const sent = await makeRound(t.db, w.alliance.id, w.inquiry.id, {
    name: 'Sent',
    stage: 'deciding',
    feedback_sent_at: new Date().toISOString(),
  });
  const closed = await makeRound(t.db, w.alliance.id, w.inquiry.id, { name: 'Autumn', stage: 'closed' });
  let page = await reader.get(reports());
  expect(page.body).not.toContain(feedbackHref(voting.id));
  expect(page.body).toContain(feedbackHref(sent.id));
  expect(page.body).toContain(feedbackHref(closed.id));

  await recordDecision(t.db, { id: w.people.facilitator.id, name: 'F' }, voting, {
    domainId: null,
    outcome: 'none',
    chosen: [],
    reasons: 'None of these spoke to the board this time.',
    criteria: '',
    dissent: '',
  });
  page = await reader.get(reports());
  expect(page.body).toContain(feedbackHref(voting.id));
  expect(visibleText(page.body)).toContain('Board (Deciding): Feedback page');
  expect(page.body).not.toContain(feedbackHref(w.round.id));
});
