/**
 * Hostile input through the account forms: signing in, setting Hearth up, and accepting an invitation. Names are
 * stored trimmed and shown escaped; a password is kept exactly as typed (signing in with it works afterwards).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import { verifyPassword } from '../../server/accounts/passwords.ts';
import type { Alliance, User } from '../../server/db/schema.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { expectNoInjection, generatedThroughForm, NAUGHTY, throughForm, Visitor, type FormSpec } from './hostile.ts';

let t: TestApp;
let empty: TestApp;
let alliance: Alliance;
let coordinator: User;
let accepted = 0;

beforeAll(async () => {
  t = await testApp();
  empty = await testApp();
  ({ alliance, coordinator } = await makeAlliance(t.db, 'Account Alliance'));
});
afterAll(async () => {
  await t.close();
  await empty.close();
});

/** A password field stores a hash: "stored exactly" means that exact password signs in. */
async function passwordKept(hash: string, typed: string | undefined): Promise<string | undefined> {
  if (typed === undefined) return undefined;
  return (await verifyPassword(typed, hash)) ? typed : '(another password)';
}

const strong = 'a long enough password';

describe('hostile input through the account forms', { timeout: 240_000 }, () => {
  it('signing in: naughty strings as email and password never sign in, never fail, and come back escaped', async () => {
    for (let i = 0; i < NAUGHTY.length; i += 2) {
      const visitor = new Visitor(t.app);
      await visitor.get('/sign-in');
      const res = await visitor.post('/sign-in', { email: NAUGHTY[i], password: NAUGHTY[i + 1] ?? 'x' });
      expect(res.statusCode, JSON.stringify(NAUGHTY.slice(i, i + 2))).toBe(422);
      expectNoInjection(res.body, JSON.stringify(NAUGHTY[i]));
      expect(res.body, 'the password is never sent back').not.toMatch(/type="password"[^>]*value="[^"]/);
    }
    // And the right password with a naughty "next" still signs in.
    const visitor = new Visitor(t.app);
    await visitor.get('/sign-in');
    const res = await visitor.post('/sign-in', {
      email: coordinator.email,
      password: 'correct horse battery',
      next: NAUGHTY[200],
    });
    expect(res.statusCode).toBe(303);
  });

  const setup = (): FormSpec => ({
    name: 'setup',
    prepare: async () => {
      // Only the very first person sets Hearth up: start from nobody each time.
      for (const table of ['audit_events', 'memberships', 'organisations', 'alliances', 'users'] as const)
        await empty.db.deleteFrom(table).execute();
      return { visitor: new Visitor(empty.app), page: '/setup', action: '/setup' };
    },
    fixed: (typed) => ({
      allianceName: 'Riverside',
      name: 'Ada',
      email: 'ada@example.org',
      password: strong,
      repeatPassword: typed.password ?? strong,
    }),
    fields: [
      { name: 'allianceName', required: true, max: 120 },
      { name: 'name', required: true, max: 120 },
      { name: 'password', exact: true, required: true, max: 200, hidden: true },
    ],
    mayRefuse: (field, value) => field === 'password' && value.length < 10,
    accepted: 303,
    stored: async (_res, _a, typed) => {
      const user = await empty.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      const row = await empty.db.selectFrom('alliances').select('name').executeTakeFirstOrThrow();
      return {
        allianceName: row.name,
        name: user.name,
        password: await passwordKept(user.password_hash, typed.password),
      };
    },
    shownOn: async (res, a) => (await a.visitor.get(String(res.headers.location))).body,
  });

  const accept = (): FormSpec => ({
    name: 'accepting an invitation',
    prepare: async () => {
      const { token } = await createInvitation(t.db, coordinator, alliance.id, {
        invitee: 'Someone',
        role: 'reader',
        organisationId: null,
      });
      return { visitor: new Visitor(t.app), page: `/invitations/${token}`, action: `/invitations/${token}` };
    },
    fixed: (typed) => ({
      name: 'Bea',
      email: `new.${++accepted}@example.org`,
      password: strong,
      repeatPassword: typed.password ?? strong,
    }),
    fields: [
      { name: 'name', required: true, max: 120 },
      { name: 'password', exact: true, required: true, max: 200, hidden: true },
    ],
    mayRefuse: (field, value) => field === 'password' && value.length < 10,
    accepted: 303,
    stored: async (_res, _a, typed) => {
      const user = await t.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', `new.${accepted}@example.org`)
        .executeTakeFirstOrThrow();
      return { name: user.name, password: await passwordKept(user.password_hash, typed.password) };
    },
    shownOn: async (_res, a) => (await a.visitor.get(`/alliances/${alliance.id}`)).body,
  });

  it('setting Hearth up: every naughty string', () => throughForm(setup(), NAUGHTY));
  it('setting Hearth up: generated strings', () => generatedThroughForm(setup(), 30));
  it('accepting an invitation: every naughty string', () => throughForm(accept(), NAUGHTY));
  it('accepting an invitation: generated strings', () => generatedThroughForm(accept(), 50));
});
