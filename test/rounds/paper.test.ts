import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPaperTallies } from '../../server/rounds/ballots.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { guestIn, participationWorld, setStage } from './round-fixtures.ts';
import { roundTallies } from '../../server/rounds/tally-store.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let base: string;
let facilitator: Agent;

beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t, { voting: 'paper' });
  base = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  facilitator = await signedIn(t.app, w.people.facilitator.email);
});
afterEach(() => t.close());

const totals = async () =>
  Object.fromEntries([...(await roundTallies(t.db, w.round))].map(([id, v]) => [id, [v.live, v.paper]]));
const paperBallots = () =>
  t.db.selectFrom('ballots').selectAll().where('round_id', '=', w.round.id).where('source', '=', 'paper').execute();
const audits = (action: string) =>
  t.db.selectFrom('audit_events').select('actor_name').where('action', '=', action).execute();

describe('paper tallies (pure)', () => {
  const stories = [
    { id: 1, code: 'A1' },
    { id: 2, code: 'B2' },
  ];
  it('reads the number fields and the quick lines on top', () => {
    const r = checkPaperTallies(stories, { 'count-1': '4', 'count-2': '', quick: 'b2 = 7\n' });
    expect(r.ok).toBe(true);
    expect([...r.counts]).toEqual([
      [1, 4],
      [2, 7],
    ]);
  });
  it('refuses negatives, words and unknown codes', () => {
    expect(checkPaperTallies(stories, { 'count-1': '-1' }).errors).toEqual({ 'count-1': 'panel.errors.countNumber' });
    expect(checkPaperTallies(stories, { 'count-1': 'four' }).errors).toEqual({ 'count-1': 'panel.errors.countNumber' });
    expect(checkPaperTallies(stories, { quick: 'Z9 = 1' }).quickProblems).toEqual([
      { key: 'panel.errors.quickLineCode', line: 'Z9 = 1', code: 'Z9' },
    ]);
    expect(checkPaperTallies(stories, { quick: 'A1 is four' }).quickProblems).toEqual([
      { key: 'panel.errors.quickLineForm', line: 'A1 is four' },
    ]);
    expect(checkPaperTallies(stories, { 'count-9': '1' }).errors).toEqual({ _form: 'panel.errors.unknownStory' });
  });
});

