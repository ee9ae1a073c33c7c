/**
 * Issue 5, tried as a new user would: two table rounds at an open event — one voting live on phones, one on paper —
 * pass their chosen stories up to the alliance board, which chooses with reasons. The story page shows the reasons
 * from both levels, the feedback page lists them, and the storyteller's receipt says their story was chosen and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import type { Round } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, questionOf } from '../helpers/interviews.ts';
import { copyLink, flash, visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { guestIn } from '../rounds/round-fixtures.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let facilitator: Agent;
let base: string;
let receipt: string;
let toldId: number;

const TABLE_REASONS = 'We chose this story because the change lasted, and she tells it in her own words.';
const PAPER_REASONS = 'Our table chose it because it shows three services finally talking to each other.';
const BOARD_REASONS = 'The board chose this story because both tables saw in it what the alliance is for.';

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  base = `/alliances/${people.alliance.id}`;
  await t.db
    .updateTable('inquiries')
    .set({ public_token: 'cycle-public-link-token', public_open: 1 })
    .where('id', '=', guide.inquiry.id)
    .execute();
  // One story told through the public link, so its teller has a receipt.
  const teller = new Agent(t.app);
  const told = await teller.submit('/tell/cycle-public-link-token', '/tell/cycle-public-link-token', {
    domainId: String(guide.domains[0]!.id),
    storyteller: 'June',
    [questionOf(guide, 'story')]: 'After the bus came back I could visit my sister every week, and we talk again.',
    [questionOf(guide, 'why')]: 'Because I was alone for two years.',
    [questionOf(guide, 'title')]: 'The bus came back',
    consent: ['panels', 'quotes'],
  });
  receipt = new URL(copyLink(told.body, 'receipt-link')).pathname;
  toldId = (await t.db.selectFrom('stories').select('id').where('route', '=', 'public').executeTakeFirstOrThrow()).id;
  for (let i = 0; i < 5; i++) await makeStory(t.db, guide.inquiry, { title: `Table story ${i}` });
  facilitator = await signedIn(t.app, people.facilitator.email);
});
afterAll(() => t.close());

async function newRound(fields: Record<string, string | string[]>): Promise<Round> {
  await facilitator.get(`${base}/inquiries/${guide.inquiry.id}/rounds/new`);
  const res = await facilitator.post(`${base}/inquiries/${guide.inquiry.id}/rounds/new`, {
    panel: '',
    level: '',
    method: 'dots',
    dots: '3',
    voting: 'live',
    ...fields,
  });
  expect(res.statusCode).toBe(303);
  return t.db
    .selectFrom('rounds')
    .selectAll()
    .where('name', '=', fields.name as string)
    .executeTakeFirstOrThrow();
}

async function moveTo(round: Round, stage: string): Promise<void> {
  await facilitator.get(`${base}/rounds/${round.id}`);
  const res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: stage });
  expect(res.statusCode, `moving ${round.name} to ${stage}`).toBe(303);
}

async function decide(round: Round, storyId: number, reasons: string): Promise<void> {
  await facilitator.get(`${base}/rounds/${round.id}/decide`);
  const res = await facilitator.post(`${base}/rounds/${round.id}/decide`, {
    domain: String(guide.domains[0]!.id),
    'stories[]': String(storyId),
    reasons,
  });
  expect(res.statusCode).toBe(303);
}

async function finish(round: Round): Promise<void> {
  await moveTo(round, 'closed');
  await facilitator.get(`${base}/rounds/${round.id}/feedback`);
  expect((await facilitator.post(`${base}/rounds/${round.id}/feedback/sent`, {})).statusCode).toBe(303);
}

describe('a two-level selection', () => {
  it('runs from two tables to the board, and the reasons reach the story page, the feedback page and the receipt', async () => {
    const stories = await t.db.selectFrom('stories').select(['id', 'code']).orderBy('id').execute();
    const [told, ...others] = stories;
    expect(told!.id).toBe(toldId);

    // Table 1 votes live on phones; table 2 on paper.
    const table1 = await newRound({ name: 'Table 1', panel: 'Table 1 at the open event', voting: 'live' });
    const table2 = await newRound({ name: 'Table 2', panel: 'Table 2 at the open event', voting: 'paper' });
    await facilitator.get(`${base}/rounds/${table1.id}/stories`);
    expect(
      (
        await facilitator.post(`${base}/rounds/${table1.id}/stories`, {
          intent: 'add',
          'story[]': [told, others[0], others[1]].map((s) => String(s!.id)),
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await facilitator.post(`${base}/rounds/${table2.id}/stories`, {
          intent: 'add',
          'story[]': others.slice(2).map((s) => String(s.id)),
        })
      ).statusCode,
    ).toBe(303);
    for (const r of [table1, table2]) {
      await moveTo(r, 'reading');
      await moveTo(r, 'voting');
    }

    const ana = await guestIn(t.app, table1.join_code, 'Ana');
    const ben = await guestIn(t.app, table1.join_code, 'Ben');
    for (const [guest, dots] of [
      [ana, { [told!.id]: '2', [others[0]!.id]: '1' }],
      [ben, { [told!.id]: '3' }],
    ] as const) {
      await guest.get(`/rounds/${table1.id}/take-part/vote`);
      const fields = Object.fromEntries(Object.entries(dots).map(([id, n]) => [`dots-${id}`, n]));
      expect((await guest.post(`/rounds/${table1.id}/take-part/vote`, fields)).statusCode).toBe(303);
    }
    const tallies = visibleText((await facilitator.get(`${base}/rounds/${table1.id}/tallies`)).body);
    expect(tallies).toContain(told!.code);
    expect(tallies).toMatch(/2 of 2/);

    await facilitator.get(`${base}/rounds/${table2.id}/paper`);
    const paper = await facilitator.post(`${base}/rounds/${table2.id}/paper`, {
      [`count-${others[2]!.id}`]: '6',
      [`count-${others[3]!.id}`]: '2',
      [`count-${others[4]!.id}`]: '1',
    });
    expect(paper.statusCode).toBe(303);

    for (const r of [table1, table2]) await moveTo(r, 'deciding');
    await decide(table1, told!.id, TABLE_REASONS);
    await decide(table2, others[2]!.id, PAPER_REASONS);
    await finish(table1);
    await finish(table2);

    // The board reads what the tables passed up, and chooses with reasons.
    const board = await newRound({
      name: 'Alliance board',
      panel: 'Alliance board',
      'sources[]': [String(table1.id), String(table2.id)],
    });
    expect(board.level).toBe(2);
    const hub = visibleText((await facilitator.get(`${base}/rounds/${board.id}`)).body);
    expect(hub).toContain(told!.code);
    expect(hub).toContain(others[2]!.code);
    expect(hub).not.toContain(others[0]!.code);
    await moveTo(board, 'reading');
    await moveTo(board, 'voting');
    await moveTo(board, 'deciding');
    await decide(board, told!.id, BOARD_REASONS);
    await finish(board);

    // The story page shows where it was chosen, at both levels, with the reasons.
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const page = visibleText((await coordinator.get(`${base}/stories/${told!.id}`)).body);
    expect(page).toContain(TABLE_REASONS);
    expect(page).toContain(BOARD_REASONS);
    expect(page).toContain('Table 1 at the open event');
    expect(page).toContain('Alliance board');

    // The board's feedback page lists its reasons and the tables' reasons for the stories passed up.
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const feedback = visibleText((await interviewer.get(`${base}/rounds/${board.id}/feedback`)).body);
    expect(feedback).toContain(BOARD_REASONS);
    expect(feedback).toContain(TABLE_REASONS);
    expect(feedback).toContain(PAPER_REASONS);
    // The told story was not shared with funders: a reader (a funder) reads the page without it.
    const reader = await signedIn(t.app, people.reader.email);
    const funders = visibleText((await reader.get(`${base}/rounds/${board.id}/feedback`)).body);
    expect(funders).toContain('Feedback from the panel');
    expect(funders).not.toContain(BOARD_REASONS);
    expect(funders).not.toContain(told!.code);

    // The storyteller's receipt says their story was chosen, by whom, and why.
    const receiptPage = visibleText((await new Agent(t.app).get(receipt)).body);
    expect(receiptPage).toContain(BOARD_REASONS);
    expect(receiptPage).toContain(TABLE_REASONS);

    // The guests' codes stop working once the rounds close.
    const late = new Agent(t.app);
    const res = await late.submit('/join', '/join', { code: table1.join_code, name: 'Late' });
    expect(res.statusCode).toBe(422);
    expect(flash(res.body) ?? visibleText(res.body)).toMatch(/closed/i);
  });
});
