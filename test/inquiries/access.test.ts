/**
 * Who may use each inquiry route: signed out -> sign-in; a reader -> 403 everywhere; interviewers and facilitators
 * read inquiries but get 403 on every change; a coordinator of another alliance -> 404, through either alliance.
 * Refused requests write nothing.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { inquiriesRoutes } from '../../server/inquiries/routes.ts';
import { Agent } from '../helpers/agent.ts';
import { guideSnapshot, makeWorld, type World } from './setup.ts';

interface Route {
  method: 'GET' | 'POST';
  /** The path below /alliances/<id>/inquiries/<msc id> ('' for the inquiry itself), or from /alliances/<id> when absolute. */
  path: string;
  body?: Record<string, string>;
  coordinatorOnly: boolean;
  /** Not about one inquiry (the list, a new one). */
  allianceWide?: boolean;
}

let w: World;
let routes: Route[];
let ids: Record<string, number>;

beforeAll(async () => {
  w = await makeWorld();
  const g = await loadGuide(w.t.db, w.msc);
  ids = { domainId: g.domains[0]!.id, questionId: g.questions[0]!.id, attributeId: g.attributes[0]!.id };
  const C = true;
  routes = [
    { method: 'GET', path: '/inquiries', coordinatorOnly: false, allianceWide: true },
    { method: 'GET', path: '/inquiries/new', coordinatorOnly: C, allianceWide: true },
    {
      method: 'POST',
      path: '/inquiries/new',
      body: { title: 'New one', method: 'msc' },
      coordinatorOnly: C,
      allianceWide: true,
    },
    { method: 'GET', path: '', coordinatorOnly: false },
    { method: 'GET', path: '/paper', coordinatorOnly: false },
    { method: 'GET', path: '/settings', coordinatorOnly: C },
    {
      method: 'POST',
      path: '/settings',
      body: { title: 'T', consentStatement: 'C', languages: 'en', codePrefix: 'AB' },
      coordinatorOnly: C,
    },
    { method: 'POST', path: '/public/open', coordinatorOnly: C },
    { method: 'POST', path: '/public/close', coordinatorOnly: C },
    { method: 'POST', path: '/public/renew', coordinatorOnly: C },
    { method: 'GET', path: '/domains/new', coordinatorOnly: C },
    { method: 'POST', path: '/domains/new', body: { name: 'A new domain' }, coordinatorOnly: C },
    { method: 'GET', path: '/domains/:domainId', coordinatorOnly: C },
    { method: 'POST', path: '/domains/:domainId', body: { name: 'Renamed' }, coordinatorOnly: C },
    { method: 'POST', path: '/domains/:domainId/move', body: { direction: 'down' }, coordinatorOnly: C },
    { method: 'GET', path: '/domains/:domainId/remove', coordinatorOnly: C },
    { method: 'POST', path: '/domains/:domainId/remove', coordinatorOnly: C },
    { method: 'GET', path: '/questions/new', coordinatorOnly: C },
    { method: 'POST', path: '/questions/new', body: { kind: 'long', prompt: 'Anything else?' }, coordinatorOnly: C },
    { method: 'POST', path: '/questions/ready-set', coordinatorOnly: C },
    { method: 'GET', path: '/questions/:questionId', coordinatorOnly: C },
    { method: 'POST', path: '/questions/:questionId', body: { kind: 'long', prompt: 'Changed' }, coordinatorOnly: C },
    { method: 'POST', path: '/questions/:questionId/move', body: { direction: 'down' }, coordinatorOnly: C },
    { method: 'GET', path: '/questions/:questionId/remove', coordinatorOnly: C },
    { method: 'POST', path: '/questions/:questionId/remove', coordinatorOnly: C },
    { method: 'GET', path: '/attributes/new', coordinatorOnly: C },
    { method: 'POST', path: '/attributes/new', body: { label: 'Town', kind: 'short' }, coordinatorOnly: C },
    { method: 'GET', path: '/attributes/:attributeId', coordinatorOnly: C },
    { method: 'POST', path: '/attributes/:attributeId', body: { label: 'Village', kind: 'short' }, coordinatorOnly: C },
    { method: 'POST', path: '/attributes/:attributeId/move', body: { direction: 'down' }, coordinatorOnly: C },
    { method: 'GET', path: '/attributes/:attributeId/remove', coordinatorOnly: C },
    { method: 'POST', path: '/attributes/:attributeId/remove', coordinatorOnly: C },
  ];
});
afterAll(() => w.t.close());

const url = (route: Route, allianceId = w.alliance.id) => {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => String(ids[name]));
  return route.allianceWide
    ? `/alliances/${allianceId}${path}`
    : `/alliances/${allianceId}/inquiries/${w.msc.id}${path}`;
};
const send = (agent: Agent, route: Route, target = url(route)) =>
  route.method === 'GET' ? agent.get(target) : agent.post(target, route.body ?? {});

describe('who may use the inquiry routes', () => {
  it('covers every route there is', async () => {
    const registered: string[] = [];
    const app = Fastify();
    app.addHook('onRoute', (r) => {
      if (r.method !== 'HEAD') registered.push(`${String(r.method)} ${r.url}`);
    });
    await app.register(inquiriesRoutes);
    await app.ready();
    const tested = routes.map((r) => `${r.method} ${r.allianceWide ? r.path : `/inquiries/:inquiryId${r.path}`}`);
    expect(tested.sort()).toEqual(registered.sort());
    await app.close();
  });

  it('sends someone signed out to sign in, writing nothing', async () => {
    const before = await guideSnapshot(w.t.db);
    for (const route of routes) {
      const res = await send(new Agent(w.t.app), route);
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(303);
      expect(res.headers.location, `${route.method} ${route.path}`).toMatch(/^\/sign-in\?next=/);
    }
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('refuses a reader everywhere (403), writing nothing', async () => {
    const before = await guideSnapshot(w.t.db);
    for (const route of routes)
      expect((await send(w.as.reader, route)).statusCode, `${route.method} ${route.path}`).toBe(403);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('lets interviewers and facilitators read inquiries, and refuses them every change (403)', async () => {
    const before = await guideSnapshot(w.t.db);
    for (const role of ['interviewer', 'facilitator'] as const) {
      for (const route of routes) {
        const res = await send(w.as[role], route);
        expect(res.statusCode, `${role} ${route.method} ${route.path}`).toBe(route.coordinatorOnly ? 403 : 200);
      }
    }
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it("gives another alliance's coordinator 404, in this alliance and through their own", async () => {
    const before = await guideSnapshot(w.t.db);
    for (const route of routes) {
      expect((await send(w.other.as, route)).statusCode, `${route.method} ${route.path}`).toBe(404);
      if (!route.allianceWide)
        expect(
          (await send(w.other.as, route, url(route, w.other.alliance.id))).statusCode,
          `own alliance: ${route.method} ${route.path}`,
        ).toBe(404);
    }
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('lets the coordinator use every route (run last: it changes things)', async () => {
    for (const route of routes) {
      const res = await send(w.as.coordinator, route);
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(route.method === 'GET' ? 200 : 303);
    }
  });
});