describe('typing in paper tallies', () => {
  it('shows a row per story code, saves, and re-entry replaces the counts', async () => {
    const [a, b, c] = w.stories;
    const page = await facilitator.get(`${base}/paper`);
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe('Paper tallies');
    expect(fieldValue(page.body, `count-${a!.id}`)).toBe('0');
    expect(page.body).not.toContain(w.private.code);
    expect(await htmlErrors(page.body)).toEqual([]);
    let res = await facilitator.post(`${base}/paper`, {
      [`count-${a!.id}`]: '4',
      [`count-${b!.id}`]: '2',
      [`count-${c!.id}`]: '0',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/tallies`);
    expect(flash((await facilitator.get(`${base}/tallies`)).body)).toBe('The paper tallies are saved.');
    expect(await totals()).toEqual({ [a!.id]: [0, 4], [b!.id]: [0, 2] });
    expect(fieldValue((await facilitator.get(`${base}/paper`)).body, `count-${a!.id}`)).toBe('4');
    res = await facilitator.post(`${base}/paper`, {
      [`count-${a!.id}`]: '1',
      [`count-${b!.id}`]: '0',
      [`count-${c!.id}`]: '',
      quick: `${c!.code} = 5`,
    });
    expect(res.statusCode).toBe(303);
    expect(await totals()).toEqual({ [a!.id]: [0, 1], [c!.id]: [0, 5] });
    expect(await paperBallots()).toHaveLength(1);
    expect(await audits('round.paper_tallies_entered')).toEqual([
      { actor_name: w.people.facilitator.name },
      { actor_name: w.people.facilitator.name },
    ]);
  });

  it('refuses a negative count, a word and an unknown code, beside the field, keeping what was typed', async () => {
    const [a, b] = w.stories;
    await facilitator.get(`${base}/paper`);
    let res = await facilitator.post(`${base}/paper`, { [`count-${a!.id}`]: '-2', [`count-${b!.id}`]: 'three' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `count-${a!.id}`)).toBe('Type a whole number, 0 or more.');
    expect(fieldError(res.body, `count-${b!.id}`)).toBe('Type a whole number, 0 or more.');
    expect(fieldValue(res.body, `count-${b!.id}`)).toBe('three');
    expect(await htmlErrors(res.body)).toEqual([]);
    res = await facilitator.post(`${base}/paper`, { [`count-${a!.id}`]: '2', quick: 'ZZ99 = 3' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'quick')).toBe(
      '1 line in the list is wrong, so nothing was saved. “ZZ99 = 3”: ZZ99 is not a story code in this round.',
    );
    res = await facilitator.post(`${base}/paper`, { [`count-${w.private.id}`]: '2' });
    expect(res.statusCode).toBe(422);
    expect(await paperBallots()).toEqual([]);
  });

  it('takes paper tallies only while voting or deciding', async () => {
    await facilitator.get(`${base}/paper`);
    await setStage(t.db, w.round.id, 'deciding');
    expect((await facilitator.post(`${base}/paper`, { [`count-${w.stories[0]!.id}`]: '1' })).statusCode).toBe(303);
    for (const stage of ['reading', 'closed'] as const) {
      await setStage(t.db, w.round.id, stage);
      expect(visibleText((await facilitator.get(`${base}/paper`)).body)).toContain(
        'while the round is voting or deciding',
      );
      expect((await facilitator.post(`${base}/paper`, { [`count-${w.stories[0]!.id}`]: '9' })).statusCode).toBe(422);
    }
    expect(await totals()).toEqual({ [w.stories[0]!.id]: [0, 1] });
  });
});

describe('the tallies page', () => {
  it('shows live, paper and total per story code and how many have voted, also as JSON', async () => {
    await t.db.updateTable('rounds').set({ voting: 'live' }).where('id', '=', w.round.id).execute();
    const [a, b] = w.stories;
    const guest = await guestIn(t.app, w.round.join_code);
    await guestIn(t.app, w.round.join_code, 'Second');
    await guest.get(`/rounds/${w.round.id}/take-part/vote`);
    await guest.post(`/rounds/${w.round.id}/take-part/vote`, { [`dots-${a!.id}`]: '3' });
    await facilitator.get(`${base}/paper`);
    await facilitator.post(`${base}/paper`, { [`count-${a!.id}`]: '2', [`count-${b!.id}`]: '1' });
    const page = await facilitator.get(`${base}/tallies`);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('1 of 2 participants have voted.');
    expect(text).toContain(`${a!.code} ${a!.title} 3 2 5`);
    expect(text).toContain(`${b!.code} ${b!.title} 0 1 1`);
    expect(text).not.toContain(w.private.code);
    // Only the sentence of who has voted is read out as it changes (a status), not the table.
    expect(page.body).toContain('<p class="tallies__progress" role="status" aria-atomic="true">');
    expect(page.body).toContain('/static/js/tallies.js');
    expect(await htmlErrors(page.body)).toEqual([]);
    const json = (await facilitator.get(`${base}/tallies.json`)).json();
    expect(json).toMatchObject({ voted: 1, joined: 2, revealed: false });
    expect(json.stories).toContainEqual({ id: a!.id, code: a!.code, title: a!.title, live: 3, paper: 2, total: 5 });
  });

  it('reveals and hides the totals for participants, recorded in the audit log', async () => {
    await facilitator.get(`${base}/tallies`);
    expect((await facilitator.post(`${base}/reveal`, { reveal: '1' })).statusCode).toBe(303);
    expect(flash((await facilitator.get(`${base}/tallies`)).body)).toBe('The totals are now shown to participants.');
    expect(
      (
        await t.db
          .selectFrom('rounds')
          .select('tallies_revealed')
          .where('id', '=', w.round.id)
          .executeTakeFirstOrThrow()
      ).tallies_revealed,
    ).toBe(1);
    expect((await facilitator.post(`${base}/reveal`, { reveal: '0' })).statusCode).toBe(303);
    expect(
      (
        await t.db
          .selectFrom('rounds')
          .select('tallies_revealed')
          .where('id', '=', w.round.id)
          .executeTakeFirstOrThrow()
      ).tallies_revealed,
    ).toBe(0);
    expect((await facilitator.post(`${base}/reveal`, { reveal: 'maybe' })).statusCode).toBe(422);
    expect(await audits('round.tallies_revealed')).toHaveLength(1);
    expect(await audits('round.tallies_hidden')).toHaveLength(1);
  });

  it('is for coordinators and facilitators of the alliance only', async () => {
    const urls = [`${base}/tallies`, `${base}/tallies.json`, `${base}/paper`];
    const coordinator = await signedIn(t.app, w.people.coordinator.email);
    for (const url of urls) expect((await coordinator.get(url)).statusCode).toBe(200);
    for (const role of ['reader', 'interviewer'] as const) {
      const member = await signedIn(t.app, w.people[role].email);
      for (const url of urls) expect((await member.get(url)).statusCode).toBe(403);
      await member.get(`/alliances/${w.alliance.id}`);
      expect((await member.post(`${base}/reveal`, { reveal: '1' })).statusCode).toBe(403);
      expect((await member.post(`${base}/paper`, { [`count-${w.stories[0]!.id}`]: '1' })).statusCode).toBe(403);
    }
    const outsider = await signedIn(t.app, w.other.facilitator.email);
    for (const url of urls) expect((await outsider.get(url)).statusCode).toBe(404);
    const otherBase = `/alliances/${w.other.alliance.id}/rounds/${w.round.id}`;
    expect((await outsider.get(`${otherBase}/tallies`)).statusCode).toBe(404);
    await outsider.get(`/alliances/${w.other.alliance.id}`);
    expect((await outsider.post(`${otherBase}/paper`, { [`count-${w.stories[0]!.id}`]: '1' })).statusCode).toBe(404);
    const stranger = await new Agent(t.app).get(`${base}/tallies`);
    expect(stranger.statusCode).toBe(303);
    expect(stranger.headers.location).toContain('/sign-in');
    expect(await paperBallots()).toEqual([]);
    expect(
      (
        await t.db
          .selectFrom('rounds')
          .select('tallies_revealed')
          .where('id', '=', w.round.id)
          .executeTakeFirstOrThrow()
      ).tallies_revealed,
    ).toBe(0);
  });
});
