/** The invited person's side: /invitations/:token, open to anyone holding the link. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import { addOrganisation } from '../../server/accounts/members-store.ts';
import { countUsers, findUserByEmail } from '../../server/accounts/users-store.ts';
import type { Alliance, Organisation, Role, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, makePerson, PASSWORD, testApp, type TestApp } from '../helpers/app.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { snapshot } from '../helpers/snapshot.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let organisation: Organisation;
let token: string;
let link: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  organisation = (await addOrganisation(t.db, people.coordinator, alliance.id, 'Open Door Housing')) as Organisation;
  ({ token } = await createInvitation(t.db, people.coordinator, alliance.id, {
    invitee: 'Bea',
    role: 'facilitator',
    organisationId: organisation.id,
  }));
  link = `/invitations/${token}`;
});
afterEach(() => t.close());

const newAccount = {
  name: 'Bea Jones',
  email: 'Bea@Example.org',
  password: 'a long enough password',
  repeatPassword: 'a long enough password',
};
const membershipOf = (userId: number) =>
  t.db
    .selectFrom('memberships')
    .select(['role', 'organisation_id'])
    .where('alliance_id', '=', alliance.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
const usedAt = async () => (await t.db.selectFrom('invitations').select('used_at').executeTakeFirstOrThrow()).used_at;

describe('opening the link', () => {
  it('says which alliance and which role', async () => {
    const res = await new Agent(t.app).get(link);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Join Harbour Alliance');
    expect(visibleText(res.body)).toContain('You have been invited to join Harbour Alliance as Facilitator.');
    expect(visibleText(res.body)).toContain('Create your account');
  });

  it.each([
    ['unknown', () => 'x'.repeat(43)],
    ['made up', () => 'not-a-token'],
  ])('gives 404 for an %s token', async (_what, make) => {
    const res = await new Agent(t.app).get(`/invitations/${make()}`);
    expect(res.statusCode).toBe(404);
    expect(heading(res.body)).toBe('Page not found');
  });

  it('says it was withdrawn once revoked (410), for opening and for sending', async () => {
    const agent = new Agent(t.app);
    await agent.get(link);
    await t.db.updateTable('invitations').set({ revoked_at: new Date().toISOString() }).execute();
    const opened = await agent.get(link);
    expect(opened.statusCode).toBe(410);
    expect(heading(opened.body)).toBe('This invitation was withdrawn');
    expect(visibleText(opened.body)).toContain('Ask the coordinator who invited you for a new link.');
    expect((await agent.post(link, newAccount)).statusCode).toBe(410);
    expect(await findUserByEmail(t.db, newAccount.email)).toBeUndefined();
  });

  it('says it has expired, and when, after 14 days', async () => {
    const longAgo = new Date(Date.now() - 15 * 24 * 3600 * 1000);
    const old = await createInvitation(
      t.db,
      people.coordinator,
      alliance.id,
      { invitee: 'Old', role: 'reader', organisationId: null },
      longAgo,
    );
    const recent = await createInvitation(
      t.db,
      people.coordinator,
      alliance.id,
      { invitee: 'Recent', role: 'reader', organisationId: null },
      new Date(Date.now() - 13 * 24 * 3600 * 1000),
    );
    const expired = await new Agent(t.app).get(`/invitations/${old.token}`);
    expect(expired.statusCode).toBe(410);
    expect(heading(expired.body)).toBe('This invitation has expired');
    expect(visibleText(expired.body)).toMatch(/It expired on \d{1,2} \w+ \d{4}/);
    expect((await new Agent(t.app).get(`/invitations/${recent.token}`)).statusCode).toBe(200);
  });
});

describe('joining with a new account', () => {
  it('creates the account, signs them in, with the invited role and organisation', async () => {
    const agent = new Agent(t.app);
    const res = await agent.submit(link, link, newAccount);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/alliances/${alliance.id}`);
    const page = await agent.get(`/alliances/${alliance.id}`);
    expect(page.statusCode).toBe(200);
    expect(flash(page.body)).toBe('Welcome to Hearth. Your account is ready.');
    expect(visibleText(page.body)).toContain('Bea Jones');
    const user = await findUserByEmail(t.db, 'bea@example.org');
    expect(user).toMatchObject({ name: 'Bea Jones', email: 'bea@example.org' });
    expect(user!.password_hash).not.toContain(newAccount.password);
    expect(await membershipOf(user!.id)).toEqual({ role: 'facilitator', organisation_id: organisation.id });
    // They can sign in again later with that password.
    expect((await new Agent(t.app).signIn('bea@example.org', newAccount.password)).statusCode).toBe(303);
  });

  it('works once only', async () => {
    await new Agent(t.app).submit(link, link, newAccount);
    const second = new Agent(t.app);
    // Opened again, the link says it was used and when, instead of "Page not found".
    const opened = await second.get(link);
    expect(opened.statusCode).toBe(410);
    expect(heading(opened.body)).toBe('This invitation has already been used');
    expect(visibleText(opened.body)).toMatch(/It was used on \d{1,2} \w+ \d{4}/);
    expect(opened.body).toContain('href="/sign-in"');
    const res = await second.post(link, { ...newAccount, email: 'someone.else@example.org' });
    expect(res.statusCode).toBe(410);
    expect(await findUserByEmail(t.db, 'someone.else@example.org')).toBeUndefined();
  });

  it('works once only even when two people send it at the same moment', async () => {
    const first = new Agent(t.app);
    const second = new Agent(t.app);
    await first.get(link);
    await second.get(link);
    const users = await countUsers(t.db);
    const results = await Promise.all([
      first.post(link, newAccount),
      second.post(link, { ...newAccount, name: 'Cy', email: 'cy@example.org' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    // The one turned away has no account half-made.
    expect(await countUsers(t.db)).toBe(users + 1);
  });

  it('keeps name and email but never the passwords, with a message beside each field, creating nothing', async () => {
    const agent = new Agent(t.app);
    const before = await snapshot(t.db);
    const res = await agent.submit(link, link, {
      name: '',
      email: 'bea at example',
      password: 'short',
      repeatPassword: 'short',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'name')).toBe('Enter a name (up to 120 characters).');
    expect(fieldError(res.body, 'email')).toBe('Enter an email address, like name@example.org.');
    expect(fieldError(res.body, 'password')).toBe('Choose a password of at least 10 characters (up to 200).');
    expect(fieldValue(res.body, 'email')).toBe('bea at example');
    expect(res.body).not.toContain('value="short"');
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('says when the two passwords differ', async () => {
    const res = await new Agent(t.app).submit(link, link, { ...newAccount, repeatPassword: 'another long password' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'repeatPassword')).toBe('The two passwords are not the same.');
    expect(fieldValue(res.body, 'name')).toBe('Bea Jones');
    expect(res.body).not.toContain(newAccount.password);
    expect(await usedAt()).toBeNull();
  });

  it('asks for the password again when that box is left empty, rather than saying the two differ', async () => {
    const res = await new Agent(t.app).submit(link, link, { ...newAccount, repeatPassword: '' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'repeatPassword')).toBe('Type your password again.');
    expect(visibleText(res.body)).not.toContain('not the same');
    expect(fieldValue(res.body, 'name')).toBe('Bea Jones');
    expect(await usedAt()).toBeNull();
  });

  it('says when the email already has an account, whatever its case, and leaves the link unused', async () => {
    const existing = await makePerson(t.db, 'Already Here');
    const before = await snapshot(t.db);
    const res = await new Agent(t.app).submit(link, link, { ...newAccount, email: existing.email.toUpperCase() });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'email')).toBe(
      'There is already an account with this email: sign in first, then open the invitation link again.',
    );
    expect(fieldValue(res.body, 'name')).toBe('Bea Jones');
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('keeps what was typed when the CSRF token is stale', async () => {
    const agent = new Agent(t.app);
    await agent.get(link);
    const res = await agent.post(link, { ...newAccount, _csrf: 'stale' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('For your security this form had expired.');
    expect(fieldValue(res.body, 'email')).toBe(newAccount.email);
    expect(await findUserByEmail(t.db, newAccount.email)).toBeUndefined();
  });
});

describe('joining when signed in', () => {
  it('offers to join as the signed-in person, and joins', async () => {
    const person = await makePerson(t.db, 'Dee Signed');
    const agent = await signedIn(t.app, person.email);
    const page = await agent.get(link);
    expect(visibleText(page.body)).toContain('You are signed in as Dee Signed.');
    expect(visibleText(page.body)).not.toContain('Create your account');
    const res = await agent.post(link);
    expect(res.statusCode).toBe(303);
    expect(flash((await agent.get(res.headers.location as string)).body)).toBe('You have joined the alliance.');
    expect(await membershipOf(person.id)).toEqual({ role: 'facilitator', organisation_id: organisation.id });
    expect(await usedAt()).not.toBeNull();
  });

  it('can sign in first from the link and come back to it', async () => {
    const person = await makePerson(t.db, 'Eve Later');
    const agent = new Agent(t.app);
    const page = await agent.get(link);
    const signInLink = /href="(\/sign-in\?next=[^"]+)"/.exec(page.body)![1]!;
    expect(signInLink).toBe(`/sign-in?next=${encodeURIComponent(link)}`);
    await agent.get(signInLink);
    const res = await agent.post('/sign-in', { email: person.email, password: PASSWORD, next: link });
    expect(res.headers.location).toBe(link);
    await agent.get(link);
    expect((await agent.post(link)).statusCode).toBe(303);
    expect(await membershipOf(person.id)).toBeDefined();
  });

  it('tells someone already in the alliance so, changing nothing else', async () => {
    const agent = await signedIn(t.app, people.reader.email);
    await agent.get(link);
    const res = await agent.post(link);
    expect(res.statusCode).toBe(303);
    expect(flash((await agent.get(res.headers.location as string)).body)).toBe(
      'You were already a member of this alliance.',
    );
    expect(await membershipOf(people.reader.id)).toEqual({ role: 'reader', organisation_id: null });
  });

  it('leaves the link usable for the person it was meant for when a member opens it', async () => {
    const member = await signedIn(t.app, people.reader.email);
    await member.get(link);
    await member.post(link);
    const newcomer = new Agent(t.app);
    const res = await newcomer.submit(link, link, {
      name: 'Meant For',
      email: 'meant.for@example.org',
      password: 'a long enough password',
      repeatPassword: 'a long enough password',
    });
    expect(res.statusCode).toBe(303);
    const joined = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'meant.for@example.org')
      .executeTakeFirstOrThrow();
    expect(await membershipOf(joined.id)).toBeDefined();
  });

  it('does not join when the CSRF token is stale', async () => {
    const person = await makePerson(t.db);
    const agent = await signedIn(t.app, person.email);
    await agent.get(link);
    const res = await agent.post(link, { _csrf: 'stale' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('For your security this form had expired.');
    expect(await membershipOf(person.id)).toBeUndefined();
    expect(await usedAt()).toBeNull();
  });
});

describe('rate limit', () => {
  it('allows 30 openings of invitation links a minute from one address', async () => {
    const open = () => t.app.inject({ method: 'GET', url: link, remoteAddress: '192.0.2.9' });
    for (let i = 0; i < 30; i++) expect((await open()).statusCode).toBe(200);
    const res = await open();
    expect(res.statusCode).toBe(429);
    expect(heading(res.body)).toBe('Too many tries');
  });
});
