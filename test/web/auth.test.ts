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
