/**
 * Links Hearth hands out (receipts, share links, a round's join address, invitations, password resets, the public
 * storytelling link) are built from PUBLIC_URL, so a forged Host (or X-Forwarded-Host) cannot make Hearth hand
 * someone a link to another site.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { origin } from '../../server/web/public-link.ts';
import type { Agent, Fields } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { questionOf } from '../helpers/interviews.ts';
import { makeAllianceWorld, visitorFor, type AllianceWorld } from '../security/matrix-world.ts';

const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

let t: TestApp;
afterEach(() => t.close());

/** A request from this agent's browser session, with a forged Host. */
async function forged(
  agent: Agent,
  method: 'GET' | 'POST',
  url: string,
  fields: Fields = {},
): Promise<LightMyRequestResponse> {
  const headers = { ...FORGED, cookie: agent.cookie };
  if (method === 'GET') return t.app.inject({ method, url, headers });
  const payload = new URLSearchParams({ _csrf: agent.csrf, ...(fields as Record<string, string>) }).toString();
  return t.app.inject({
    method,
    url,
    payload,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The page answered the request and shows the link (to path) only at this address, and nothing of the forged one. */
function expectLinks(what: string, res: LightMyRequestResponse, address: string, path: string): void {
  expect.soft(res.statusCode, what).toBeLessThan(300);
  const links = [...res.body.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]).filter((l) => l.includes(path));
  expect.soft(links.length, `${what}: a link to ${path} is shown`).toBeGreaterThan(0);
  expect
    .soft(
      links.filter((l) => !l.startsWith(address + path)),
      what,
    )
    .toEqual([]);
  expect.soft(res.body, what).not.toContain('evil.example');
}

async function world(): Promise<{ w: AllianceWorld; coordinator: Agent; visitor: Agent }> {
  const w = await makeAllianceWorld(t.db, 'Links');
  const away = await makeAllianceWorld(t.db, 'Faraway');
  return {
    w,
    coordinator: await visitorFor(t.app, t.db, 'coordinator', w, away.people.coordinator),
    visitor: await visitorFor(t.app, t.db, 'signedOut', w, away.people.coordinator),
  };
}

/** Each link-making page: what to ask, with a forged Host, and the start of the link it must show. */
async function linkPages(
  w: AllianceWorld,
  coordinator: Agent,
  visitor: Agent,
): Promise<[string, () => Promise<LightMyRequestResponse>, string][]> {
  const p = w.params;
  const base = `/alliances/${p.allianceId}`;
  const inquiry = `${base}/inquiries/${p.inquiryId}`;
  const guide = await loadGuide(t.db, w.inquiry);
  const telling = {
    domainId: p.domainId!,
    storyteller: 'Sam',
    [questionOf(guide, 'story')]: 'The bus came back.',
    [questionOf(guide, 'why')]: 'I can visit my sister.',
    [questionOf(guide, 'title')]: 'The bus',
    consent: 'panels',
  };
  return [
    ['receipt', () => forged(visitor, 'POST', `/tell/${p['tell/:token']}`, telling), '/receipt/'],
    [
      'share link',
      () => forged(coordinator, 'POST', `${inquiry}/report/share`, { label: 'Funder board', days: '30' }),
      '/shared/',
    ],
    ['join address', () => forged(coordinator, 'GET', `${base}/rounds/${p.roundId}`), '/join'],
    [
      'invitation',
      () => forged(coordinator, 'POST', `${base}/invitations`, { invitee: 'Bea Jones', role: 'reader' }),
      '/invitations/',
    ],
    [
      'password reset',
      () => forged(coordinator, 'POST', `${base}/members/${p.membershipId}/password-reset`),
      '/password-reset/',
    ],
    ['public storytelling link', () => forged(coordinator, 'GET', inquiry), '/tell/'],
  ];
}

describe('links handed out', () => {
  it('use PUBLIC_URL, never a forged Host or X-Forwarded-Host (even behind a trusted proxy)', async () => {
    t = await testApp({ publicUrl: 'https://stories.example.org', trustProxy: true });
    const { w, coordinator, visitor } = await world();
    for (const [what, ask, path] of await linkPages(w, coordinator, visitor)) {
      expectLinks(what, await ask(), 'https://stories.example.org', path);
    }
  });

  it('without PUBLIC_URL use the configured host and port when not listening (app.inject), not the Host header', async () => {
    t = await testApp();
    const { w, coordinator, visitor } = await world();
    for (const [what, ask, path] of await linkPages(w, coordinator, visitor)) {
      expectLinks(what, await ask(), 'http://localhost:3000', path);
    }
  });

  it('without PUBLIC_URL use the address Hearth listens on', async () => {
    t = await testApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    const { w, coordinator } = await world();
    const res = await forged(coordinator, 'POST', `/alliances/${w.params.allianceId}/invitations`, {
      invitee: 'Bea Jones',
      role: 'reader',
    });
    expectLinks('invitation', res, `http://127.0.0.1:${port}`, '/invitations/');
  });
});

describe('origin (the address without PUBLIC_URL)', () => {
  const iface = (address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4') =>
    ({ address, internal, family }) as NetworkInterfaceInfo;
  const laptop = {
    lo: [iface('127.0.0.1', true), iface('::1', true, 'IPv6')],
    wlan0: [iface('fe80::1', false, 'IPv6'), iface('192.168.1.20', false)],
  };

  it('is http://host:port, with brackets around an IPv6 address', () => {
    expect(origin('localhost', 3000, laptop)).toBe('http://localhost:3000');
    expect(origin('127.0.0.1', 8080, laptop)).toBe('http://127.0.0.1:8080');
    expect(origin('::1', 3000, laptop)).toBe('http://[::1]:3000');
  });

  it('listening on every address (HOST=0.0.0.0, for phones at an event), is the address other devices can reach', () => {
    expect(origin('0.0.0.0', 3000, laptop)).toBe('http://192.168.1.20:3000');
    expect(origin('::', 3000, laptop)).toBe('http://192.168.1.20:3000');
    expect(origin('0.0.0.0', 3000, { lo: laptop.lo })).toBe('http://localhost:3000');
  });
});
