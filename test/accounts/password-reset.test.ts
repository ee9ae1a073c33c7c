/** Password reset by a coordinator-issued link: making it, revoking it, and the member choosing a new password. */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordReset, findResetMember } from '../../server/accounts/password-resets-store.ts';
import { findUserById } from '../../server/accounts/users-store.ts';
import { BACKUP_TABLES } from '../../server/backup/tables.ts';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, PASSWORD, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { membershipId } from '../helpers/snapshot.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let other: { alliance: Alliance } & Record<Role, User>;
let base: string;
let readerMembership: number;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  other = await makeAlliance(t.db, 'Other Alliance');
  base = `/alliances/${alliance.id}`;
  readerMembership = await membershipId(t.db, alliance.id, people.reader.id);
});
afterEach(() => t.close());

const NEW_PASSWORD = 'a brand new long password';
const choose = { password: NEW_PASSWORD, repeatPassword: NEW_PASSWORD };

function resetToken(html: string): string {
  const token = /\/password-reset\/([A-Za-z0-9_-]{43})["<]/.exec(html)?.[1];
  if (!token) throw new Error('no password reset link on the page');
  return token;
}

/** A link for the reader, made through the store (as a coordinator would). */
async function readerLink(now = new Date()): Promise<string> {
  const member = (await findResetMember(t.db, alliance.id, readerMembership))!;
  const { token } = await createPasswordReset(t.db, people.coordinator, alliance.id, member, now);
  return `/password-reset/${token}`;
}

/** The coordinator presses the button beside the reader on the members page. */
const pressMake = (coordinator: Agent) =>
  coordinator.submit(`${base}/members`, `${base}/members/${readerMembership}/password-reset`, {});

const resets = () => t.db.selectFrom('password_resets').selectAll().orderBy('id').execute();
const auditActions = async () =>
  (
    await t.db.selectFrom('audit_events').select('action').where('action', 'like', 'password.%').orderBy('id').execute()
  ).map((e) => e.action);

describe('making a link (coordinator)', () => {
  it('offers a button beside each member, and shows the link once', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const members = await coordinator.get(`${base}/members`);
    expect(visibleText(members.body)).toContain(`Make a password reset link for ${people.reader.name}`);
    const res = await coordinator.post(`${base}/members/${readerMembership}/password-reset`);
    expect(res.statusCode).toBe(201);
    expect(heading(res.body)).toBe('Password reset link');
    expect(visibleText(res.body)).toContain(`Copy this link and give it to ${people.reader.name} yourself.`);
    expect(visibleText(res.body)).toContain(people.reader.email);
    const token = resetToken(res.body);
    // Shown once: opening the page again says a link is waiting, but not what it is.
    const again = await coordinator.get(`${base}/members/${readerMembership}/password-reset`);
    expect(again.statusCode).toBe(200);
    expect(visibleText(again.body)).toContain('A link for this person works until');
    expect(again.body).not.toContain(token);
    expect(await auditActions()).toEqual(['password.reset_link_created']);
  });

  it('expires after 24 hours', async () => {
    const before = Date.now();
    await pressMake(await signedIn(t.app, people.coordinator.email));
    const [reset] = await resets();
    const hours = (Date.parse(reset!.expires_at) - before) / 3600_000;
    expect(hours).toBeGreaterThanOrEqual(24);
    expect(hours).toBeLessThan(24.1);
  });

  it('a new link makes the earlier one stop working', async () => {
    const first = await readerLink();
    const second = await readerLink();
    expect((await new Agent(t.app).get(first)).statusCode).toBe(410);
    expect((await new Agent(t.app).get(second)).statusCode).toBe(200);
  });

  it('can be revoked, after which the link no longer works', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const link = `/password-reset/${resetToken((await pressMake(coordinator)).body)}`;
    const [reset] = await resets();
    const res = await coordinator.post(`${base}/members/${readerMembership}/password-reset/${reset!.id}/revoke`);
    expect(res.statusCode).toBe(303);
    const page = await coordinator.get(res.headers.location as string);
    expect(flash(page.body)).toBe('Password reset link revoked: it no longer works.');
    expect(visibleText(page.body)).toContain('No link for this person is waiting to be used.');
    expect((await new Agent(t.app).get(link)).statusCode).toBe(410);
    expect(await auditActions()).toEqual(['password.reset_link_created', 'password.reset_link_revoked']);
    // Revoking it twice, or another member's link, finds nothing.
    expect(
      (await coordinator.post(`${base}/members/${readerMembership}/password-reset/${reset!.id}/revoke`)).statusCode,
    ).toBe(404);
  });

  it('cannot revoke a link through another member of the alliance', async () => {
    await readerLink();
    const [reset] = await resets();
    const coordinator = await signedIn(t.app, people.coordinator.email);
    await coordinator.get(`${base}/members`);
    const interviewerMembership = await membershipId(t.db, alliance.id, people.interviewer.id);
    expect(
      (await coordinator.post(`${base}/members/${interviewerMembership}/password-reset/${reset!.id}/revoke`))
        .statusCode,
    ).toBe(404);
    expect((await resets())[0]!.revoked_at).toBeNull();
  });

  it('gives a coordinator of another alliance 404, for this alliance and through their own', async () => {
    const outsider = await signedIn(t.app, other.coordinator.email);
    await outsider.get(`/alliances/${other.alliance.id}/members`);
    expect((await outsider.post(`${base}/members/${readerMembership}/password-reset`)).statusCode).toBe(404);
    expect(
      (await outsider.post(`/alliances/${other.alliance.id}/members/${readerMembership}/password-reset`)).statusCode,
    ).toBe(404);
    expect(
      (await outsider.get(`/alliances/${other.alliance.id}/members/${readerMembership}/password-reset`)).statusCode,
    ).toBe(404);
    expect(await resets()).toEqual([]);
  });

  it.each(['interviewer', 'facilitator', 'reader'] as const)('refuses a %s (403)', async (role) => {
    const agent = await signedIn(t.app, people[role].email);
    await agent.get(base);
    expect((await agent.post(`${base}/members/${readerMembership}/password-reset`)).statusCode).toBe(403);
    expect((await agent.get(`${base}/members/${readerMembership}/password-reset`)).statusCode).toBe(403);
    expect(await resets()).toEqual([]);
  });

  it('is refused for someone who also belongs to an alliance this coordinator does not coordinate', async () => {
    // The reader is also the other alliance's coordinator: a link from here would take over that alliance too.
    await t.db
      .insertInto('memberships')
      .values({
        alliance_id: other.alliance.id,
        user_id: people.reader.id,
        role: 'coordinator',
        organisation_id: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const res = await pressMake(coordinator);
    expect(res.statusCode).toBe(303);
    expect(flash((await coordinator.get(`${base}/members`)).body)).toContain('also belongs to another alliance');
    expect(await resets()).toEqual([]);
    // A coordinator of both alliances may.
    await t.db
      .insertInto('memberships')
      .values({
        alliance_id: other.alliance.id,
        user_id: people.coordinator.id,
        role: 'coordinator',
        organisation_id: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    expect((await pressMake(coordinator)).statusCode).toBe(201);
  });

  it('sends someone signed out to sign in', async () => {
    const res = await new Agent(t.app).get(`${base}/members/${readerMembership}/password-reset`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent(`${base}/members/${readerMembership}/password-reset`)}`,
    );
  });
});

describe('using the link (the member)', () => {
  it('sets the new password: the old one stops working, the new one works', async () => {
    const link = await readerLink();
    const agent = new Agent(t.app);
    const page = await agent.get(link);
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe('Choose a new password');
    expect(visibleText(page.body)).toContain(`Choose a new password for ${people.reader.name}`);
    const res = await agent.post(link, choose);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
    expect(flash((await agent.get('/sign-in')).body)).toBe(
      'Your password has been changed. Sign in with your new password.',
    );
    expect((await new Agent(t.app).signIn(people.reader.email, PASSWORD)).statusCode).toBe(422);
    expect((await new Agent(t.app).signIn(people.reader.email, NEW_PASSWORD)).statusCode).toBe(303);
    expect(await auditActions()).toEqual(['password.reset_link_created', 'password.reset']);
    expect((await resets())[0]!.used_at).not.toBeNull();
  });

  it('signs the person out of every other session', async () => {
    const elsewhere = await signedIn(t.app, people.reader.email);
    expect((await elsewhere.get(base)).statusCode).toBe(200);
    const link = await readerLink();
    await new Agent(t.app).submit(link, link, choose);
    const res = await elsewhere.get(base);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });

  it('unlocks a locked account and clears its failed sign-ins', async () => {
    await t.db
      .updateTable('users')
      .set({ failed_sign_ins: 3, locked_until: new Date(Date.now() + 3600_000).toISOString() })
      .where('id', '=', people.reader.id)
      .execute();
    const link = await readerLink();
    await new Agent(t.app).submit(link, link, choose);
    expect(await findUserById(t.db, people.reader.id)).toMatchObject({ failed_sign_ins: 0, locked_until: null });
    expect((await new Agent(t.app).signIn(people.reader.email, NEW_PASSWORD)).statusCode).toBe(303);
  });

  it('works once', async () => {
    const link = await readerLink();
    await new Agent(t.app).submit(link, link, choose);
    const second = new Agent(t.app);
    const res = await second.get(link);
    expect(res.statusCode).toBe(410);
    expect(heading(res.body)).toBe('This link no longer works');
    expect(visibleText(res.body)).toContain('This password reset link no longer works');
    expect(
      (await second.post(link, { password: 'someone else entirely', repeatPassword: 'someone else entirely' }))
        .statusCode,
    ).toBe(410);
    expect((await new Agent(t.app).signIn(people.reader.email, NEW_PASSWORD)).statusCode).toBe(303);
  });

  it('works once even when sent twice at the same moment', async () => {
    const link = await readerLink();
    const [a, b] = [new Agent(t.app), new Agent(t.app)];
    await a.get(link);
    await b.get(link);
    const results = await Promise.all([
      a.post(link, choose),
      b.post(link, { password: 'the other password here', repeatPassword: 'the other password here' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    expect(await auditActions()).toEqual(['password.reset_link_created', 'password.reset']);
  });

  it('stops working after 24 hours', async () => {
    const old = await readerLink(new Date(Date.now() - 25 * 3600_000));
    const res = await new Agent(t.app).get(old);
    expect(res.statusCode).toBe(410);
    expect(visibleText(res.body)).toContain('it has expired');
    const recent = await readerLink(new Date(Date.now() - 23 * 3600_000));
    expect((await new Agent(t.app).get(recent)).statusCode).toBe(200);
  });

  it('stops working once the person has left the alliance', async () => {
    const link = await readerLink();
    await t.db.deleteFrom('memberships').where('id', '=', readerMembership).execute();
    expect((await new Agent(t.app).get(link)).statusCode).toBe(410);
  });

  it.each([
    ['unknown', 'x'.repeat(43)],
    ['made up', 'not-a-token'],
  ])('says plainly that an %s link does not work (404)', async (_what, token) => {
    const res = await new Agent(t.app).get(`/password-reset/${token}`);
    expect(res.statusCode).toBe(404);
    expect(visibleText(res.body)).toContain('This password reset link no longer works');
  });

  it('refuses a short password, beside the field, never echoing it, changing nothing', async () => {
    const link = await readerLink();
    const res = await new Agent(t.app).submit(link, link, { password: 'short', repeatPassword: 'short' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'password')).toBe('Choose a password of at least 10 characters (up to 200).');
    expect(res.body).not.toContain('value="short"');
    expect((await resets())[0]!.used_at).toBeNull();
    expect((await new Agent(t.app).signIn(people.reader.email, PASSWORD)).statusCode).toBe(303);
  });

  it('says when the two passwords differ, never echoing them', async () => {
    const link = await readerLink();
    const res = await new Agent(t.app).submit(link, link, {
      password: NEW_PASSWORD,
      repeatPassword: 'a different long password',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'repeatPassword')).toBe('The two passwords are not the same.');
    expect(res.body).not.toContain(NEW_PASSWORD);
    expect(res.body).not.toContain('a different long password');
    expect((await resets())[0]!.used_at).toBeNull();
  });

  it('keeps the link unused when the form had expired (stale CSRF token)', async () => {
    const link = await readerLink();
    const agent = new Agent(t.app);
    await agent.get(link);
    const res = await agent.post(link, { ...choose, _csrf: 'stale' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('For your security this form had expired.');
    expect(res.body).not.toContain(NEW_PASSWORD);
    expect((await resets())[0]!.used_at).toBeNull();
  });
});

describe('privacy', () => {
  it('keeps the token out of the audit log and every table, and the password out too', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const token = resetToken((await pressMake(coordinator)).body);
    await new Agent(t.app).submit(`/password-reset/${token}`, `/password-reset/${token}`, choose);
    const audit = await coordinator.get(`${base}/audit`);
    expect(visibleText(audit.body)).toContain('made a password reset link');
    expect(visibleText(audit.body)).toContain('chose a new password with a reset link');
    expect(audit.body).not.toContain(token);
    for (const table of BACKUP_TABLES) {
      const rows = JSON.stringify(await sql`SELECT * FROM ${sql.table(table)}`.execute(t.db));
      expect(rows, table).not.toContain(token);
      expect(rows, table).not.toContain(NEW_PASSWORD);
    }
  });
});

describe('pages', () => {
  it('are valid HTML', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const make = () => pressMake(coordinator);
    const made = (await make()).body;
    const link = `/password-reset/${resetToken((await make()).body)}`;
    const agent = new Agent(t.app);
    const pages = {
      members: (await coordinator.get(`${base}/members`)).body,
      made,
      status: (await coordinator.get(`${base}/members/${readerMembership}/password-reset`)).body,
      form: (await agent.get(link)).body,
      formErrors: (await agent.post(link, { password: 'short', repeatPassword: 'other' })).body,
      gone: (await agent.get(`/password-reset/${resetToken(made)}`)).body,
    };
    const found: string[] = [];
    for (const [name, html] of Object.entries(pages))
      for (const e of await htmlErrors(html)) found.push(`${name}: ${e}`);
    expect(found).toEqual([]);
  });
});
