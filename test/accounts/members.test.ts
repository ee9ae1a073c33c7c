import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember } from '../../server/accounts/members-store.ts';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, makePerson, testApp, type TestApp } from '../helpers/app.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { membershipId, snapshot } from '../helpers/snapshot.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let other: { alliance: Alliance } & Record<Role, User>;
let coordinator: Agent;
let base: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  other = await makeAlliance(t.db, 'Other Alliance');
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${alliance.id}`;
});
afterEach(() => t.close());

const roleOf = async (userId: number) =>
  (
    await t.db
      .selectFrom('memberships')
      .select('role')
      .where('alliance_id', '=', alliance.id)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  )?.role;

describe('members page', () => {
  it('lists everyone in the alliance with email and role, and marks you', async () => {
    const res = await coordinator.get(`${base}/members`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Members');
    const text = visibleText(res.body);
    for (const person of Object.values(people)) {
      expect(text).toContain(person.name);
      expect(text).toContain(person.email);
    }
    expect(text).toContain(`${people.coordinator.name} (you)`);
    expect(text).not.toContain(other.coordinator.email);
  });
});

describe('changing a role', () => {
  it('changes the role, says so, and the person has the new role', async () => {
    const id = await membershipId(t.db, alliance.id, people.reader.id);
    await coordinator.get(`${base}/members`);
    const res = await coordinator.post(`${base}/members/${id}/role`, { role: 'facilitator' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/members`);
    expect(flash((await coordinator.get(`${base}/members`)).body)).toBe('Role changed.');
    expect(await roleOf(people.reader.id)).toBe('facilitator');
    const reader = await signedIn(t.app, people.reader.email);
    expect(visibleText((await reader.get(base)).body)).toContain('You run sense-making rounds');
  });

  it('refuses a role that does not exist, beside that member, changing nothing', async () => {
    const id = await membershipId(t.db, alliance.id, people.reader.id);
    await coordinator.get(`${base}/members`);
    const before = await snapshot(t.db);
    const res = await coordinator.post(`${base}/members/${id}/role`, { role: 'admin' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<p class="field-error" id="field-role-${id}-error">Choose one of the roles.</p>`);
    expect(res.body).toMatch(new RegExp(`<select id="field-role-${id}" name="role" aria-invalid="true"`));
    expect(res.body).toContain(`<a href="#field-role-${id}">Choose one of the roles.</a>`); // the summary leads to that menu
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('will not demote the last coordinator', async () => {
    const id = await membershipId(t.db, alliance.id, people.coordinator.id);
    await coordinator.get(`${base}/members`);
    const res = await coordinator.post(`${base}/members/${id}/role`, { role: 'reader' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain(
      'An alliance needs at least one coordinator: make someone else coordinator first.',
    );
    expect(await roleOf(people.coordinator.id)).toBe('coordinator');
  });

  it('lets a coordinator step down once there is another', async () => {
    const id = await membershipId(t.db, alliance.id, people.coordinator.id);
    await addMember(t.db, people.coordinator, alliance.id, (await makePerson(t.db)).id, 'coordinator', null);
    await coordinator.get(`${base}/members`);
    expect((await coordinator.post(`${base}/members/${id}/role`, { role: 'reader' })).statusCode).toBe(303);
    expect(await roleOf(people.coordinator.id)).toBe('reader');
  });

  it("gives 404 for another alliance's member, changing nothing", async () => {
    const theirs = await membershipId(t.db, other.alliance.id, other.reader.id);
    await coordinator.get(`${base}/members`);
    const before = await snapshot(t.db);
    const res = await coordinator.post(`${base}/members/${theirs}/role`, { role: 'coordinator' });
    expect(res.statusCode).toBe(404);
    expect(heading(res.body)).toBe('Page not found');
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('gives 404 for a membership id that is not a number', async () => {
    await coordinator.get(`${base}/members`);
    expect((await coordinator.post(`${base}/members/abc/role`, { role: 'reader' })).statusCode).toBe(404);
  });

  it('refuses a change without its CSRF token (403)', async () => {
    const id = await membershipId(t.db, alliance.id, people.reader.id);
    const res = await coordinator.post(`${base}/members/${id}/role`, { role: 'coordinator', _csrf: 'forged' });
    expect(res.statusCode).toBe(403);
    expect(heading(res.body)).toBe('This form had expired');
    expect(await roleOf(people.reader.id)).toBe('reader');
  });
});

describe('removing a member', () => {
  it('asks first, naming the person and the alliance', async () => {
    const id = await membershipId(t.db, alliance.id, people.reader.id);
    const res = await coordinator.get(`${base}/members/${id}/remove`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Remove a member');
    expect(visibleText(res.body)).toContain(`Remove ${people.reader.name} from Harbour Alliance?`);
  });

  it('removes them: they no longer see the alliance, and their account stays', async () => {
    const id = await membershipId(t.db, alliance.id, people.reader.id);
    const reader = await signedIn(t.app, people.reader.email);
    await coordinator.get(`${base}/members/${id}/remove`);
    const res = await coordinator.post(`${base}/members/${id}/remove`);
    expect(res.statusCode).toBe(303);
    const page = await coordinator.get(res.headers.location as string);
    expect(flash(page.body)).toBe('Member removed.');
    expect(visibleText(page.body)).not.toContain(people.reader.email);
    expect(await roleOf(people.reader.id)).toBeUndefined();
    // Refused at once; told they are no longer a member (test/web/lost-membership.test.ts), not "Page not found".
    const refused = await reader.get(base);
    expect(refused.statusCode).toBe(403);
    expect(visibleText(refused.body)).toContain('You have been removed from this alliance');
    expect(
      await t.db.selectFrom('users').select('id').where('id', '=', people.reader.id).executeTakeFirst(),
    ).toBeDefined();
  });

  it('will not remove the last coordinator', async () => {
    const id = await membershipId(t.db, alliance.id, people.coordinator.id);
    await coordinator.get(`${base}/members/${id}/remove`);
    const before = await snapshot(t.db);
    const res = await coordinator.post(`${base}/members/${id}/remove`);
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('An alliance needs at least one coordinator');
    expect(await snapshot(t.db)).toEqual(before);
  });

  it("gives 404 for another alliance's member, on the question and the removal, changing nothing", async () => {
    const theirs = await membershipId(t.db, other.alliance.id, other.reader.id);
    expect((await coordinator.get(`${base}/members/${theirs}/remove`)).statusCode).toBe(404);
    await coordinator.get(`${base}/members`);
    const before = await snapshot(t.db);
    expect((await coordinator.post(`${base}/members/${theirs}/remove`)).statusCode).toBe(404);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('gives 404 for a removal of someone no longer a member, or a bad id', async () => {
    const id = await membershipId(t.db, alliance.id, people.reader.id);
    await coordinator.get(`${base}/members`);
    expect((await coordinator.post(`${base}/members/${id}/remove`)).statusCode).toBe(303);
    await coordinator.get(`${base}/members`);
    expect((await coordinator.post(`${base}/members/${id}/remove`)).statusCode).toBe(404);
    expect((await coordinator.get(`${base}/members/0/remove`)).statusCode).toBe(404);
  });

  it('refuses a removal without its CSRF token (403)', async () => {
    const id = await membershipId(t.db, alliance.id, people.reader.id);
    const res = await coordinator.post(`${base}/members/${id}/remove`, { _csrf: '' });
    expect(res.statusCode).toBe(403);
    expect(await roleOf(people.reader.id)).toBe('reader');
  });
});

describe('organisations', () => {
  const organisations = () => t.db.selectFrom('organisations').select(['alliance_id', 'name']).orderBy('id').execute();

  it('adds an organisation, listed on the members page', async () => {
    await coordinator.get(`${base}/members`);
    const res = await coordinator.post(`${base}/organisations`, { organisationName: '  Open Door Housing  ' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/members#organisations`);
    const page = await coordinator.get(`${base}/members`);
    expect(flash(page.body)).toBe('Organisation added.');
    expect(visibleText(page.body)).toContain('Open Door Housing');
    expect(visibleText(page.body)).not.toContain('No organisations yet.');
    expect(await organisations()).toEqual([{ alliance_id: alliance.id, name: 'Open Door Housing' }]);
  });

  it('asks for a name, writing nothing', async () => {
    await coordinator.get(`${base}/members`);
    const res = await coordinator.post(`${base}/organisations`, { organisationName: '   ' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'organisationName')).toBe("Enter the organisation's name (up to 120 characters).");
    expect(await organisations()).toEqual([]);
  });

  it('keeps a name that is too long, to shorten it', async () => {
    const long = 'A'.repeat(121);
    await coordinator.get(`${base}/members`);
    const res = await coordinator.post(`${base}/organisations`, { organisationName: long });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'organisationName')).toBe(long);
    expect(fieldError(res.body, 'organisationName')).toContain('up to 120 characters');
    expect(await organisations()).toEqual([]);
  });

  it('refuses the same name twice, whatever the case, keeping what was typed', async () => {
    await coordinator.get(`${base}/members`);
    await coordinator.post(`${base}/organisations`, { organisationName: 'Open Door Housing' });
    await coordinator.get(`${base}/members`);
    const res = await coordinator.post(`${base}/organisations`, { organisationName: 'open door HOUSING' });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'organisationName')).toBe('open door HOUSING');
    expect(fieldError(res.body, 'organisationName')).toBe('This alliance already has an organisation with that name.');
    expect(await organisations()).toHaveLength(1);
  });

  it('allows a name another alliance uses', async () => {
    const theirs = await signedIn(t.app, other.coordinator.email);
    await theirs.get(`/alliances/${other.alliance.id}/members`);
    await theirs.post(`/alliances/${other.alliance.id}/organisations`, { organisationName: 'Open Door Housing' });
    await coordinator.get(`${base}/members`);
    expect(
      (await coordinator.post(`${base}/organisations`, { organisationName: 'Open Door Housing' })).statusCode,
    ).toBe(303);
    expect(await organisations()).toHaveLength(2);
  });

  it('keeps the name when the CSRF token is stale, saving nothing', async () => {
    await coordinator.get(`${base}/members`);
    const res = await coordinator.post(`${base}/organisations`, {
      organisationName: 'Open Door Housing',
      _csrf: 'stale',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'organisationName')).toBe('Open Door Housing');
    expect(visibleText(res.body)).toContain('For your security this form had expired.');
    expect(await organisations()).toEqual([]);
  });
});
