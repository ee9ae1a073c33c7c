/** Every page Hearth renders so far is valid HTML (html-validate, recommended rules). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';

let t: TestApp;
let pages: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
  const anonymous = new Agent(t.app);
  pages = { welcome: (await anonymous.get('/')).body, setup: (await anonymous.get('/setup')).body };
  pages.setupErrors = (await anonymous.post('/setup', { allianceName: '', email: 'x' })).body;

  const { alliance, coordinator, interviewer } = await makeAlliance(t.db);
  const { token } = await createInvitation(t.db, coordinator, alliance.id, {
    invitee: 'Someone',
    role: 'reader',
    organisationId: null,
  });
  const a = `/alliances/${alliance.id}`;
  pages.signIn = (await anonymous.get('/sign-in')).body;
  pages.signInErrors = (await anonymous.post('/sign-in', { email: 'nobody@example.org', password: 'wrong' })).body;
  pages.invitationLink = (await anonymous.get(`/invitations/${token}`)).body;
  pages.notFound = (await anonymous.get('/no-such-page')).body;

  const coord = await signedIn(t.app, coordinator.email);
  await coord.post(`${a}/invitations`, { invitee: 'Pending person', role: 'facilitator' });
  for (const [name, url] of Object.entries({
    overview: a,
    members: `${a}/members`,
    invitations: `${a}/invitations`,
    audit: `${a}/audit`,
    alliances: '/alliances',
  })) {
    pages[name] = (await coord.get(url)).body;
  }
  const members = await t.db
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', interviewer.id)
    .executeTakeFirstOrThrow();
  pages.removeMember = (await coord.get(`${a}/members/${members.id}/remove`)).body;
  pages.invitationsErrors = (await coord.post(`${a}/invitations`, { invitee: '', role: 'king' })).body;
  pages.forbidden = (await (await signedIn(t.app, interviewer.email)).get(`${a}/members`)).body;
});
afterAll(() => t.close());

describe('valid HTML', () => {
  it('rendered the pages under test', () => {
    expect(Object.keys(pages).length).toBeGreaterThanOrEqual(15);
    for (const [name, html] of Object.entries(pages)) expect(html, name).toContain('<main id="main"');
  });

  it('has no html-validate errors on any page', async () => {
    const found: string[] = [];
    for (const [name, html] of Object.entries(pages))
      for (const e of await htmlErrors(html)) found.push(`${name}: ${e}`);
    expect(found).toEqual([]);
  });
});
