/** A coordinator's side of invitations: making one-time links, seeing those waiting, revoking them. */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import { addOrganisation } from '../../server/accounts/members-store.ts';
import type { Alliance, Organisation, Role, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { copyLink, fieldError, fieldValue, flash, heading, invitationToken, visibleText } from '../helpers/pages.ts';
import { snapshot } from '../helpers/snapshot.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let coordinator: Agent;
let base: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${alliance.id}`;
});
afterEach(() => t.close());

const invitations = () => t.db.selectFrom('invitations').selectAll().orderBy('id').execute();
const selected = (html: string, select: string) =>
  new RegExp(`<select id="${select}"[\\s\\S]*?<option value="([^"]*)" selected`).exec(html)?.[1];

describe('making an invitation', () => {
  it('starts with none waiting', async () => {
    const res = await coordinator.get(`${base}/invitations`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Invitations');
    expect(visibleText(res.body)).toContain('No invitations are waiting.');
  });

  it('shows the link once and lists the invitation as waiting, with its role and organisation', async () => {
    const org = (await addOrganisation(t.db, people.coordinator, alliance.id, 'Open Door Housing')) as Organisation;
    await coordinator.get(`${base}/invitations`);
    const res = await coordinator.post(`${base}/invitations`, {
      invitee: 'Bea Jones',
      role: 'facilitator',
      organisationId: String(org.id),
    });
    expect(res.statusCode).toBe(201);
    expect(visibleText(res.body)).toContain('Invitation link ready');
    const token = invitationToken(res.body);
    expect(copyLink(res.body, 'invitation-link')).toBe(`http://localhost:3000/invitations/${token}`);
    expect(visibleText(res.body)).toMatch(/Waiting to be used .*Bea Jones Facilitator Open Door Housing/);
    const [stored] = await invitations();
    expect(stored).toMatchObject({
      alliance_id: alliance.id,
      invitee: 'Bea Jones',
      role: 'facilitator',
      organisation_id: org.id,
      created_by: people.coordinator.id,
    });
    // The form is ready for the next one, and the overview counts it.
    expect(fieldValue(res.body, 'invitee')).toBe('');
    expect(visibleText((await coordinator.get(base)).body)).toContain('1 invitation waiting');
    // Shown once only: the list never shows the link again.
    expect((await coordinator.get(`${base}/invitations`)).body).not.toContain(token);
  });

  it('keeps only a sha256 hash of the token, never the token itself', async () => {
    await coordinator.get(`${base}/invitations`);
    const token = invitationToken(
      (await coordinator.post(`${base}/invitations`, { invitee: 'Bea', role: 'reader' })).body,
    );
    const [stored] = await invitations();
    expect(stored!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const everything =
      JSON.stringify(await snapshot(t.db)) +
      JSON.stringify(await t.db.selectFrom('audit_events').selectAll().execute());
    expect(everything).not.toContain(token);
  });

  it('asks who it is for, keeping the role chosen, saving nothing', async () => {
    await coordinator.get(`${base}/invitations`);
    const res = await coordinator.post(`${base}/invitations`, {
      invitee: '  ',
      role: 'facilitator',
      organisationId: '',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'invitee')).toBe('Say who this invitation is for (up to 200 characters).');
    expect(selected(res.body, 'field-role')).toBe('facilitator');
    expect(res.body).not.toContain('Invitation link ready');
    expect(await invitations()).toEqual([]);
  });

  it('refuses a role that does not exist, keeping who it is for', async () => {
    await coordinator.get(`${base}/invitations`);
    const res = await coordinator.post(`${base}/invitations`, { invitee: 'Bea Jones', role: 'owner' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'role')).toBe('Choose one of the roles.');
    expect(fieldValue(res.body, 'invitee')).toBe('Bea Jones');
    expect(await invitations()).toEqual([]);
  });

  it("refuses another alliance's organisation, keeping what was typed", async () => {
    const other = await makeAlliance(t.db, 'Other Alliance');
    const theirs = (await addOrganisation(t.db, other.coordinator, other.alliance.id, 'Their Org')) as Organisation;
    await coordinator.get(`${base}/invitations`);
    const res = await coordinator.post(`${base}/invitations`, {
      invitee: 'Bea Jones',
      role: 'reader',
      organisationId: String(theirs.id),
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'organisationId')).toBe("Choose one of this alliance's organisations, or none.");
    expect(fieldValue(res.body, 'invitee')).toBe('Bea Jones');
    expect(selected(res.body, 'field-role')).toBe('reader');
    expect(res.body).not.toContain('Their Org');
    expect(await invitations()).toEqual([]);
  });

  it('keeps what was typed when the CSRF token is stale, saving nothing', async () => {
    await coordinator.get(`${base}/invitations`);
    const res = await coordinator.post(`${base}/invitations`, { invitee: 'Bea Jones', role: 'reader', _csrf: 'stale' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('For your security this form had expired.');
    expect(fieldValue(res.body, 'invitee')).toBe('Bea Jones');
    expect(await invitations()).toEqual([]);
  });
});

describe('revoking an invitation', () => {
  it('revokes it: the link stops working and the list no longer shows it', async () => {
    await coordinator.get(`${base}/invitations`);
    const token = invitationToken(
      (await coordinator.post(`${base}/invitations`, { invitee: 'Bea Jones', role: 'reader' })).body,
    );
    const [invitation] = await invitations();
    const res = await coordinator.post(`${base}/invitations/${invitation!.id}/revoke`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/invitations`);
    const page = await coordinator.get(`${base}/invitations`);
    expect(flash(page.body)).toBe('Invitation revoked: its link no longer works.');
    expect(visibleText(page.body)).toContain('No invitations are waiting.');
    expect((await invitations())[0]!.revoked_at).not.toBeNull();
    expect((await new Agent(t.app).get(`/invitations/${token}`)).statusCode).toBe(410);
  });

  it('refuses a revoke without its CSRF token (403), the link still working', async () => {
    const { token, invitation } = await createInvitation(t.db, people.coordinator, alliance.id, {
      invitee: 'Bea',
      role: 'reader',
      organisationId: null,
    });
    const res = await coordinator.post(`${base}/invitations/${invitation.id}/revoke`, { _csrf: '' });
    expect(res.statusCode).toBe(403);
    expect(heading(res.body)).toBe('This form had expired');
    expect((await invitations())[0]!.revoked_at).toBeNull();
    expect((await new Agent(t.app).get(`/invitations/${token}`)).statusCode).toBe(200);
  });

  it("gives 404 for another alliance's invitation, changing nothing", async () => {
    const other = await makeAlliance(t.db, 'Other Alliance');
    const { invitation } = await createInvitation(t.db, other.coordinator, other.alliance.id, {
      invitee: 'Theirs',
      role: 'reader',
      organisationId: null,
    });
    await coordinator.get(`${base}/invitations`);
    const before = await snapshot(t.db);
    const res = await coordinator.post(`${base}/invitations/${invitation.id}/revoke`);
    expect(res.statusCode).toBe(404);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('gives 404 for one already revoked, or a bad id', async () => {
    const { invitation } = await createInvitation(t.db, people.coordinator, alliance.id, {
      invitee: 'Bea',
      role: 'reader',
      organisationId: null,
    });
    await coordinator.get(`${base}/invitations`);
    expect((await coordinator.post(`${base}/invitations/${invitation.id}/revoke`)).statusCode).toBe(303);
    await coordinator.get(`${base}/invitations`);
    expect((await coordinator.post(`${base}/invitations/${invitation.id}/revoke`)).statusCode).toBe(404);
    expect((await coordinator.post(`${base}/invitations/x1/revoke`)).statusCode).toBe(404);
  });
});
