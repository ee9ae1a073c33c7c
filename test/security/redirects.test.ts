/**
 * Open redirects: every "return to" address Hearth follows (sign-in's next, both on the page and in the form, the
 * language switcher, a form kept while signed out, the way back after a sign-in prompt) stays on this site, however
 * the other site's address is disguised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, PASSWORD, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, validInterview } from '../helpers/interviews.ts';
import { Visitor } from './hostile.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Redirect Alliance');
});
afterAll(() => t.close());

const HOSTILE = [
  '//evil.example',
  '//evil.example/alliances',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  'https://evil.example',
  'http:evil.example',
  'HTTPS://EVIL.EXAMPLE',
  '//evil.example@hearth.test',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '\t//evil.example',
  ' //evil.example',
  '/\u0000/evil.example',
  '///evil.example',
  '/.//evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '//evil%2eexample',
  '//ｅｖｉｌ.example',
  '/\u3002/evil.example',
  '/日本/ページ',
];

/** Where a browser would go: tabs and newlines dropped as browsers do, resolved against this site. */
function expectOnSite(location: unknown, context: string): void {
  expect(typeof location, context).toBe('string');
  const target = new URL(String(location), 'http://hearth.test/sign-in');
  expect(target.origin, `${context} -> ${String(location)}`).toBe('http://hearth.test');
  expect(String(location), context).toMatch(/^\/(?![/\\])/);
}

describe('open redirects through a "return to" address', () => {
  it('sign-in page, already signed in: ?next= to another site goes home instead', async () => {
    const agent = await signedIn(t.app, people.coordinator.email);
    for (const next of HOSTILE) {
      const res = await agent.get(`/sign-in?next=${encodeURIComponent(next)}`);
      // An address with a NUL in it is refused outright (400); any other goes somewhere on this site.
      expect(res.statusCode, next).toBe(next.includes('\u0000') ? 400 : 303);
      if (res.statusCode === 303) expectOnSite(res.headers.location, next);
    }
    // A real page on the site is still where it goes.
    const ok = await agent.get(`/sign-in?next=${encodeURIComponent(`/alliances/${people.alliance.id}/inquiries`)}`);
    expect(ok.headers.location).toBe(`/alliances/${people.alliance.id}/inquiries`);
  });

  it('sign-in form: a hostile next field never leads off the site', async () => {
    for (const next of HOSTILE) {
      const agent = new Visitor(t.app); // each from its own address: sign-in is rate-limited per address
      await agent.get('/sign-in');
      const res = await agent.post('/sign-in', { email: people.reader.email, password: PASSWORD, next });
      // A NUL or a line break in a field is refused with the form again; anything else signs in.
      expect([303, 422], next).toContain(res.statusCode);
      if (res.statusCode === 303) expectOnSite(res.headers.location, next);
      else expect(res.headers.location).toBeUndefined();
    }
  });

  it('sign-in page: the next address is kept in the form escaped, never as markup', async () => {
    const res = await new Agent(t.app).get(`/sign-in?next=${encodeURIComponent('/"><script>alert(1)</script>')}`);
    expect(res.body).not.toContain('<script>alert(1)');
  });

  it('the language switcher returns only to a page on this site', async () => {
    for (const next of HOSTILE) {
      const res = await t.app.inject({ url: `/language?lang=en&next=${encodeURIComponent(next)}` });
      // An address with a NUL in it is refused outright (400); any other goes somewhere on this site.
      expect(res.statusCode, next).toBe(next.includes('\u0000') ? 400 : 303);
      if (res.statusCode === 303) expectOnSite(res.headers.location, next);
    }
    // Its links carry the current page, encoded.
    const page = await t.app.inject({ url: '/join?code=%2F%2Fevil.example' });
    const links = page.body.match(/href="\/language\?[^"]*"/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const href of links)
      expect(href.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')).toMatch(
        /&next=%2Fjoin%3Fcode%3D%252F%252Fevil.example"$/,
      );
  });

  it('a form posted after the session expired is kept, and sign-in returns to its page, never elsewhere', async () => {
    const guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
    const base = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}`;
    for (const inquiryId of [String(guide.inquiry.id), '%2F%2Fevil.example', '..%2F..%2F..%2F%2Fevil.example']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/alliances/${people.alliance.id}/inquiries/${inquiryId}/interviews`,
        payload: new URLSearchParams(validInterview(guide) as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode, inquiryId).toBe(303);
      expectOnSite(res.headers.location, inquiryId);
      const next = new URL(String(res.headers.location), 'http://hearth.test').searchParams.get('next')!;
      expectOnSite(next, inquiryId);
      expect(next.startsWith(`/alliances/${people.alliance.id}/inquiries/`)).toBe(true);
      const agent = new Visitor(t.app);
      await agent.get(String(res.headers.location));
      const signIn = await agent.post('/sign-in', { email: people.interviewer.email, password: PASSWORD, next });
      expectOnSite(signIn.headers.location, inquiryId);
    }
    expect(base).toContain('/inquiries/');
  });

  it('a sign-in prompt after a form post returns to the page it came from, never to a Referer on another site', async () => {
    for (const referer of [
      'https://evil.example//evil.example/x',
      'https://evil.example/\\evil.example',
      'http://hearth.test//evil.example',
      'not a url at all',
      '//evil.example',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/alliances/${people.alliance.id}/members/1/role`,
        payload: 'role=reader',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer },
      });
      expect(res.statusCode, referer).toBe(303);
      expectOnSite(res.headers.location, referer);
      expectOnSite(new URL(String(res.headers.location), 'http://hearth.test').searchParams.get('next'), referer);
    }
  });

  it('a page asked for while signed out returns there after sign-in, and only there', async () => {
    for (const path of [
      `/alliances/${people.alliance.id}/inquiries`,
      `//evil.example/alliances/${people.alliance.id}`,
      `/alliances/${people.alliance.id}/inquiries?x=//evil.example`,
    ]) {
      const res = await t.app.inject({ url: path });
      if (res.statusCode !== 303) continue; // not one of Hearth's pages at all
      const next = new URL(String(res.headers.location), 'http://hearth.test').searchParams.get('next');
      expectOnSite(next, path);
    }
  });
});
