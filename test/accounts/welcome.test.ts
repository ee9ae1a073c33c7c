import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countUsers } from '../../server/accounts/users-store.ts';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeEach(async () => (t = await testApp()));
afterEach(() => t.close());

const setup = {
  allianceName: 'Harbour Alliance',
  name: 'Ada Lovelace',
  email: 'Ada@Example.org',
  password: 'a long enough password',
  repeatPassword: 'a long enough password',
};

describe('first start', () => {
  it('shows the welcome page with both choices on an empty database', async () => {
    const res = await new Agent(t.app).get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Set up your alliance');
    expect(res.body).toContain('Explore the demo');
  });

  it('sets up the alliance and its coordinator, signed in', async () => {
    const agent = new Agent(t.app);
    const res = await agent.submit('/setup', '/setup', setup);
    expect(res.statusCode).toBe(303);
    const overview = await agent.get(res.headers.location as string);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Harbour Alliance');
    expect(overview.body).toContain('Coordinator');
    expect(overview.body).toContain('Your alliance is ready');
    const user = await t.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.email).toBe('ada@example.org');
    expect(user.password_hash).not.toContain(setup.password);
  });

  it('keeps what was typed and explains each bad field, writing nothing', async () => {
    const agent = new Agent(t.app);
    const res = await agent.submit('/setup', '/setup', {
      ...setup,
      email: 'not-an-email',
      repeatPassword: 'something else entirely',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Harbour Alliance"');
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).toContain('Enter an email address');
    expect(res.body).toContain('The two passwords are not the same');
    expect(res.body).not.toContain(setup.password);
    expect(await countUsers(t.db)).toBe(0);
  });

  it('re-shows the form, input kept, when its CSRF token is missing', async () => {
    const agent = new Agent(t.app);
    await agent.get('/setup');
    const res = await agent.post('/setup', { ...setup, _csrf: 'forged' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Harbour Alliance"');
    expect(res.body).toContain('this form had expired');
    expect(await countUsers(t.db)).toBe(0);
  });

  it('is closed once someone has set Hearth up', async () => {
    await makeAlliance(t.db);
    const agent = new Agent(t.app);
    expect((await agent.get('/setup')).headers.location).toBe('/');
    await agent.get('/sign-in');
    expect((await agent.post('/setup', setup)).headers.location).toBe('/');
    expect(await countUsers(t.db)).toBe(4);
  });

  it('loads the demo alliance and signs in as its coordinator', async () => {
    const agent = new Agent(t.app);
    const res = await agent.submit('/', '/demo', {});
    expect(res.statusCode).toBe(303);
    const overview = await agent.get(res.headers.location as string);
    expect(overview.body).toContain('Riverside Wellbeing Alliance (fictional demo)');
    expect(overview.body).toContain('2 interviewers');
    const signIn = await new Agent(t.app).get('/sign-in');
    expect(signIn.body).toContain('interviewer@demo.hearth.example');
  });
});
