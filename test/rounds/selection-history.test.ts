import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iso } from '../../server/db/time.ts';
import { selectionsForInquiry, storySelections } from '../../server/rounds/selections-store.ts';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, paperVotes, withdraw, type DecisionWorld } from './decisions-fixture.ts';
import { addRoundStories, makeRound } from './round-fixtures.ts';

let w: DecisionWorld;
const TABLE = 'This story shows how a person found the courage to speak at a public meeting.';
const BOARD = 'The board chose it because it shows a change that lasted all year.';

beforeEach(async () => {
  w = await makeDecisionWorld();
  await paperVotes(w.t.db, w.round.id, { [w.lives[1]!.id]: 7, [w.lives[0]!.id]: 2 });
});
afterEach(() => w.t.close());

async function decide(roundPath: string, fields: Record<string, string | string[]>) {
  await w.as.facilitator.get(`${roundPath}/decide`);
  expect((await w.as.facilitator.post(`${roundPath}/decide`, fields)).statusCode).toBe(303);
}

async function twoLevels() {
  await decide(w.roundPath, {
    domain: String(w.domainIds.lives),
    'stories[]': String(w.lives[1]!.id),
    reasons: TABLE,
    dissent: 'One of us preferred a quieter story.',
  });
  const board = await makeRound(w.t.db, w.alliance.id, w.inquiry.id, {
    name: 'Board round',
    panel: 'Alliance board',
    level: 2,
    stage: 'deciding',
  });
  await addRoundStories(w.t.db, board.id, [w.lives[1]!.id], 'passed_up');
  await decide(`${w.base}/rounds/${board.id}`, {
    domain: String(w.domainIds.lives),
    'stories[]': String(w.lives[1]!.id),
    reasons: BOARD,
  });
  return board;
}

/** Gives the story a receipt link, as the public telling does; returns its address. */
async function receiptFor(storyId: number): Promise<string> {
  const token = `receipt-token-${storyId}-abcdefghijklmnopqrstuvwxyz`;
  await w.t.db
    .updateTable('stories')
    .set({ receipt_hash: createHash('sha256').update(token).digest('hex') })
    .where('id', '=', storyId)
    .execute();
  return `/receipt/${token}`;
}

async function markSent(roundPath: string) {
  await w.as.facilitator.get(`${roundPath}/feedback`);
  expect((await w.as.facilitator.post(`${roundPath}/feedback/sent`)).statusCode).toBe(303);
}

