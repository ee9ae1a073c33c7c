import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBallot, rankPlaces } from '../../server/rounds/ballots.ts';
import { shuffled } from '../../server/rounds/shuffle.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, visibleText } from '../helpers/pages.ts';
import { guestIn, makeRound, addRoundStories, participationWorld, setStage } from './round-fixtures.ts';
import { roundTallies } from '../../server/rounds/tally-store.ts';

describe('checking a ballot (pure)', () => {
  const ids = [11, 12, 13];
  it('dots: counts dots per story, several on one story allowed', () => {
    const r = checkBallot(
      { method: 'dots', dots: 3, storyIds: ids },
      { 'dots-11': '2', 'dots-12': '', 'dots-13': '1' },
    );
    expect(r).toMatchObject({
      ok: true,
      marks: [
        { storyId: 11, points: 2, rank: null },
        { storyId: 13, points: 1, rank: null },
      ],
    });
  });
  it('dots: refuses too many, none, negatives and words, and stories not in the round', () => {
    expect(checkBallot({ method: 'dots', dots: 3, storyIds: ids }, { 'dots-11': '2', 'dots-12': '2' })).toMatchObject({
      ok: false,
      errors: { total: 'panel.errors.tooManyDots' },
    });
    expect(checkBallot({ method: 'dots', dots: 3, storyIds: ids }, { 'dots-11': '0' })).toMatchObject({
      ok: false,
      errors: { _form: 'panel.errors.noDots' },
    });
    expect(checkBallot({ method: 'dots', dots: 3, storyIds: ids }, { 'dots-11': '-1' })).toMatchObject({
      ok: false,
      errors: { 'dots-11': 'panel.errors.dotsNumber' },
    });
    expect(checkBallot({ method: 'dots', dots: 3, storyIds: ids }, { 'dots-11': 'two' })).toMatchObject({
      ok: false,
      errors: { 'dots-11': 'panel.errors.dotsNumber' },
    });
    expect(checkBallot({ method: 'dots', dots: 3, storyIds: ids }, { 'dots-99': '1' })).toMatchObject({
      ok: false,
      errors: { _form: 'panel.errors.unknownStory' },
    });
    expect(checkBallot({ method: 'dots', dots: 3, storyIds: ids }, { evil: '1' })).toMatchObject({
      ok: false,
      errors: { _form: 'forms.unknownField' },
    });
    expect(checkBallot({ method: 'dots', dots: 3, storyIds: ids }, { 'dots-11': ['1', '1'] })).toMatchObject({
      ok: false,
      errors: { _form: 'forms.malformed' },
    });
  });
  it('ranking: points count down from the number of places; no repeats; at least one', () => {
    expect(rankPlaces({ dots: 5, storyIds: ids })).toBe(3);
    expect(
      checkBallot({ method: 'ranking', dots: 2, storyIds: ids }, { 'rank-12': '1', 'rank-13': '2', 'rank-11': '' }),
    ).toMatchObject({
      ok: true,
      marks: [
        { storyId: 12, points: 2, rank: 1 },
        { storyId: 13, points: 1, rank: 2 },
      ],
    });
    expect(
      checkBallot({ method: 'ranking', dots: 2, storyIds: ids }, { 'rank-12': '1', 'rank-13': '1' }),
    ).toMatchObject({ ok: false, errors: { 'rank-13': 'panel.errors.rankRepeated' } });
    expect(checkBallot({ method: 'ranking', dots: 2, storyIds: ids }, { 'rank-12': '3' })).toMatchObject({
      ok: false,
      errors: { 'rank-12': 'panel.errors.rankNumber' },
    });
    expect(checkBallot({ method: 'ranking', dots: 2, storyIds: ids }, {})).toMatchObject({
      ok: false,
      errors: { _form: 'panel.errors.noRanks' },
    });
  });
  it('secret: exactly one story of the round', () => {
    expect(checkBallot({ method: 'secret', dots: 1, storyIds: ids }, { choice: '12' })).toMatchObject({
      ok: true,
      marks: [{ storyId: 12, points: 1 }],
    });
    expect(checkBallot({ method: 'secret', dots: 1, storyIds: ids }, {})).toMatchObject({
      ok: false,
      errors: { choice: 'panel.errors.choose' },
    });
    expect(checkBallot({ method: 'secret', dots: 1, storyIds: ids }, { choice: '99' })).toMatchObject({
      ok: false,
      errors: { _form: 'panel.errors.unknownStory' },
    });
    expect(checkBallot({ method: 'consensus', dots: 1, storyIds: ids }, {})).toMatchObject({ ok: false });
  });
  it('shuffles the same way for the same seed, and keeps every item', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffled(items, 42)).toEqual(shuffled(items, 42));
    expect(shuffled(items, 42)).not.toEqual(shuffled(items, 43));
    expect([...shuffled(items, 7)].sort((a, b) => a - b)).toEqual(items);
  });
});

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let home: string;

beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t);
  home = `/rounds/${w.round.id}/take-part`;
});
afterEach(() => t.close());

const ballots = () => t.db.selectFrom('ballots').selectAll().where('round_id', '=', w.round.id).execute();
const totals = async () => Object.fromEntries([...(await roundTallies(t.db, w.round))].map(([id, v]) => [id, v.total]));

async function vote(agent: Agent, fields: Record<string, string>) {
  await agent.get(`${home}/vote`);
  return agent.post(`${home}/vote`, fields);
}

describe('voting live', () => {
  it('a guest spreads dots, sees "Your vote is in", and the votes are counted', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const page = await guest.get(`${home}/vote`);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('You have 3 dots');
    expect(page.body).not.toContain(w.private.code);
    expect(await htmlErrors(page.body)).toEqual([]);
    const [a, b] = w.stories;
    const res = await guest.post(`${home}/vote`, { [`dots-${a!.id}`]: '2', [`dots-${b!.id}`]: '1' });
    expect(res.statusCode).toBe(303);
    const after = await guest.get(`${home}/vote`);
    expect(flash(after.body)).toBe('Your vote is in.');
    expect(visibleText(after.body)).toContain('Your vote is in');
    expect(visibleText((await guest.get(home)).body)).toContain('You have voted');
    expect(await totals()).toEqual({ [a!.id]: 2, [b!.id]: 1 });
    expect(
      await t.db.selectFrom('audit_events').select('actor_name').where('action', '=', 'round.vote_cast').execute(),
    ).toEqual([{ actor_name: 'Sam (guest)' }]);
  });

  it('refuses a second vote with a clear message, counting nothing twice', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const fields = { [`dots-${w.stories[0]!.id}`]: '3' };
    expect((await vote(guest, fields)).statusCode).toBe(303);
    const again = await guest.post(`${home}/vote`, fields);
    expect(again.statusCode).toBe(409);
    expect(visibleText(again.body)).toContain('You have already voted');
    expect(await ballots()).toHaveLength(1);
    expect(await totals()).toEqual({ [w.stories[0]!.id]: 3 });
  });

  it('refuses too many dots, a story not in the round and a story without panel consent, keeping the choices', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const [a, b] = w.stories;
    let res = await vote(guest, { [`dots-${a!.id}`]: '2', [`dots-${b!.id}`]: '2' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('That is more dots than you have');
    expect(res.body).toMatch(new RegExp(`name="dots-${a!.id}"[^>]*value="2"`));
    res = await guest.post(`${home}/vote`, { [`dots-${a!.id}`]: 'lots' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `dots-${a!.id}`)).toContain('whole number of dots');
    expect(await htmlErrors(res.body)).toEqual([]);
    for (const story of [w.private, w.withdrawn]) {
      res = await guest.post(`${home}/vote`, { [`dots-${story.id}`]: '1' });
      expect(res.statusCode).toBe(422);
      expect(visibleText(res.body)).toContain('That story is not in this round');
    }
    expect(await ballots()).toEqual([]);
  });

  it('takes a ranking and a secret ballot; the secret one shows no names anywhere', async () => {
    await t.db.updateTable('rounds').set({ method: 'ranking', dots: 2 }).where('id', '=', w.round.id).execute();
    const [a, b, c] = w.stories;
    const ranker = await guestIn(t.app, w.round.join_code, 'Ranker');
    const form = await ranker.get(`${home}/vote`);
    expect(await htmlErrors(form.body)).toEqual([]);
    expect((await vote(ranker, { [`rank-${c!.id}`]: '1', [`rank-${a!.id}`]: '2' })).statusCode).toBe(303);
    expect(await totals()).toEqual({ [c!.id]: 2, [a!.id]: 1 });

    const secret = await makeRound(t.db, w.alliance.id, w.inquiry.id, {
      method: 'secret',
      dots: 1,
      tallies_revealed: 1,
    });
    await addRoundStories(t.db, secret.id, [a!.id, b!.id]);
    const voter = await guestIn(t.app, secret.join_code, 'Zebedee Secretvoter');
    const sbase = `/rounds/${secret.id}/take-part`;
    const ballot = await voter.get(`${sbase}/vote`);
    expect(await htmlErrors(ballot.body)).toEqual([]);
    expect((await voter.post(`${sbase}/vote`, {})).statusCode).toBe(422);
    expect((await voter.post(`${sbase}/vote`, { choice: String(b!.id) })).statusCode).toBe(303);
    const facilitator = await signedIn(t.app, w.people.facilitator.email);
    const pages = [
      await voter.get(`${sbase}/results`),
      await facilitator.get(`/alliances/${w.alliance.id}/rounds/${secret.id}/tallies`),
      await facilitator.get(`/alliances/${w.alliance.id}/rounds/${secret.id}/tallies.json`),
      await facilitator.get(`/alliances/${w.alliance.id}/rounds/${secret.id}/paper`),
    ];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Zebedee');
    }
    expect(visibleText(pages[0]!.body)).toContain(b!.code);
  });

  it('accepts no vote outside the voting stage, in paper rounds or once closed', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const fields = { [`dots-${w.stories[0]!.id}`]: '1' };
    await setStage(t.db, w.round.id, 'reading');
    expect(visibleText((await guest.get(`${home}/vote`)).body)).toContain('Voting is not open');
    expect((await guest.post(`${home}/vote`, fields)).statusCode).toBe(422);
    await setStage(t.db, w.round.id, 'voting');
    await t.db.updateTable('rounds').set({ voting: 'paper' }).where('id', '=', w.round.id).execute();
    expect(visibleText((await guest.get(`${home}/vote`)).body)).toContain('votes are counted on paper');
    expect((await guest.post(`${home}/vote`, fields)).statusCode).toBe(422);
    await setStage(t.db, w.round.id, 'closed');
    const closed = await guest.post(`${home}/vote`, fields);
    expect(closed.statusCode).toBe(410);
    expect(visibleText(closed.body)).toContain('This round has closed');
    expect(await ballots()).toEqual([]);
  });

  it("a signed-out visitor is sent to sign in; a vote without the form's token counts nothing", async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const res = await guest.post(`${home}/vote`, { _csrf: 'stale', [`dots-${w.stories[0]!.id}`]: '1' });
    expect(res.statusCode).toBe(422);
    expect(await ballots()).toEqual([]);
  });
});

describe('results for participants', () => {
  it('says "not revealed yet" until the facilitator reveals the totals', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    await vote(guest, { [`dots-${w.stories[2]!.id}`]: '3' });
    expect(visibleText((await guest.get(`${home}/results`)).body)).toContain('have not been revealed yet');
    const facilitator = await signedIn(t.app, w.people.facilitator.email);
    await facilitator.get(`/alliances/${w.alliance.id}/rounds/${w.round.id}/tallies`);
    expect(
      (await facilitator.post(`/alliances/${w.alliance.id}/rounds/${w.round.id}/reveal`, { reveal: '1' })).statusCode,
    ).toBe(303);
    const shown = await guest.get(`${home}/results`);
    expect(visibleText(shown.body)).toContain(`${w.stories[2]!.code} ${w.stories[2]!.title} 3`);
    expect(await htmlErrors(shown.body)).toEqual([]);
  });
});
