import { afterEach, beforeEach, expect, it } from 'vitest';
import { insertUser } from '../../server/accounts/users-store.ts';
import { DEMO_PEOPLE } from '../../server/demo/load.ts';
import type { Alliance, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { decode, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let alliance: Alliance;
let coordinator: User;
beforeEach(async () => {
  t = await testApp();
  ({ alliance, coordinator } = await makeAlliance(t.db));
});
afterEach(() => t.close());

/** The column headers of a page's tables, as read. */
const columns = (html: string) =>
  [...html.matchAll(/<th scope="col">([\s\S]*?)<\/th>/g)].map((m) => visibleText(decode(m[1]!)));

it('heads the demo accounts on the sign-in page "Name", since the names are other people’s', async () => {
  const first = DEMO_PEOPLE[0]!;
  await insertUser(t.db, { email: first.email, name: first.name, passwordHash: 'not used here' });
  const page = await new Agent(t.app).get('/sign-in');
  expect(page.statusCode).toBe(200);
  expect(columns(page.body)).toEqual(['Email address', 'Role', 'Name']);
  expect(visibleText(page.body)).not.toContain('Your name');
});

it('heads the members list "Name", over everyone’s names', async () => {
  const page = await (await signedIn(t.app, coordinator.email)).get(`/alliances/${alliance.id}/members`);
  expect(page.statusCode).toBe(200);
  expect(columns(page.body)[0]).toBe('Name');
  expect(visibleText(page.body)).not.toContain('Your name');
});
