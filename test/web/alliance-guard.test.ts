/**
 * Every route under /alliances/:allianceId, as each kind of visitor: signed out (sent to sign in, then back),
 * the wrong role (403), a member of another alliance (404, as if it did not exist). Refused requests write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import type { Alliance } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { heading, visibleText } from '../helpers/pages.ts';
import { membershipId, snapshot } from '../helpers/snapshot.ts';

interface Route {
  method: 'GET' | 'POST';
  path: string;
  fields?: Record<string, string>;
}

let t: TestApp;
let alliance: Alliance;
let routes: Route[];
const agents = new Map<string, Agent>();

beforeAll(async () => {
  t = await testApp();
  const a = await makeAlliance(t.db, 'Harbour Alliance');
  const b = await makeAlliance(t.db, 'Other Alliance');
  alliance = a.alliance;
  const readerMembership = await membershipId(t.db, alliance.id, a.reader.id);
  const { invitation } = await createInvitation(t.db, a.coordinator, alliance.id, {
    invitee: 'Someone',
    role: 'reader',
    organisationId: null,
  });
  const base = `/alliances/${alliance.id}`;
  routes = [
    { method: 'GET', path: `${base}/members` },
    { method: 'POST', path: `${base}/members/${readerMembership}/role`, fields: { role: 'coordinator' } },
    { method: 'GET', path: `${base}/members/${readerMembership}/remove` },
    { method: 'POST', path: `${base}/members/${readerMembership}/remove` },
    { method: 'POST', path: `${base}/organisations`, fields: { organisationName: 'Sneaky Org' } },
    { method: 'GET', path: `${base}/invitations` },
    { method: 'POST', path: `${base}/invitations`, fields: { invitee: 'A friend', role: 'coordinator' } },
    { method: 'POST', path: `${base}/invitations/${invitation.id}/revoke` },
    { method: 'GET', path: `${base}/audit` },
  ];
  // One sign-in each: sign-in is rate limited per address.
  for (const role of ['interviewer', 'facilitator', 'reader'] as const)
    agents.set(role, await signedIn(t.app, a[role].email));
  agents.set('outsider', await signedIn(t.app, b.coordinator.email));
  agents.set('coordinator', await signedIn(t.app, a.coordinator.email));
});
afterAll(() => t.close());

async function send(agent: Agent, route: Route) {
  if (route.method === 'GET') return agent.get(route.path);
  await agent.get(`/alliances/${alliance.id}`); // a fresh CSRF token, as from a page in the app
  return agent.post(route.path, route.fields ?? {});
}

const label = (r: Route) => `${r.method} ${r.path.replace(/\/\d+/g, '/:id')}`;

describe('signed out', () => {
  it('GET of the overview goes to sign-in, coming back to it afterwards', async () => {
    const res = await new Agent(t.app).get(`/alliances/${alliance.id}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/alliances/${alliance.id}`)}`);
  });

  it('every alliance route sends a signed-out visitor to sign in and writes nothing', async () => {
    for (const route of routes) {
      const before = await snapshot(t.db);
      const visitor = new Agent(t.app);
      await visitor.get('/sign-in');
      const res = await send(visitor, route);
      expect(res.statusCode, label(route)).toBe(303);
      const next = route.method === 'GET' ? route.path : '/';
      expect(res.headers.location, label(route)).toBe(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(await snapshot(t.db), label(route)).toEqual(before);
    }
  });

  it('a signed-out form post returns to the page it came from after sign-in', async () => {
    const route = routes.find((r) => r.path.endsWith('/organisations'))!;
    const res = await t.app.inject({
      method: 'POST',
      url: route.path,
      payload: 'organisationName=x',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        referer: `http://localhost/alliances/${alliance.id}/members?x=1`,
      },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/alliances/${alliance.id}/members`)}`);
  });
});

describe('wrong role', () => {
  const roleHelp = {
    interviewer: 'You collect stories',
    facilitator: 'You run sense-making rounds',
    reader: 'You read reports',
  };
  for (const role of ['interviewer', 'facilitator', 'reader'] as const) {
    it(`a ${role} gets 403 on every coordinator route, and nothing changes`, async () => {
      const agent = agents.get(role)!;
      for (const route of routes) {
        const before = await snapshot(t.db);
        const res = await send(agent, route);
        expect(res.statusCode, label(route)).toBe(403);
        expect(heading(res.body), label(route)).toBe('Not for your role');
        expect(visibleText(res.body)).toContain('A coordinator can change your role.');
        expect(await snapshot(t.db), label(route)).toEqual(before);
      }
    });

    it(`a ${role} can open the overview`, async () => {
      const res = await agents.get(role)!.get(`/alliances/${alliance.id}`);
      expect(res.statusCode).toBe(200);
      expect(heading(res.body)).toBe('Harbour Alliance');
      expect(visibleText(res.body)).toContain(roleHelp[role]);
    });
  }
});

describe('a member of another alliance', () => {
  const routesWithOverview = () => [{ method: 'GET' as const, path: `/alliances/${alliance.id}` }, ...routes];

  it('gets 404 on every route, learns nothing about the alliance, and changes nothing', async () => {
    const outsider = agents.get('outsider')!;
    for (const route of routesWithOverview()) {
      const before = await snapshot(t.db);
      const res = await send(outsider, route);
      expect(res.statusCode, label(route)).toBe(404);
      expect(heading(res.body), label(route)).toBe('Page not found');
      expect(res.body).not.toContain('Harbour Alliance');
      expect(await snapshot(t.db), label(route)).toEqual(before);
    }
  });

  it('sees the same page as for an alliance that does not exist', async () => {
    const outsider = agents.get('outsider')!;
    const real = await outsider.get(`/alliances/${alliance.id}/members`);
    const missing = await outsider.get('/alliances/999999/members');
    expect(missing.statusCode).toBe(404);
    expect(visibleText(real.body)).toBe(visibleText(missing.body));
  });

  it('gets 404 for an alliance id that is not a number', async () => {
    const res = await agents.get('coordinator')!.get('/alliances/abc');
    expect(res.statusCode).toBe(404);
  });
});

describe('the coordinator', () => {
  it('can open every coordinator page', async () => {
    const coordinator = agents.get('coordinator')!;
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await coordinator.get(route.path);
      expect(res.statusCode, label(route)).toBe(200);
    }
  });
});
