import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countUsers } from '../../server/accounts/users-store.ts';
import { BODY_LIMIT, buildApp } from '../../server/app.ts';
import { openPostgres } from '../../server/db/database.ts';
import { RETRY_AFTER_SECONDS } from '../../server/web/pressure.ts';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, testConfig, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/db.ts';
import { heading, visibleText } from '../helpers/pages.ts';
import { freePort } from '../helpers/processes.ts';

let t: TestApp;
let coordinatorEmail: string;
beforeAll(async () => {
  t = await testApp();
  coordinatorEmail = (await makeAlliance(t.db)).coordinator.email;
});
afterAll(() => t.close());

const form = 'application/x-www-form-urlencoded';
const leaksNothing = (body: string) => expect(body).not.toMatch(/node_modules|\.ts:\d+|\bat [\w.]+ \(|FST_|HEARTH_/);

describe('error pages', () => {
  it('answers an unknown address with a 404 page that says what to do, and no stack trace', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(heading(res.body)).toBe('Page not found');
    expect(visibleText(res.body)).toContain('Go to the start page');
    leaksNothing(res.body);
  });

  it(`refuses a body over ${BODY_LIMIT} bytes with 413 "Too much to send", saving nothing`, async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in', { email: coordinatorEmail, password: 'x'.repeat(BODY_LIMIT) });
    expect(res.statusCode).toBe(413);
    expect(heading(res.body)).toBe('Too much to send');
    expect(visibleText(res.body)).toContain('larger than Hearth accepts (1 MB)');
    expect((await agent.get('/alliances')).statusCode).toBe(303);
  });

  it('refuses a body in a type Hearth cannot read with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: 'email=x',
      headers: { 'content-type': 'nonsense' },
    });
    expect(res.statusCode).toBe(415);
    expect(heading(res.body)).toBe('Hearth could not read that');
    expect(visibleText(res.body)).toContain('not a form Hearth understands');
    leaksNothing(res.body);
  });

  it.each(['/sign-out', '/demo'])('refuses POST %s without a CSRF token with a 403 page', async (url) => {
    const res = await t.app.inject({ method: 'POST', url, payload: '', headers: { 'content-type': form } });
    expect(res.statusCode).toBe(403);
    expect(heading(res.body)).toBe('This form had expired');
    expect(visibleText(res.body)).toContain('Nothing was saved');
  });

  it('refuses a form with a field Hearth does not know (422), writing nothing', async () => {
    const empty = await testApp();
    try {
      const agent = new Agent(empty.app);
      const fields = {
        allianceName: 'A',
        name: 'Ada',
        email: 'ada@example.org',
        password: 'a long enough password',
        repeatPassword: 'a long enough password',
      };
      const res = await agent.submit('/setup', '/setup', { ...fields, isAdmin: 'yes' });
      expect(res.statusCode).toBe(422);
      expect(visibleText(res.body)).toContain(
        'The form had a field Hearth does not know. Reload the page and try again.',
      );
      expect(res.body).toContain('value="ada@example.org"');
      expect(await countUsers(empty.db)).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('refuses a field sent twice (422), with the message beside it', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in', {
      email: [coordinatorEmail, 'other@example.org'],
      password: 'correct horse battery',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="field-error" id="field-email-error">');
    expect(visibleText(res.body)).toContain('Enter an email address');
    expect((await agent.get('/alliances')).statusCode).toBe(303);
  });
});

describe('a failure inside Hearth', () => {
  it('shows "Something went wrong" with no stack trace or error message', async () => {
    const database = await freshDatabase();
    const app = await buildApp(testConfig(), database);
    app.get('/boom', async () => {
      throw new Error('secret internals at /srv/hearth/server/db.ts:12');
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/boom' });
      expect(res.statusCode).toBe(500);
      expect(heading(res.body)).toBe('Something went wrong');
      expect(res.body).not.toContain('secret internals');
      leaksNothing(res.body);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

// PostgreSQL restarted during a burst of real submissions: test/scale/database-restart.test.ts.
describe('a database that cannot be reached', () => {
  it('answers 503 with Retry-After: a short page in the visitor’s language, JSON for the field app, never a 500', async () => {
    const nobody = await freePort(); // no PostgreSQL listens there: every query is refused
    const database = openPostgres(`postgres://hearth@127.0.0.1:${nobody}/hearth`, 2);
    const app = await buildApp(testConfig(), database);
    try {
      const page = await app.inject({ method: 'GET', url: '/tell/a-link', headers: { 'accept-language': 'es' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(heading(page.body)).toBe('Vuelva en un momento');
      expect(visibleText(page.body)).toContain('espere unos segundos e inténtelo de nuevo');
      leaksNothing(page.body);

      const session = app.encodeSecureSession(app.createSecureSession({ userId: 1, sv: 0 }));
      const cookie = `hearth_session=${encodeURIComponent(session)}`;
      const json = await app.inject({ method: 'GET', url: '/alliances/1/field/session.json', headers: { cookie } });
      expect(json.statusCode).toBe(503);
      expect(json.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(json.json()).toMatchObject({ status: 'error', error: 'errors.databaseAway' });
    } finally {
      await app.close();
      await database.db.destroy();
    }
  });

  it('answers 503 too when SQLite stays locked by another writer past its busy timeout', async () => {
    const database = await freshDatabase();
    const app = await buildApp(testConfig(), database);
    app.get('/locked', async () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/locked' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(heading(res.body)).toBe('Back in a moment');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
