/**
 * No query per row: the pages that list stories make the same number of queries for 3 stories as for a full page
 * of 50, so a list stays fast however many stories an inquiry holds.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { Inquiry } from '../../server/db/schema.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

/** Counts every query the app sends to the database. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('queries per list page', () => {
  let database: TestDatabase;
  const counter = new QueryCounter();
  let app: Awaited<ReturnType<typeof buildApp>>;
  let small: Inquiry;
  let full: Inquiry;
  let people: Awaited<ReturnType<typeof makeAlliance>>;

  beforeAll(async () => {
    database = await freshDatabase();
    people = await makeAlliance(database.db);
    small = await makeInquiry(database.db, people.alliance, people.coordinator, 'msc', 'Small');
    full = await makeInquiry(database.db, people.alliance, people.coordinator, 'msc', 'Full');
    for (let i = 0; i < 3; i++)
      await makeStory(database.db, small, { attributes: { 'Who are you?': 'Someone who uses services' } });
    for (let i = 0; i < 60; i++)
      await makeStory(database.db, full, { attributes: { 'Who are you?': 'Someone who uses services' } });
    app = await buildApp(testConfig(), { ...database, db: database.db.withPlugin(counter) });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function queriesFor(url: string, agent: Awaited<ReturnType<typeof signedIn>>): Promise<number> {
    await agent.get(url); // warm any per-process caches first
    counter.count = 0;
    const res = await agent.get(url);
    expect(res.statusCode).toBe(200);
    return counter.count;
  }

  it('the story list makes as many queries for 50 stories as for 3', async () => {
    const agent = await signedIn(app, people.coordinator.email);
    const base = `/alliances/${people.alliance.id}/inquiries`;
    const few = await queriesFor(`${base}/${small.id}/stories`, agent);
    const many = await queriesFor(`${base}/${full.id}/stories`, agent);
    expect(many).toBe(few);
    const res = await agent.get(`${base}/${full.id}/stories`);
    expect((res.body.match(/<tr/g) ?? []).length).toBeGreaterThanOrEqual(50); // a full page really was shown
  });

  it('the filtered and searched story list does too', async () => {
    const agent = await signedIn(app, people.coordinator.email);
    const base = `/alliances/${people.alliance.id}/inquiries`;
    const few = await queriesFor(`${base}/${small.id}/stories?q=changed&status=recorded`, agent);
    const many = await queriesFor(`${base}/${full.id}/stories?q=changed&status=recorded`, agent);
    expect(many).toBe(few);
  });
});
