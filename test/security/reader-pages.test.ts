/**
 * A reader (the role a funder has) sees only what storytellers agreed funders may see, on every page they can
 * reach: every GET route the access matrix lets a reader through, and the round's take-part pages once a
 * facilitator has put them on its panel. The world holds a story whose teller refused funders — read by the
 * panel, chosen there with reasons, feedback sent, linked from the learning log — and no page may show its title,
 * code, words, or any teller's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { addToPanel } from '../../server/rounds/participants-store.ts';
import type { FastifyInstance } from 'fastify';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { MATRIX } from './access-matrix.ts';
import { addressIn, makeAllianceWorld, visitorFor, type AllianceWorld, type Visitor } from './matrix-world.ts';

let app: FastifyInstance;
let database: TestDatabase;
let world: AllianceWorld;
let reader: Visitor;

/** The take-part pages, reachable once the reader is on the panel (the matrix's reader has not been added). */
const TAKE_PART = MATRIX.filter((r) => r.route.startsWith('GET /rounds/:roundId/take-part')).map((r) => r.route);
/** Every other page the matrix lets a reader open; receipts and share links are opened by holding their link. */
const READER_PAGES = MATRIX.filter(
  (r) => r.route.startsWith('GET ') && r.access.reader === 'ok' && r.access.signedOut !== 'ok',
).map((r) => r.route);

beforeAll(async () => {
  database = await freshDatabase();
  app = await buildApp(testConfig({ chromiumPath: '' }), database, false);
  await app.ready();
  world = await makeAllianceWorld(database.db, 'Estuary');
  const other = await makeAllianceWorld(database.db, 'Upland');
  reader = await visitorFor(app, database.db, 'reader', world, other.people.coordinator);
  const round = await database.db
    .selectFrom('rounds')
    .selectAll()
    .where('id', '=', Number(world.params.roundId))
    .executeTakeFirstOrThrow();
  await addToPanel(
    database.db,
    { id: world.people.facilitator.id, name: world.people.facilitator.name },
    round,
    world.people.reader,
  );
  // Totals revealed, so the results page lists the stories with their votes.
  await database.db.updateTable('rounds').set({ tallies_revealed: 1 }).where('id', '=', round.id).execute();
}, 60_000);

afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('every page a reader can reach', () => {
  it('lists the pages: the alliance, reports, the report, feedback, the learning log and the round on their panel', () => {
    expect(READER_PAGES).toEqual(
      expect.arrayContaining([
        'GET /alliances/:allianceId',
        'GET /alliances/:allianceId/reports',
        'GET /alliances/:allianceId/inquiries/:inquiryId/report',
        'GET /alliances/:allianceId/rounds/:roundId/feedback',
        'GET /alliances/:allianceId/inquiries/:inquiryId/learning',
      ]),
    );
    expect(TAKE_PART.length).toBeGreaterThanOrEqual(4);
  });

  for (const route of [...READER_PAGES, ...TAKE_PART]) {
    it(`${route} shows no story kept from funders and no teller's name`, async () => {
      const res = await reader.get(addressIn(route.slice(4), world.params));
      expect([200, 303, 503], `${route} answered ${res.statusCode}`).toContain(res.statusCode); // 303: home sends on to the alliance; 503: no Chromium here
      expect(world.notForFunders.filter((secret) => res.body.includes(secret))).toEqual([]);
    });
  }

  it('still shows a reader the stories their tellers shared with funders', async () => {
    const [main] = world.stories;
    const round = await reader.get(addressIn('/rounds/:roundId/take-part', world.params));
    expect(round.body).toContain(main!.title);
    const log = await reader.get(addressIn('/alliances/:allianceId/inquiries/:inquiryId/learning', world.params));
    expect(log.body).toContain(main!.code);
  });
});
