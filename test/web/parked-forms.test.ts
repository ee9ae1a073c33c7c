/**
 * Forms posted after the session expired (issue 15): kept only for the person whose expired session posted them,
 * from this site, a few small ones at a time, and given back to that person only. Anyone else's post stores nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { endAllSessions } from '../../server/accounts/users-store.ts';
import { PARKED_LIMITS } from '../../server/web/parked-store.ts';
import { Agent, signedIn, type Fields } from '../helpers/agent.ts';
import { makeAlliance, PASSWORD, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, questionOf, validInterview, WHY_WORDS } from '../helpers/interviews.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let newUrl: string;
let postUrl: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  newUrl = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews/new`;
  postUrl = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews`;
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

const parkedCount = async () =>
  Number((await t.db.selectFrom('parked_forms').select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const signInAgain = `/sign-in?next=${encodeURIComponent('/alliances/')}`; // the start of every answer here
const keptAnswer = () => `/sign-in?next=${encodeURIComponent(newUrl)}&kept=1`;
const notKeptAnswer = () => `/sign-in?next=${encodeURIComponent(newUrl)}`;

/** The interviewer with the form open; then the clock moves past the end of their session (SESSION_HOURS). */
async function expiredWithFormOpen(): Promise<Agent> {
  const agent = await signedIn(t.app, people.interviewer.email);
  await agent.get(newUrl);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + (t.config.sessionHours * 3600 + 60) * 1000);
  return agent;
}

/** Posts the form with this Cookie header and extra headers, as a browser (or another site) would. */
async function post(cookie: string, fields: Fields, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v ?? []].flat()) body.append(k, one);
  return t.app.inject({
    method: 'POST',
    url: postUrl,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
  });
}

describe('a signed-out post with nothing to show whose it is', () => {
  it('stores nothing and is sent to sign in, coming back to the form: no cookie, or a cookie Hearth did not make', async () => {
    const nonce = randomBytes(24).toString('base64');
    for (const cookie of [
      '',
      `hearth_session=${encodeURIComponent(`${randomBytes(64).toString('base64')};${nonce}`)}`,
      'hearth_session=junk',
    ]) {
      const res = await post(cookie, validInterview(guide, { _csrf: 'x' }));
      expect(res.statusCode, cookie).toBe(303);
      expect(res.headers.location, cookie).toBe(notKeptAnswer());
      expect(res.headers['set-cookie'], cookie).toBeUndefined(); // no session made for it either
    }
    expect(await parkedCount()).toBe(0);
  });

  it('an expired session signs nobody in, though its cookie is still recognised for keeping a form', async () => {
    const agent = await expiredWithFormOpen();
    const res = await agent.get(`/alliances/${people.alliance.id}`);
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location).startsWith(signInAgain)).toBe(true);
  });
});

describe('a post from a session that expired while typing', () => {
  it('is kept and given back once to the same person after they sign in again', async () => {
    const agent = await expiredWithFormOpen();
    const res = await agent.post(postUrl, validInterview(guide));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(keptAnswer());
    const row = await t.db.selectFrom('parked_forms').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: people.interviewer.id, address: '127.0.0.1', path: newUrl });
    await agent.get(String(res.headers.location));
    expect(
      (await agent.post('/sign-in', { email: people.interviewer.email, password: PASSWORD, next: newUrl })).headers
        .location,
    ).toBe(newUrl);
    expect((await agent.get(newUrl)).body).toContain(WHY_WORDS);
    expect(await parkedCount()).toBe(0);
    expect((await agent.get(newUrl)).body).not.toContain(WHY_WORDS);
  });

  it('is not given to someone else who signs in in that browser', async () => {
    const agent = await expiredWithFormOpen();
    expect((await agent.post(postUrl, validInterview(guide))).headers.location).toBe(keptAnswer());
    await agent.get('/sign-in');
    await agent.post('/sign-in', { email: people.coordinator.email, password: PASSWORD, next: newUrl });
    const page = await agent.get(newUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(WHY_WORDS);
    expect(await parkedCount()).toBe(1); // still the interviewer's, until it ages out
  });

  it('is not kept without the form token made for that session, or after "sign out everywhere"', async () => {
    const agent = await expiredWithFormOpen();
    const cookie = agent.cookie;
    for (const csrf of ['', 'not-a-token', 'x'.repeat(40)])
      expect((await post(cookie, validInterview(guide, { _csrf: csrf }))).headers.location).toBe(notKeptAnswer());
    await endAllSessions(t.db, people.interviewer.id);
    expect((await post(cookie, validInterview(guide, { _csrf: agent.csrf }))).headers.location).toBe(notKeptAnswer());
    expect(await parkedCount()).toBe(0);
  });

  it('is not kept when the browser says it came from another site', async () => {
    const agent = await expiredWithFormOpen();
    const fields = validInterview(guide, { _csrf: agent.csrf });
    const foreign: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: '::::' },
    ];
    for (const headers of foreign) {
      const res = await post(agent.cookie, fields, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(303);
      expect(res.headers.location, JSON.stringify(headers)).toBe(notKeptAnswer());
    }
    expect(await parkedCount()).toBe(0);
    // From this site's own page, as a browser says it: kept.
    const ours = await post(agent.cookie, fields, { 'sec-fetch-site': 'same-origin', origin: 'http://localhost' });
    expect(ours.headers.location).toBe(keptAnswer());
    expect(await parkedCount()).toBe(1);
  });
});

describe('limits on what is kept', () => {
  it(`keeps at most ${PARKED_LIMITS.perPerson} forms for a person; the next is not kept and the sign-in page does not say "kept"`, async () => {
    const agent = await expiredWithFormOpen();
    const fields = validInterview(guide, { _csrf: agent.csrf });
    for (let i = 0; i < PARKED_LIMITS.perPerson; i++)
      expect((await post(agent.cookie, fields)).headers.location).toBe(keptAnswer());
    const over = await post(agent.cookie, fields);
    expect(over.statusCode).toBe(303);
    expect(over.headers.location).toBe(notKeptAnswer());
    expect(await parkedCount()).toBe(PARKED_LIMITS.perPerson);
  });

  it(`keeps at most ${PARKED_LIMITS.perAddress} forms from one address`, async () => {
    const agent = await expiredWithFormOpen();
    const now = new Date().toISOString();
    await t.db
      .insertInto('parked_forms')
      .values(
        Array.from({ length: PARKED_LIMITS.perAddress }, (_, i) => ({
          token_hash: `other-${i}`,
          path: '/',
          body: '{}',
          created_at: now,
          user_id: null,
          address: '127.0.0.1',
        })),
      )
      .execute();
    expect((await post(agent.cookie, validInterview(guide, { _csrf: agent.csrf }))).headers.location).toBe(
      notKeptAnswer(),
    );
    expect(await parkedCount()).toBe(PARKED_LIMITS.perAddress);
  });

  it(`does not keep a form of more than ${PARKED_LIMITS.bytes / 1024} KB`, async () => {
    const agent = await expiredWithFormOpen();
    const big = validInterview(guide, { _csrf: agent.csrf, [questionOf(guide, 'story')]: 'words '.repeat(50_000) });
    const res = await post(agent.cookie, big);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(notKeptAnswer());
    expect(await parkedCount()).toBe(0);
  });
});
