import { EXPIRED_SESSION_GRACE_SECONDS } from '../../server/web/session.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeAllianceWorld, visitorFor } from '../security/matrix-world.ts';

let t: TestApp;
afterEach(() => t.close());

/** The CSP as directive -> sources. */
function csp(header: unknown): Record<string, string[]> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('security headers', () => {
  it('send a strict content security policy: no inline script or style, no framing', async () => {
    t = await testApp();
    const res = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const policy = csp(res.headers['content-security-policy']);
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-inline');
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-eval');
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']![0]).toBe("'self'");
    expect(policy['script-src']!.slice(1).every((s) => /^'nonce-[0-9a-f]+'$/.test(s))).toBe(true);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['form-action']).toEqual(["'self'"]);
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('send the same headers on error pages', async () => {
    t = await testApp();
    const res = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('keep the session cookie from scripts and other sites (HttpOnly, SameSite=Lax), not yet Secure on plain http', async () => {
    t = await testApp();
    const { coordinator } = await makeAlliance(t.db);
    const res = await new Agent(t.app).signIn(coordinator.email);
    expect(res.statusCode).toBe(303);
    const cookie = res.cookies.find((c) => c.name === 'hearth_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('keep the sign-in when the browser is closed: the cookie lasts SESSION_HOURS plus the week an expired one is still recognised', async () => {
    t = await testApp({ sessionHours: 12 });
    const { coordinator } = await makeAlliance(t.db);
    const res = await new Agent(t.app).signIn(coordinator.email);
    const cookie = res.cookies.find((c) => c.name === 'hearth_session')!;
    expect(cookie.maxAge).toBe(12 * 3600 + EXPIRED_SESSION_GRACE_SECONDS);
    expect(String(res.headers['set-cookie'])).toMatch(/hearth_session=[^;]+;.*Max-Age=648000/);
  });

  it('mark the cookie Secure and send HSTS when Hearth sits behind TLS', async () => {
    t = await testApp({ secureCookies: true });
    const res = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const cookie = res.cookies.find((c) => c.name === 'hearth_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('caching', () => {
  it('no page or download that carries story words or personal data may be kept by a browser or proxy; static assets may', async () => {
    t = await testApp();
    const world = await makeAllianceWorld(t.db, 'Cache');
    const away = await makeAllianceWorld(t.db, 'Elsewhere');
    const as = async (role: 'signedOut' | 'guest' | 'coordinator') =>
      visitorFor(t.app, t.db, role, world, away.people.coordinator);
    const [visitor, guest, coordinator] = [await as('signedOut'), await as('guest'), await as('coordinator')];
    const p = world.params;
    const story = `/alliances/${p.allianceId}/stories/${p.storyId}`;
    const inquiry = `/alliances/${p.allianceId}/inquiries/${p.inquiryId}`;
    const receipt = `/receipt/${p['receipt/:token']}`;
    const shared = `/shared/${p['shared/:token']}`;
    const pages: [typeof visitor, string, number[]][] = [
      [coordinator, story, [200]],
      [coordinator, `${story}/edit`, [200]],
      [coordinator, `${story}/versions`, [200]],
      [coordinator, `${story}/export`, [200]],
      [coordinator, `${inquiry}/export/download?format=csv`, [200]],
      [coordinator, `${inquiry}/export/download?format=json`, [200]],
      [visitor, receipt, [200]],
      [visitor, `${receipt}/edit`, [200]],
      [visitor, `${receipt}/download`, [200]],
      [visitor, `${receipt}/download.json`, [200]],
      [guest, `/rounds/${p.roundId}/take-part/stories/${p.storyId}`, [200]],
      [visitor, shared, [200]],
      // 503 when this machine has no Chromium: still nothing to cache.
      [visitor, `${shared}/report.pdf`, [200, 503]],
      [visitor, '/sign-in', [200]],
      [visitor, '/no/such/page', [404]],
    ];
    for (const [who, url, statuses] of pages) {
      const res = await who.get(url);
      expect.soft(statuses, `${url} answered ${res.statusCode}`).toContain(res.statusCode);
      expect.soft(res.headers['cache-control'], url).toBe('no-store');
    }

    const css = await visitor.get('/static/css/screen.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
  });
});
