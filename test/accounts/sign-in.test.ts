import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUserById } from '../../server/accounts/users-store.ts';
import type { User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, PASSWORD, testApp, type TestApp } from '../helpers/app.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let alliance: { id: number };
let coordinator: User;
beforeEach(async () => {
  t = await testApp();
  ({ alliance, coordinator } = await makeAlliance(t.db));
});
afterEach(() => t.close());

const hiddenNext = (html: string) => /name="next" value="([^"]*)"/.exec(html)?.[1];

describe('signing in', () => {
  it('shows the sign-in form', async () => {
    const res = await new Agent(t.app).get('/sign-in');
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Sign in');
    expect(visibleText(res.body)).toContain('Ask a coordinator of your alliance for an invitation link');
  });

  it('signs in, ignoring the case of the email, and opens the alliance', async () => {
    const agent = new Agent(t.app);
    const res = await agent.signIn(coordinator.email.toUpperCase());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const home = await agent.get('/');
    expect(home.headers.location).toBe(`/alliances/${alliance.id}`);
    const overview = await agent.get(`/alliances/${alliance.id}`);
    expect(overview.statusCode).toBe(200);
    expect(visibleText(overview.body)).toContain(coordinator.name);
    expect(visibleText(overview.body)).toContain('Sign out');
  });

  it('returns to the page that asked for sign-in', async () => {
    const agent = new Agent(t.app);
    const members = `/alliances/${alliance.id}/members`;
    const redirect = await agent.get(members);
    expect(redirect.headers.location).toBe(`/sign-in?next=${encodeURIComponent(members)}`);
    const form = await agent.get(redirect.headers.location as string);
    expect(hiddenNext(form.body)).toBe(members);
    const res = await agent.post('/sign-in', { email: coordinator.email, password: PASSWORD, next: members });
    expect(res.headers.location).toBe(members);
    expect((await agent.get(members)).statusCode).toBe(200);
  });

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', '/\t/evil.example'])(
    'never sends a person off-site (next=%j)',
    async (next) => {
      const agent = new Agent(t.app);
      const form = await agent.get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(hiddenNext(form.body)).toBe('/');
      const res = await agent.post('/sign-in', { email: coordinator.email, password: PASSWORD, next });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
      // Already signed in, the sign-in page passes straight on: still never off-site.
      const again = await agent.get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe('/');
    },
  );

  it('keeps the email but never the password when the form is wrong, and explains each field', async () => {
    const agent = new Agent(t.app);
    const res = await agent.submit('/sign-in', '/sign-in', { email: 'not an email', password: '', next: '/alliances' });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'email')).toBe('not an email');
    expect(fieldError(res.body, 'email')).toBe('Enter an email address, like name@example.org.');
    expect(fieldError(res.body, 'password')).toBe('Enter your password.');
    expect(hiddenNext(res.body)).toBe('/alliances');
    expect((await findUserById(t.db, coordinator.id))!.failed_sign_ins).toBe(0);
  });

  it('refuses a wrong password without echoing it, and counts the failure', async () => {
    const agent = new Agent(t.app);
    const res = await agent.submit('/sign-in', '/sign-in', {
      email: coordinator.email,
      password: 'wrong password 123',
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('That email and password do not match an account.');
    expect(fieldValue(res.body, 'email')).toBe(coordinator.email);
    expect(res.body).not.toContain('wrong password 123');
    expect((await agent.get(`/alliances/${alliance.id}`)).statusCode).toBe(303);
    expect((await findUserById(t.db, coordinator.id))!.failed_sign_ins).toBe(1);
  });

  it('gives the same answer for an account that does not exist', async () => {
    const res = await new Agent(t.app).submit('/sign-in', '/sign-in', {
      email: 'nobody@example.org',
      password: 'whatever it is',
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('That email and password do not match an account.');
  });

  it('re-shows the form, email kept, when its CSRF token is stale', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in', { email: coordinator.email, password: PASSWORD, _csrf: 'stale' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('For your security this form had expired.');
    expect(fieldValue(res.body, 'email')).toBe(coordinator.email);
    expect((await agent.get(`/alliances/${alliance.id}`)).statusCode).toBe(303);
  });
});

describe('locking', () => {
  it('locks the account after 5 failures in a row, even against the right password', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    for (let i = 1; i <= 4; i++) {
      const res = await agent.post('/sign-in', { email: coordinator.email, password: `wrong ${i} wrong ${i}` });
      expect(visibleText(res.body)).toContain('do not match an account');
    }
    const fifth = await agent.post('/sign-in', { email: coordinator.email, password: 'wrong 5 wrong 5' });
    expect(fifth.statusCode).toBe(422);
    expect(visibleText(fifth.body)).toContain('This account is locked for 15 minutes after too many failed sign-ins.');
    expect(visibleText(fifth.body)).toContain('You can try again after');
    const right = await agent.post('/sign-in', { email: coordinator.email, password: PASSWORD });
    expect(right.statusCode).toBe(422);
    expect(visibleText(right.body)).toContain('This account is locked');
    const user = await findUserById(t.db, coordinator.id);
    expect(new Date(user!.locked_until!).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it('counts only failures in a row: a good sign-in starts again from zero', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    for (let i = 0; i < 4; i++)
      await agent.post('/sign-in', { email: coordinator.email, password: 'not the password' });
    expect((await agent.post('/sign-in', { email: coordinator.email, password: PASSWORD })).statusCode).toBe(303);
    await agent.post('/sign-out', {});
    await agent.get('/sign-in');
    for (let i = 0; i < 4; i++)
      await agent.post('/sign-in', { email: coordinator.email, password: 'not the password' });
    expect((await agent.post('/sign-in', { email: coordinator.email, password: PASSWORD })).statusCode).toBe(303);
  });
});

describe('rate limit', () => {
  const attempt = (remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress,
      payload: 'email=x%40example.org&password=guess',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('allows 20 sign-in attempts a minute from one address, then says to wait', async () => {
    for (let i = 0; i < 20; i++) expect((await attempt('192.0.2.1')).statusCode).toBe(422);
    const res = await attempt('192.0.2.1');
    expect(res.statusCode).toBe(429);
    expect(heading(res.body)).toBe('Too many tries');
    expect(visibleText(res.body)).toContain('Wait a minute and try again.');
    // Another address is not held back.
    expect((await attempt('192.0.2.2')).statusCode).toBe(422);
  });
});

describe('signing out', () => {
  it('signs out and says so; alliance pages then ask to sign in', async () => {
    const agent = await signedIn(t.app, coordinator.email);
    await agent.get(`/alliances/${alliance.id}`);
    const res = await agent.post('/sign-out', {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?bye=1');
    const page = await agent.get('/sign-in?bye=1');
    expect(visibleText(page.body)).toContain('You have signed out.');
    expect(visibleText(page.body)).not.toContain(coordinator.name);
    expect((await agent.get(`/alliances/${alliance.id}`)).statusCode).toBe(303);
  });

  it('refuses a sign-out without its CSRF token (403) and stays signed in', async () => {
    const agent = await signedIn(t.app, coordinator.email);
    await agent.get(`/alliances/${alliance.id}`);
    const res = await agent.post('/sign-out', { _csrf: '' });
    expect(res.statusCode).toBe(403);
    expect(heading(res.body)).toBe('This form had expired');
    expect((await agent.get(`/alliances/${alliance.id}`)).statusCode).toBe(200);
  });

  it('stops a copy of the session cookie working after sign-out', async () => {
    const agent = await signedIn(t.app, coordinator.email);
    await agent.get(`/alliances/${alliance.id}`);
    const copied = agent.cookie;
    expect((await agent.post('/sign-out', {})).headers.location).toBe('/sign-in?bye=1');
    const replay = await t.app.inject({ url: `/alliances/${alliance.id}`, headers: { cookie: copied } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toContain('/sign-in');
  });

  it('the sign-out page flash appears once only', async () => {
    const agent = await signedIn(t.app, coordinator.email);
    await agent.get(`/alliances/${alliance.id}`);
    await agent.post('/sign-out', {});
    expect(flash((await agent.get('/sign-in?bye=1')).body)).toBe('You have signed out.');
    expect(visibleText((await agent.get('/sign-in')).body)).not.toContain('You have signed out.');
  });
});
