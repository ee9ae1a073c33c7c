/**
 * Path traversal: the static files, the export and download routes and the receipt links never hand out a file from
 * outside what they serve, however the dots and slashes are encoded; a filename made from a story's code can't
 * escape its quotes or name a path.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, Round, Story, User } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';

let t: TestApp;
let people: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let story: Story;
let round: Round;
let coordinator: Agent;
let port = 0;

/** A request with the path exactly as written: app.inject would resolve the dots before Hearth saw them. */
function raw(path: string): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Traversal Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  story = await makeStory(t.db, inquiry, { title: 'A story' });
  round = await makeRound(t.db, people.alliance.id, inquiry.id);
  await addRoundStories(t.db, round.id, [story.id]);
  coordinator = await signedIn(t.app, people.coordinator.email);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

/** Text that only appears in files Hearth must never serve: its source, its config, the system's password file. */
const SECRET = /loadConfig|sessionKey|buildApp|root:x:0:0|"dependencies"|SESSION_KEY/;

const DOTS = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '..%c0%af', '%c0%ae%c0%ae'];
const SLASHES = ['/', '%2f', '%2F', '\\', '%5c', '%5C', '%252f', '//'];
const TARGETS = ['server/config.ts', 'package.json', 'etc/passwd', 'data/session.key'];

function traversals(prefix: string): string[] {
  const urls = new Set<string>();
  for (const dots of DOTS) {
    for (const slash of SLASHES) {
      for (const target of TARGETS) {
        urls.add(`${prefix}${dots}${slash}${target}`);
        urls.add(`${prefix}${dots}${slash}${dots}${slash}${dots}${slash}${target}`);
        urls.add(`${prefix}css${slash}${dots}${slash}${dots}${slash}${target}`);
      }
    }
  }
  return [...urls];
}

describe('path traversal on static files', () => {
  it('serves the real files', async () => {
    const css = await t.app.inject({ url: '/static/css/screen.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it(`never serves a file outside /static, with any encoding of ../ (${traversals('/static/').length} addresses)`, async () => {
    for (const url of [
      ...traversals('/static/'),
      '/static/..',
      '/static/.%2e/',
      '/static//etc/passwd',
      '/static/%00../server/config.ts',
      '/static/css/screen.css%00.ts',
      '/..%2fserver/config.ts',
      '/%2e%2e/package.json',
    ]) {
      const res = await raw(url);
      expect([400, 403, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toMatch(SECRET);
      expect(res.body, url).not.toMatch(/node_modules|\.ts:\d+|\bat [\w.]+ \(/);
    }
  });

  it('does not list directories', async () => {
    for (const url of ['/static/', '/static/css/', '/static/js']) {
      const res = await raw(url);
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain('href="screen.css"');
      expect(res.body, url).not.toContain('href="/static/css/print.css">print.css');
    }
  });
});

describe('path traversal on export and download routes', () => {
  it('refuses an export format that is a path, saying so beside the choice (422), and hands out no file', async () => {
    const download = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}/export/download`;
    for (const format of [
      '../../etc/passwd',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2fpackage.json',
      'csv/../../server/config.ts',
      '....//....//etc/passwd',
      'C:\\Windows\\win.ini',
      'json\\..\\..\\package.json',
    ]) {
      const res = await coordinator.get(`${download}?format=${format}`);
      expect(res.statusCode, format).toBe(422);
      expect(res.headers['content-disposition'], format).toBeUndefined();
      expect(res.body).toContain('id="field-format-error"');
      expect(res.body, format).not.toMatch(SECRET);
    }
    const audience = await coordinator.get(`${download}?format=csv&audience=../../etc/passwd`);
    expect(audience.statusCode).toBe(422);
    expect(audience.headers['content-disposition']).toBeUndefined();
  });

  it('makes a safe filename from a story code that looks like a path or breaks the header', async () => {
    const odd = await makeStory(t.db, inquiry, { title: 'Odd code' });
    for (const code of [
      '../../etc/passwd',
      '..\\..\\boot.ini',
      'a"; filename="evil.exe',
      'x\r\nSet-Cookie: hearth_session=stolen',
    ]) {
      await t.db.updateTable('stories').set({ code }).where('id', '=', odd.id).execute();
      const res = await coordinator.get(`/alliances/${people.alliance.id}/stories/${odd.id}/export`);
      expect(res.statusCode, code).toBe(200);
      const disposition = String(res.headers['content-disposition']);
      expect(disposition, code).toMatch(/^attachment; filename="[A-Za-z0-9_.-]+"$/);
      expect(disposition).not.toContain('..');
      expect(res.headers['set-cookie'], code).toBeUndefined();
      expect(JSON.parse(res.body).stories[0].code).toBe(code);
    }
  });

  it('refuses pack settings that are paths, before anything is printed', async () => {
    const pack = `/alliances/${people.alliance.id}/rounds/${round.id}`;
    for (const query of [
      'paper=../../etc/passwd',
      'paper=..%2F..%2Fetc%2Fpasswd',
      'layout=../../server/config.ts',
      'copies=../1',
      'story[]=../1',
      'maxMinutes=%2e%2e',
    ]) {
      for (const page of ['pack', 'pack.pdf']) {
        const res = await coordinator.get(`${pack}/${page}?${query}`);
        expect(res.statusCode, `${page}?${query}`).toBe(422);
        expect(res.headers['content-type'], `${page}?${query}`).toMatch(/^text\/html/);
        expect(res.body).toMatch(/class="field-error"/);
        expect(res.body).not.toMatch(SECRET);
      }
    }
  });

  it('answers a receipt token that is a path with 404, never a file', async () => {
    for (const token of [
      '..',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fpackage.json',
      '..%5c..%5cpackage.json',
      '....//....//etc/passwd',
      '%00',
      '..%00',
      '.',
    ]) {
      for (const path of [
        `/receipt/${token}`,
        `/receipt/${token}/download`,
        `/receipt/${token}/download.json`,
        `/tell/${token}`,
        `/invitations/${token}`,
        `/password-reset/${token}`,
      ]) {
        const res = await raw(path);
        expect([400, 404], path).toContain(res.statusCode);
        expect(res.headers['content-disposition'], path).toBeUndefined();
        expect(res.body, path).not.toMatch(SECRET);
      }
    }
  });
});
