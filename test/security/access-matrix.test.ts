/**
 * The authorisation matrix (issue 9): every route, as each of seven visitors — signed out, a guest who joined a
 * round with its code, reader, interviewer, facilitator, coordinator, and a member of another alliance — gets what
 * access-matrix.ts says. A route without a row (or a row without a route) fails the test. And nobody reads another
 * alliance's stories: no refusal and no page of one alliance shows another's stories, and an id of the other
 * alliance swapped into this alliance's address is 404.
 */
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { addMember } from '../../server/accounts/members-store.ts';
import { makePerson, testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { heading } from '../helpers/pages.ts';
import { MATRIX, type Row } from './access-matrix.ts';
import {
  addressIn,
  makeAllianceWorld,
  ROLES,
  visitorFor,
  type AllianceWorld,
  type Role,
  type Visitor,
} from './matrix-world.ts';

const A = '/alliances/:allianceId';
const registered: string[] = [];
let app: FastifyInstance;
let database: TestDatabase;
/** This alliance (whose routes the matrix visits) and the other one. */
let home: AllianceWorld;
let away: AllianceWorld;
const visitors = new Map<Role, Visitor>();
const worlds: AllianceWorld[] = [];

function remember(route: RouteOptions): void {
  for (const method of [route.method].flat()) registered.push(`${method} ${route.url}`);
}

beforeAll(async () => {
  database = await freshDatabase();
  // No Chromium: the PDF routes answer 503 "not on this server" rather than printing (printing is tested elsewhere).
  // A speech-to-text command is set (never run: jobs are off), so the draft-transcript routes are there to check.
  const transcribeCommand = [process.execPath, '-e', ''];
  app = await buildApp(testConfig({ chromiumPath: '', transcribeCommand }), database, false, { onRoute: remember });
  await app.ready();
  home = await makeAllianceWorld(database.db, 'Harbour');
  away = await makeAllianceWorld(database.db, 'Moorland');
  worlds.push(home, away);
  for (const role of ROLES) visitors.set(role, await visitorFor(app, database.db, role, home, away.people.coordinator));
}, 60_000);

afterAll(async () => {
  await app.close();
  await database.drop();
});

/** What the visitor got, in the matrix's words (anything else — a 500, a CSRF refusal, a rate limit — is a failure). */
function outcomeOf(res: LightMyRequestResponse): string {
  const location = String(res.headers.location ?? '');
  if (res.statusCode === 303 && /^\/sign-in(\?next=|$)/.test(location)) return 'sign-in';
  if (res.statusCode === 401 && /"status":"signIn"/.test(res.body)) return 'sign-in'; // a script's JSON route
  if (res.statusCode === 403) return heading(res.body) === 'This form had expired' ? 'csrf refused' : 'forbidden';
  if (res.statusCode === 404) return 'not-found';
  if (res.statusCode === 410) return 'gone';
  if (res.statusCode === 429) return 'rate-limited';
  if (res.statusCode >= 500 && res.statusCode !== 503) return `error ${res.statusCode}`;
  return 'ok';
}

async function send(visitor: Visitor, row: Row, params: Record<string, string>): Promise<LightMyRequestResponse> {
  const [method, pattern] = row.route.split(' ') as [string, string];
  const value = (v: string) => (v.startsWith(':') ? params[v.slice(1)]! : v);
  const url = addressIn(pattern, params);
  if (method === 'GET')
    return visitor.get(
      row.query
        ? `${url}?${new URLSearchParams(row.query.split('&').map((p) => p.split('=').map(value) as [string, string]))}`
        : url,
    );
  const fields = Object.fromEntries(Object.entries(row.fields ?? {}).map(([k, v]) => [k, value(v)]));
  return visitor.post(url, fields);
}

/** Story words of any alliance but `own` (and of `own` too when the answer was a refusal) found in the answer. */
function leaks(res: LightMyRequestResponse, own: AllianceWorld, refused: boolean): string[] {
  return worlds
    .filter((w) => w !== own || refused)
    .flatMap((w) => w.secrets.filter((secret) => res.body.includes(secret)));
}

let fresh = 0;

/**
 * A new alliance of its own for a role let through a row that changes things, with a browser for that role (for
 * the other alliance, a new coordinator of it: signing out ends all of a person's sessions).
 */
async function freshWorld(role: Role): Promise<{ world: AllianceWorld; visitor: Visitor }> {
  const world = await makeAllianceWorld(database.db, `Fresh${++fresh}x`);
  worlds.push(world);
  const outsider = await makePerson(database.db, `Moorland coordinator ${fresh}`);
  await addMember(database.db, away.people.coordinator, away.alliance.id, outsider.id, 'coordinator', null);
  return { world, visitor: await visitorFor(app, database.db, role, world, outsider) };
}

describe('the matrix', () => {
  it('has a row for every route Hearth serves, and a route for every row', () => {
    const served = registered
      .filter((r) => !r.startsWith('HEAD ') || !registered.includes(`GET ${r.slice(5)}`))
      .filter((r) => !/^\w+ \/static\/\*$/.test(r));
    const listed = MATRIX.map((r) => r.route);
    const missing = served.filter((r) => !listed.includes(r));
    const stale = listed.filter((r) => !served.includes(r));
    const twice = listed.filter((r, i) => listed.indexOf(r) !== i);
    expect(
      { missing, stale, twice },
      'routes without a row in test/security/access-matrix.ts, rows without a route, rows given twice',
    ).toEqual({ missing: [], stale: [], twice: [] });
  });

  it('keeps every alliance page from visitors who are not members: sign-in for the signed out and guests, 404 for another alliance', () => {
    const outside = MATRIX.filter((r) => r.route.split(' ')[1]!.startsWith(A)).map((r) => ({
      route: r.route,
      signedOut: r.access.signedOut,
      guest: r.access.guest,
      otherAlliance: r.access.otherAlliance,
    }));
    expect(outside.length).toBeGreaterThan(100);
    for (const row of outside)
      expect(row).toEqual({ route: row.route, signedOut: 'sign-in', guest: 'sign-in', otherAlliance: 'not-found' });
  });
});

describe('each route, as each visitor', () => {
  for (const row of MATRIX) {
    it(row.route, async () => {
      const got: Record<string, string> = {};
      const leaked: string[] = [];
      for (const role of ROLES) {
        const { world, visitor } =
          row.changes && row.access[role] === 'ok'
            ? await freshWorld(role)
            : { world: home, visitor: visitors.get(role)! };
        const res = await send(visitor, row, world.params);
        got[role] = outcomeOf(res);
        leaked.push(...leaks(res, world, got[role] !== 'ok').map((secret) => `${role}: ${secret}`));
        const hidden = [
          ...(role === 'coordinator' || role === 'interviewer' ? [] : world.draft),
          ...(row.route.includes('/take-part') ? world.notForPanels : []),
          // (A receipt is the teller's own: whoever holds its link reads their own story.)
          ...(role === 'reader' && !row.route.includes('/receipt/') ? world.notForFunders : []),
        ];
        leaked.push(...hidden.filter((secret) => res.body.includes(secret)).map((secret) => `${role}: ${secret}`));
      }
      expect(got).toEqual(row.access);
      expect(leaked, 'story words shown where they must not be').toEqual([]);
    });
  }
});

describe("nobody reads another alliance's stories", () => {
  /** The ids in a route's pattern (not the alliance, not a position like :n, not a pattern's dimension names). */
  const NOT_IDS = ['allianceId', 'n', 'dimension', 'by'];
  const idsIn = (row: Row) =>
    [...row.route.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!).filter((name) => !NOT_IDS.includes(name));

  it("gives 404, and none of its words, for the other alliance's inquiry, story, round or anything else put in this alliance's address", async () => {
    const coordinator = visitors.get('coordinator')!;
    const failures: string[] = [];
    for (const row of MATRIX.filter((r) => r.route.split(' ')[1]!.startsWith(`${A}/`))) {
      for (const name of idsIn(row)) {
        const res = await send(coordinator, row, { ...home.params, [name]: away.params[name]! });
        const shown = away.secrets.filter((secret) => res.body.includes(secret));
        if (res.statusCode !== 404 || shown.length > 0)
          failures.push(`${row.route} with the other alliance's :${name} -> ${res.statusCode} ${shown.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("gives a guest, and a member, 404 for another round's take-part pages and for stories outside their round", async () => {
    const failures: string[] = [];
    for (const role of ['guest', 'coordinator'] as const) {
      for (const row of MATRIX.filter((r) => r.route.includes('/take-part'))) {
        for (const name of idsIn(row)) {
          const res = await send(visitors.get(role)!, row, { ...home.params, [name]: away.params[name]! });
          const shown = away.secrets.filter((secret) => res.body.includes(secret));
          if (res.statusCode !== 404 || shown.length > 0)
            failures.push(
              `${role}: ${row.route} with the other round's :${name} -> ${res.statusCode} ${shown.join(', ')}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("takes no notice of the other alliance's ids sent in forms and queries, and links nothing across", async () => {
    const coordinator = visitors.get('coordinator')!;
    const { storyId, tagId, themeId, roundId } = away.params as Record<string, string>;
    const awayCode = away.stories[0]!.code;
    const tries: [string, Record<string, string>][] = [
      [`GET ${A}/rounds/:roundId/pack?chosen=1&story[]=${storyId}`, {}],
      [`GET ${A}/inquiries/:inquiryId/pack?chosen=1&story[]=${storyId}`, {}],
      [`POST ${A}/stories/:storyId/tags`, { tagId: tagId! }],
      [`POST ${A}/stories/:storyId/suggestions/tag`, { tagId: tagId! }],
      [`POST ${A}/inquiries/:inquiryId/codebook`, { name: 'Borrowed parent', parentId: tagId! }],
      [`POST ${A}/inquiries/:inquiryId/codebook/:tagId/merge`, { into: tagId! }],
      [`POST ${A}/themes/:themeId/merge`, { into: themeId! }],
      [
        `POST ${A}/inquiries/:inquiryId/learning`,
        { kind: 'learned', text: 'Borrowed links', status: 'open', stories: awayCode, 'rounds[]': roundId! },
      ],
    ];
    const failures: string[] = [];
    for (const [route, fields] of tries) {
      const [method, address] = route.split(' ') as [string, string];
      const [pattern, query] = address.split('?') as [string, string | undefined];
      const url = `${addressIn(pattern, home.params)}${query ? `?${query}` : ''}`;
      const res = method === 'GET' ? await coordinator.get(url) : await coordinator.post(url, fields);
      // What was typed comes back in the form, of course; nothing else of the other alliance may.
      const shown = away.secrets.filter(
        (secret) => res.body.includes(secret) && !Object.values(fields).includes(secret),
      );
      if (res.statusCode >= 500 || shown.length > 0) failures.push(`${route} -> ${res.statusCode} ${shown.join(', ')}`);
    }
    expect(failures).toEqual([]);
    const db = database.db;
    const across = {
      roundStories: await db
        .selectFrom('round_stories')
        .innerJoin('rounds', 'rounds.id', 'round_stories.round_id')
        .innerJoin('stories', 'stories.id', 'round_stories.story_id')
        .whereRef('rounds.alliance_id', '!=', 'stories.alliance_id')
        .select('round_stories.story_id')
        .execute(),
      storyTags: await db
        .selectFrom('story_tags')
        .innerJoin('tags', 'tags.id', 'story_tags.tag_id')
        .innerJoin('stories', 'stories.id', 'story_tags.story_id')
        .whereRef('tags.inquiry_id', '!=', 'stories.inquiry_id')
        .select('story_tags.id')
        .execute(),
      tagParents: await db
        .selectFrom('tags')
        .innerJoin('tags as parent', 'parent.id', 'tags.parent_id')
        .whereRef('tags.inquiry_id', '!=', 'parent.inquiry_id')
        .select('tags.id')
        .execute(),
      learningStories: await db
        .selectFrom('learning_links')
        .innerJoin('learning_items', 'learning_items.id', 'learning_links.item_id')
        .innerJoin('stories', 'stories.id', 'learning_links.story_id')
        .whereRef('learning_items.inquiry_id', '!=', 'stories.inquiry_id')
        .select('learning_links.item_id')
        .execute(),
      learningRounds: await db
        .selectFrom('learning_links')
        .innerJoin('learning_items', 'learning_items.id', 'learning_links.item_id')
        .innerJoin('rounds', 'rounds.id', 'learning_links.round_id')
        .whereRef('learning_items.inquiry_id', '!=', 'rounds.inquiry_id')
        .select('learning_links.item_id')
        .execute(),
      themes: await db
        .selectFrom('themes')
        .innerJoin('themes as into', 'into.id', 'themes.merged_into')
        .whereRef('themes.run_id', '!=', 'into.run_id')
        .select('themes.id')
        .execute(),
    };
    expect(across).toEqual({
      roundStories: [],
      storyTags: [],
      tagParents: [],
      learningStories: [],
      learningRounds: [],
      themes: [],
    });
  });
});