describe('the story page', () => {
  it('shows where the story was chosen, at both levels, with reasons, dissent and votes', async () => {
    await twoLevels();
    const res = await w.as.interviewer.get(`${w.base}/stories/${w.lives[1]!.id}`);
    const text = visibleText(res.body);
    expect(text).toContain('Where this story was chosen');
    expect(text).toMatch(/Table 3 at the open event · level 1 · Table 3 round · .* · 7 votes/);
    expect(text).toMatch(/Alliance board · level 2 · Board round/);
    expect(text.indexOf(TABLE)).toBeLessThan(text.indexOf(BOARD));
    expect(text).toContain('One of us preferred a quieter story.');
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(visibleText((await w.as.interviewer.get(`${w.base}/stories/${w.lives[0]!.id}`)).body)).not.toContain(
      'Where this story was chosen',
    );
  });

  it('shows nothing once the story is withdrawn, and never another alliance’s rounds', async () => {
    await twoLevels();
    // A round of another alliance that somehow names this story: not part of its history.
    const them = await makeAlliance(w.t.db, 'Elsewhere');
    const theirInquiry = await makeInquiry(w.t.db, them.alliance, them.coordinator);
    const theirs = await makeRound(w.t.db, them.alliance.id, theirInquiry.id, { name: 'Their round' });
    const decision = await w.t.db
      .insertInto('decisions')
      .values({
        round_id: theirs.id,
        domain_id: null,
        outcome: 'chosen',
        reasons: 'Not ours.',
        criteria: '',
        dissent: '',
        recorded_by: null,
        decided_at: iso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await w.t.db
      .insertInto('selections')
      .values({ decision_id: decision.id, round_id: theirs.id, story_id: w.lives[1]!.id, votes: 1 })
      .execute();
    expect((await storySelections(w.t.db, w.alliance.id, w.lives[1]!.id)).map((s) => s.round_name)).toEqual([
      'Table 3 round',
      'Board round',
    ]);

    await withdraw(w.t.db, w.lives[1]!);
    expect(await storySelections(w.t.db, w.alliance.id, w.lives[1]!.id)).toEqual([]);
    const text = visibleText((await w.as.coordinator.get(`${w.base}/stories/${w.lives[1]!.id}`)).body);
    expect(text).not.toContain(TABLE);
  });
});

describe('selections for reports', () => {
  it('lists the inquiry’s selections with reasons, hiding anonymous names, withdrawn stories and those without panel consent', async () => {
    await decide(w.roundPath, {
      domain: String(w.domainIds.lives),
      'stories[]': [String(w.lives[1]!.id), String(w.lives[2]!.id)],
      reasons: TABLE,
    });
    await decide(w.roundPath, {
      domain: String(w.domainIds.services),
      'stories[]': String(w.services.id),
      reasons: TABLE,
    });
    let rows = await selectionsForInquiry(w.t.db, w.alliance.id, w.inquiry.id);
    expect(rows.map((r) => [r.code, r.storyteller, r.panel, r.level, r.reasons])).toEqual([
      [w.lives[1]!.code, 'Bob', 'Table 3 at the open event', 1, TABLE],
      [w.lives[2]!.code, '', 'Table 3 at the open event', 1, TABLE],
      [w.services.code, 'Carol', 'Table 3 at the open event', 1, TABLE],
    ]);
    await withdraw(w.t.db, w.lives[1]!);
    await w.t.db.updateTable('stories').set({ consent_panels: 0 }).where('id', '=', w.services.id).execute();
    rows = await selectionsForInquiry(w.t.db, w.alliance.id, w.inquiry.id);
    expect(rows.map((r) => r.code)).toEqual([w.lives[2]!.code]);
    expect(await selectionsForInquiry(w.t.db, w.alliance.id + 1000, w.inquiry.id)).toEqual([]);
  });
});

describe('the storyteller’s receipt', () => {
  it('says the story was chosen and why only once the feedback is sent; others hear that the panel read theirs', async () => {
    const chosen = await receiptFor(w.lives[1]!.id);
    const read = await receiptFor(w.lives[0]!.id);
    const teller = new Agent(w.t.app);
    await decide(w.roundPath, {
      domain: String(w.domainIds.lives),
      'stories[]': String(w.lives[1]!.id),
      reasons: TABLE,
    });
    let page = await teller.get(chosen);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).not.toContain('Your story was chosen');
    expect(visibleText(page.body)).not.toContain(TABLE);

    await markSent(w.roundPath);
    page = await teller.get(chosen);
    // The panel's reason is quoted as theirs, not run on after a "because:" (reasons often start "We chose it because").
    expect(visibleText(page.body)).toMatch(
      new RegExp(`Table 3 at the open event chose your story on .*\\. Their reason: “?${TABLE}”?`),
    );
    expect(page.body).toContain(`<q class="reasons">${TABLE}</q>`);
    expect(visibleText(page.body)).not.toContain('because:');
    expect(await htmlErrors(page.body)).toEqual([]);
    const other = visibleText((await teller.get(read)).body);
    expect(other).toContain('Table 3 at the open event read your story with care.');
    expect(other).not.toContain(TABLE);
  });

  it('says nothing for a withdrawn story', async () => {
    const chosen = await receiptFor(w.lives[1]!.id);
    await decide(w.roundPath, {
      domain: String(w.domainIds.lives),
      'stories[]': String(w.lives[1]!.id),
      reasons: TABLE,
    });
    await markSent(w.roundPath);
    await withdraw(w.t.db, w.lives[1]!);
    const text = visibleText((await new Agent(w.t.app).get(chosen)).body);
    expect(text).not.toContain('Your story was chosen');
    expect(text).not.toContain(TABLE);
  });
});
