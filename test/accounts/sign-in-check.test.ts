import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSignIn, LOCK_AFTER_FAILURES, LOCK_MINUTES } from '../../server/accounts/sign-in.ts';
import type { User } from '../../server/db/schema.ts';
import { makePerson, PASSWORD, testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let person: User;
beforeEach(async () => {
  t = await testApp();
  person = await makePerson(t.db);
});
afterEach(() => t.close());

const start = new Date('2026-11-22T10:00:00Z');
const minutesLater = (m: number) => new Date(start.getTime() + m * 60_000);

async function failTimes(n: number, now = start) {
  let result;
  for (let i = 0; i < n; i++) result = await checkSignIn(t.db, person.email, 'not the password', now);
  return result;
}

describe('checkSignIn', () => {
  it('accepts the right password and gives the person', async () => {
    const result = await checkSignIn(t.db, person.email, PASSWORD, start);
    expect(result.ok && result.user.id).toBe(person.id);
  });

  it('says "wrong" for the first failures, then locks on the fifth until 15 minutes later', async () => {
    expect(LOCK_AFTER_FAILURES).toBe(5);
    expect(await failTimes(4)).toEqual({ ok: false, reason: 'wrong' });
    expect(await failTimes(1)).toEqual({
      ok: false,
      reason: 'locked',
      until: minutesLater(LOCK_MINUTES).toISOString(),
    });
  });

  it('refuses even the right password while locked', async () => {
    await failTimes(5);
    expect(await checkSignIn(t.db, person.email, PASSWORD, minutesLater(14))).toMatchObject({
      ok: false,
      reason: 'locked',
    });
  });

  it('unlocks once the lock time has passed, with the count started afresh', async () => {
    await failTimes(5);
    expect((await checkSignIn(t.db, person.email, PASSWORD, minutesLater(LOCK_MINUTES + 1))).ok).toBe(true);
    // A failure after the lock is the first of a new run, not the sixth.
    expect(await failTimes(1, minutesLater(LOCK_MINUTES + 2))).toEqual({ ok: false, reason: 'wrong' });
  });

  it('after the lock has passed, a wrong password counts as the first of a new run', async () => {
    await failTimes(5);
    expect(await failTimes(4, minutesLater(20))).toEqual({ ok: false, reason: 'wrong' });
    expect(await failTimes(1, minutesLater(20))).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('says "wrong" for an unknown email', async () => {
    expect(await checkSignIn(t.db, 'nobody@example.org', PASSWORD, start)).toEqual({ ok: false, reason: 'wrong' });
  });
});
