import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { participationWorld } from './round-fixtures.ts';
import { roundTallies } from '../../server/rounds/tally-store.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;

beforeAll(async () => {
  t = await testApp();
  w = await participationWorld(t);
});
afterAll(() => t.close());

const GUESTS = 80;

describe('80 guests voting in the same minute', () => {
  it('counts every vote exactly once, even when a phone sends its vote twice at once', async () => {
    const home = `/rounds/${w.round.id}/take-part`;
    const guests = await Promise.all(
      Array.from({ length: GUESTS }, async (_, i) => {
        const guest = new Agent(t.app);
        const res = await guest.submit('/join', '/join', { code: w.round.join_code, name: `Guest ${i + 1}` });
        expect(res.statusCode).toBe(303);
        await guest.get(`${home}/vote`);
        return guest;
      }),
    );
    expect(
      Number(
        (
          await t.db
            .selectFrom('round_participants')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('round_id', '=', w.round.id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(GUESTS);

    const ids = w.stories.map((s) => s.id);
    const expected = new Map<number, number>();
    const ballotOf = (i: number) => {
      const [one, two] = [ids[i % 3]!, ids[(i + 1) % 3]!];
      return { [`dots-${one}`]: '1', [`dots-${two}`]: '2' };
    };
    for (let i = 0; i < GUESTS; i++)
      for (const [field, dots] of Object.entries(ballotOf(i)))
        expected.set(Number(field.slice(5)), (expected.get(Number(field.slice(5))) ?? 0) + Number(dots));

    // Every fourth guest taps "Cast my vote" twice: both requests race.
    const sent = guests.flatMap((guest, i) =>
      i % 4 === 0
        ? [guest.post(`${home}/vote`, ballotOf(i)), guest.post(`${home}/vote`, ballotOf(i))]
        : [guest.post(`${home}/vote`, ballotOf(i))],
    );
    const statuses = (await Promise.all(sent)).map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 303)).toHaveLength(GUESTS);
    expect(statuses.filter((s) => s === 409)).toHaveLength(GUESTS / 4);

    const tallies = await roundTallies(t.db, w.round);
    expect(Object.fromEntries([...tallies].map(([id, v]) => [id, v.live]))).toEqual(Object.fromEntries(expected));
    const ballots = await t.db
      .selectFrom('ballots')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('round_id', '=', w.round.id)
      .executeTakeFirstOrThrow();
    expect(Number(ballots.n)).toBe(GUESTS);
    const audits = await t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('action', '=', 'round.vote_cast')
      .executeTakeFirstOrThrow();
    expect(Number(audits.n)).toBe(GUESTS);
  }, 60_000);
});
