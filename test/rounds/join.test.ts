import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { guestIn, makeRound, participationWorld, setStage } from './round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let home: string;

beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t, { stage: 'reading', shuffle: 1 });
  home = `/rounds/${w.round.id}/take-part`;
});
afterEach(() => t.close());

const participants = () =>
  t.db.selectFrom('round_participants').selectAll().where('round_id', '=', w.round.id).orderBy('id').execute();

describe('joining with a code', () => {
  it('a guest joins with the code and a name, and sees the round explained and its stories', async () => {
    const guest = new Agent(t.app);
    const page = await guest.get(`/join?code=${w.round.join_code}`);
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe('Join a round');
    expect(fieldValue(page.body, 'code')).toBe(w.round.join_code);
    expect(await htmlErrors(page.body)).toEqual([]);
    const res = await guest.post('/join', { code: ` ${w.round.join_code.toLowerCase()} `, name: 'Sam' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(home);
    const part = await guest.get(home);
    expect(part.statusCode).toBe(200);
    expect(flash(part.body)).toBe('You have joined the round. Welcome!');
    const text = visibleText(part.body);
    expect(text).toContain('Table 3 at the open event');
    expect(text).toContain('Read the stories; voting opens soon.');
    expect(text).toContain('You are taking part as Sam.');
    for (const s of w.stories) expect(text).toContain(s.code);
    expect(text).not.toContain(w.private.code);
    expect(text).not.toContain(w.withdrawn.code);
    expect(await htmlErrors(part.body)).toEqual([]);
    const [row] = await participants();
    expect(row).toMatchObject({ display_name: 'Sam', user_id: null });
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'round.participant_joined')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_name).toBe('Sam (guest)');
  });

  it("refuses an unknown code, a closed round's code and a blank or too long name, keeping what was typed", async () => {
    const closed = await makeRound(t.db, w.alliance.id, w.inquiry.id, { stage: 'closed' });
    const guest = new Agent(t.app);
    await guest.get('/join');
    let res = await guest.post('/join', { code: 'NOSUCH', name: 'Sam' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'code')).toBe('We do not know that code. Check it with the facilitator.');
    expect(fieldValue(res.body, 'code')).toBe('NOSUCH');
    expect(fieldValue(res.body, 'name')).toBe('Sam');
    res = await guest.post('/join', { code: closed.join_code, name: 'Sam' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'code')).toBe('That round has closed: its code no longer works.');
    res = await guest.post('/join', { code: w.round.join_code, name: '   ' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'name')).toContain('Type a name');
    expect(fieldValue(res.body, 'code')).toBe(w.round.join_code);
    res = await guest.post('/join', { code: w.round.join_code, name: 'x'.repeat(61) });
    expect(res.statusCode).toBe(422);
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(await participants()).toEqual([]);
  });

  it('joining again from the same browser reuses the participant; one phone can be in two rounds', async () => {
    const second = await makeRound(t.db, w.alliance.id, w.inquiry.id, { stage: 'reading' });
    const guest = await guestIn(t.app, w.round.join_code);
    await guest.submit('/join', '/join', { code: w.round.join_code, name: 'Sam' });
    expect(await participants()).toHaveLength(1);
    await guest.submit('/join', '/join', { code: second.join_code, name: 'Sam' });
    expect((await guest.get(home)).statusCode).toBe(200);
    expect((await guest.get(`/rounds/${second.id}/take-part`)).statusCode).toBe(200);
  });

  it("a member of the round's alliance is linked by account, once, by code or with the page's Join button", async () => {
    const interviewer = await signedIn(t.app, w.people.interviewer.email);
    await interviewer.submit('/join', '/join', { code: w.round.join_code, name: 'Whatever' });
    expect((await interviewer.get(home)).statusCode).toBe(200);
    const facilitator = await signedIn(t.app, w.people.facilitator.email);
    expect((await facilitator.get(home)).statusCode).toBe(200);
    const join = { code: w.round.join_code, name: w.people.facilitator.name };
    await Promise.all([facilitator.post('/join', join), facilitator.post('/join', join)]);
    const rows = await participants();
    expect(rows.map((r) => [r.user_id, r.display_name])).toEqual([
      [w.people.interviewer.id, w.people.interviewer.name],
      [w.people.facilitator.id, w.people.facilitator.name],
    ]);
  });

  it('shows each participant the stories in their own order, the same every time', async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const guest = await guestIn(t.app, w.round.join_code, `Guest ${i}`);
      const first = [...(await guest.get(home)).body.matchAll(/take-part\/stories\/(\d+)/g)].map((m) => m[1]).join(',');
      const again = [...(await guest.get(home)).body.matchAll(/take-part\/stories\/(\d+)/g)].map((m) => m[1]).join(',');
      expect(again).toBe(first);
      orders.add(first);
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe('who may take part', () => {
  it('sends a stranger to sign in, and gives 404 to a member of another alliance', async () => {
    const stranger = await new Agent(t.app).get(home);
    expect(stranger.statusCode).toBe(303);
    expect(stranger.headers.location).toContain('/sign-in');
    const outsider = await signedIn(t.app, w.other.coordinator.email);
    expect((await outsider.get(home)).statusCode).toBe(404);
    expect(await participants()).toEqual([]);
  });

  it('keeps a guest to their own round: another round is 404, alliance pages ask to sign in', async () => {
    const elsewhere = await makeRound(t.db, w.alliance.id, w.inquiry.id, { stage: 'reading' });
    const guest = await guestIn(t.app, w.round.join_code);
    expect((await guest.get(`/rounds/${elsewhere.id}/take-part`)).statusCode).toBe(404);
    expect((await guest.get(`/rounds/${elsewhere.id}/take-part/vote`)).statusCode).toBe(404);
    expect((await guest.get(`/rounds/999999/take-part`)).statusCode).toBe(404);
    for (const url of [
      `/alliances/${w.alliance.id}`,
      `/alliances/${w.alliance.id}/rounds/${w.round.id}/tallies`,
      `/alliances/${w.alliance.id}/stories/${w.stories[0]!.id}`,
    ]) {
      const res = await guest.get(url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toContain('/sign-in');
    }
  });

  it('once the round closes, its pages say so and the code stops working', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    await setStage(t.db, w.round.id, 'closed');
    for (const url of [home, `${home}/stories/${w.stories[0]!.id}`, `${home}/vote`, `${home}/results`]) {
      const res = await guest.get(url);
      expect(res.statusCode).toBe(410);
      expect(heading(res.body)).toBe('This round has closed');
    }
    expect(await htmlErrors((await guest.get(home)).body)).toEqual([]);
    const again = await new Agent(t.app).submit('/join', '/join', { code: w.round.join_code, name: 'Late' });
    expect(again.statusCode).toBe(422);
    const member = await signedIn(t.app, w.people.reader.email);
    expect((await member.get(home)).statusCode).toBe(410);
    expect(await participants()).toHaveLength(1);
  });

  it('before reading starts, the home page says the stories are not ready and lists none', async () => {
    await setStage(t.db, w.round.id, 'preparing');
    const guest = await guestIn(t.app, w.round.join_code);
    const res = await guest.get(home);
    expect(visibleText(res.body)).toContain('still getting the stories ready');
    expect(res.body).not.toContain(w.stories[0]!.code);
    expect((await guest.get(`${home}/stories/${w.stories[0]!.id}`)).statusCode).toBe(303);
  });
});
