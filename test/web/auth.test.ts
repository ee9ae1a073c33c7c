import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { endAllSessions } from '../../server/accounts/users-store.ts';
import { safeNext } from '../../server/web/auth.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';

describe('safeNext: where to go after signing in', () => {
  it.each(['/', '/alliances/3/members', '/invitations/abc?x=1#top'])('keeps the local path %s', (next) => {
    expect(safeNext(next)).toBe(next);
  });

  it.each([
    ['another site by scheme', 'https://evil.example'],
    ['a protocol-relative address', '//evil.example'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a tab browsers drop, leaving //', '/\t/evil.example'],
    ['a newline browsers drop, leaving //', '/\n/evil.example'],
    ['a relative path', 'alliances'],
    ['javascript', 'javascript:alert(1)'],
    ['nothing', ''],
    ['not a string', ['/a', '/b']],
    ['undefined', undefined],
  ])('turns %s into /', (_what, next) => {
    expect(safeNext(next)).toBe('/');
  });
});

describe('signed-in sessions', () => {
  let t: TestApp;
  beforeEach(async () => (t = await testApp()));
  afterEach(() => t.close());

  it('end everywhere when the session version moves on', async () => {
    const { alliance, coordinator } = await makeAlliance(t.db);
    const agent = await signedIn(t.app, coordinator.email);
    expect((await agent.get(`/alliances/${alliance.id}`)).statusCode).toBe(200);
    await endAllSessions(t.db, coordinator.id);
    const res = await agent.get(`/alliances/${alliance.id}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/alliances/${alliance.id}`)}`);
  });
});

describe('a signed-out post with a Referer that is not a usable address', () => {
  let t: TestApp;
  beforeEach(async () => (t = await testApp()));
  afterEach(() => t.close());

  const MALFORMED = [
    'http://127.0.0.1:99999/',
    'http://[',
    '::::',
    'http://%zz/',
    'not a url at all',
    `http://hearth.test/${'a'.repeat(20_000)}`,
    'http://\u0001\u007f/x',
    '\u0000',
  ];

  it.each(['/alliances/1/members/1/role', '/rounds/1/take-part/vote'])(
    '%s answers 303 to sign-in, coming back to /, never 500',
    async (url) => {
      for (const referer of MALFORMED) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          payload: 'role=reader',
          headers: { 'content-type': 'application/x-www-form-urlencoded', referer },
        });
        expect(res.statusCode, referer.slice(0, 40)).toBe(303);
        expect(res.headers.location, referer.slice(0, 40)).toBe('/sign-in?next=%2F');
      }
    },
  );

  it('a usable Referer still brings the person back to that page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/rounds/1/take-part/vote',
      payload: '',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        referer: 'http://hearth.test/rounds/1/take-part/vote',
      },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent('/rounds/1/take-part/vote')}`);
  });
});
