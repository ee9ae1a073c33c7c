/** The start page, the list of your alliances, and an alliance's overview as each role sees it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import { addMember, addOrganisation } from '../../server/accounts/members-store.ts';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, makePerson, testApp, type TestApp } from '../helpers/app.ts';
import { heading, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let base: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  base = `/alliances/${alliance.id}`;
});
afterEach(() => t.close());

const navLinks = (html: string) => /<nav class="alliance-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

describe('the start page', () => {
  it('sends a signed-out visitor to sign in once Hearth is set up', async () => {
    const res = await new Agent(t.app).get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });

  it('opens the only alliance straight away', async () => {
    const agent = await signedIn(t.app, people.reader.email);
    expect((await agent.get('/')).headers.location).toBe(base);
  });

  it('lets someone in two alliances choose, with their role in each', async () => {
    const second = await makeAlliance(t.db, 'Another Alliance');
    await addMember(t.db, second.coordinator, second.alliance.id, people.reader.id, 'interviewer', null);
    const agent = await signedIn(t.app, people.reader.email);
    expect((await agent.get('/')).headers.location).toBe('/alliances');
    const res = await agent.get('/alliances');
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Your alliances');
    expect(visibleText(res.body)).toContain('Another Alliance Interviewer Harbour Alliance Reader');
    expect(res.body).toContain(`href="/alliances/${second.alliance.id}"`);
    // With two alliances, every page offers a switch.
    expect(visibleText((await agent.get(base)).body)).toContain('Switch alliance');
  });

  it('tells someone in no alliance to ask for an invitation', async () => {
    const person = await makePerson(t.db);
    const agent = await signedIn(t.app, person.email);
    expect((await agent.get('/')).headers.location).toBe('/alliances');
    const res = await agent.get('/alliances');
    expect(visibleText(res.body)).toContain('You are not a member of any alliance at the moment.');
  });

  it('will not load the demo once Hearth is set up', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/demo');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(await t.db.selectFrom('alliances').select('name').execute()).toEqual([{ name: 'Harbour Alliance' }]);
    expect((await agent.get('/alliances')).statusCode).toBe(303); // and not signed in as anyone
  });

  it('asks a signed-out visitor to sign in for the list of alliances, coming back to it', async () => {
    const res = await new Agent(t.app).get('/alliances');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Falliances');
  });
});

describe('the overview', () => {
  it('shows the coordinator the people, organisations, waiting invitations and recent changes', async () => {
    await addOrganisation(t.db, people.coordinator, alliance.id, 'Open Door Housing');
    await addMember(t.db, people.coordinator, alliance.id, (await makePerson(t.db)).id, 'interviewer', null);
    await createInvitation(t.db, people.coordinator, alliance.id, {
      invitee: 'Bea',
      role: 'reader',
      organisationId: null,
    });
    const agent = await signedIn(t.app, people.coordinator.email);
    const res = await agent.get(base);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(heading(res.body)).toBe('Harbour Alliance');
    expect(text).toContain('1 coordinator 2 interviewers 1 facilitator 1 reader');
    expect(text).toContain('Organisations in this alliance: Open Door Housing');
    expect(text).toContain('Manage members · Invite someone (1 invitation waiting)');
    expect(text).toContain('Recent changes');
    expect(text).toContain(`${people.coordinator.name}: made an invitation`);
    // Someone joining with an invitation adds themselves: they joined, they did not "add a member".
    const joiner = await makePerson(t.db);
    await addMember(t.db, joiner, alliance.id, joiner.id, 'reader', null);
    const now = visibleText((await agent.get(base)).body);
    expect(now).toContain(`${joiner.name}: joined the alliance as Reader`);
    expect(navLinks(res.body)).toContain('Members');
    expect(navLinks(res.body)).toContain('Audit log');
  });

  it("shows an interviewer the overview without the coordinator's links, which are closed to them", async () => {
    const agent = await signedIn(t.app, people.interviewer.email);
    const res = await agent.get(base);
    expect(res.statusCode).toBe(200);
    const nav = navLinks(res.body);
    expect(visibleText(nav)).toBe('Harbour Alliance Interviewer Overview Inquiries');
    for (const page of ['members', 'invitations', 'audit']) {
      expect(res.body).not.toContain(`href="${base}/${page}"`);
      expect((await agent.get(`${base}/${page}`)).statusCode).toBe(403);
    }
    const text = visibleText(res.body);
    expect(text).toContain('You collect stories: you record interviews with storytellers.');
    expect(text).not.toContain('Recent changes');
    expect(text).not.toContain('Manage members');
  });
});
