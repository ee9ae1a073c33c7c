/**
 * What a search shows: the newest matches only (a bounded set, so a common word costs no more than a rare one),
 * ranked by the searched words in each title and then newest first, the same on SQLite and PostgreSQL; an honest
 * count ("more than 1,000"); and the searched words marked in each result's title and excerpt.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { openSqlite, type Db } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { listStories, patternStories, type SearchBounds, type Viewer } from '../../server/stories/list-store.ts';
import { excerpt, wordMatcher } from '../../server/stories/highlight.ts';
import { indexStory, matchesSearch, newestInRanges, planSearch, type SearchHow } from '../../server/stories/search.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, testPostgresUrl, type TestDatabase } from '../helpers/db.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let coordinator: Agent;

beforeAll(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Search Alliance'));
  coordinator = await signedIn(t.app, people.coordinator.email);
});
afterAll(() => t.close());

/**
 * `n` copies of one harvest story, written straight into the tables (making each through the stores would take a
 * minute), each with its search entry as the store writes it.
 */
async function harvests(db: Db, inquiry: Inquiry, n: number) {
  const first = await makeStory(db, inquiry, { title: 'Harvest', words: 'The harvest was good.' });
  const {
    id: _id,
    code: _code,
    public_token: _token,
    receipt_hash: _hash,
    ...row
  } = first as typeof first & {
    public_token?: string | null;
    receipt_hash?: string | null;
  };
  await db.transaction().execute(async (trx) => {
    for (let from = 2; from <= n; from += 500) {
      const rows = Array.from({ length: Math.min(500, n + 1 - from) }, (_, i) => ({
        ...row,
        code: `H-${String(from + i).padStart(5, '0')}`,
      }));
      const ids = await trx.insertInto('stories').values(rows).returning('id').execute();
      for (const { id } of ids) await indexStory(trx, id, `Harvest\nThe harvest was good in field ${id}.`, 'en', true);
    }
  });
}

/** The codes a search lists, in the order shown, with its count. */
async function searched(db: Db, inquiry: Inquiry, viewer: Viewer, q: string, bounds?: SearchBounds, page = 1) {
  const result = await listStories(db, inquiry, viewer, { attributes: [], search: q }, page, 50, bounds);
  return { ...result, codes: result.stories.map((s) => s.code) };
}

/** Stories for ranking, oldest first: the words and titles make the expected order plain. */
const RIVER_STORIES: { title: string; words: string; language?: string }[] = [
  { title: 'The river walk', words: 'We walked by the river every week.' }, // 1: title match, oldest
  { title: 'River, river', words: 'The river flooded twice.' }, // 2: two title matches
  { title: 'Market day', words: 'I sold bread near the river.' }, // 3
  { title: 'Rivers of the town', words: 'Rivers join near my house.' }, // 4: title by prefix
  { title: 'A quiet week', words: 'Nothing about water here.' }, // 5: no match
  { title: 'School', words: 'The children cross the river bridge to school.' }, // 6
  { title: 'Le fleuve', words: 'Nous avons marché au bord de la river.', language: 'fr' }, // 7
  { title: 'Home', words: 'The riverside path was lit at last.' }, // 8: prefix match in the words
];

async function seedRivers(db: Db, name: string): Promise<{ inquiry: Inquiry; viewer: Viewer }> {
  const made = await makeAlliance(db, name);
  const inquiry = await makeInquiry(db, made.alliance, made.coordinator);
  for (const s of RIVER_STORIES) await makeStory(db, inquiry, s);
  return { inquiry, viewer: { userId: made.coordinator.id, role: 'coordinator' } };
}

describe('ranking a bounded set of matches', () => {
  let inquiry: Inquiry;
  let viewer: Viewer;
  beforeAll(async () => ({ inquiry, viewer } = await seedRivers(t.db, 'Rivers')));

  it('lists titles with more searched words first, then the newest, and counts every match under the bound', async () => {
    const all = await searched(t.db, inquiry, viewer, 'river');
    expect(all.codes).toEqual(['MSC-0002', 'MSC-0004', 'MSC-0001', 'MSC-0008', 'MSC-0007', 'MSC-0006', 'MSC-0003']);
    expect([all.total, all.capped, all.pageable]).toEqual([7, false, 7]);
  });

  it('ranks only the newest candidates, and says there are more: an older match past the bound is not listed', async () => {
    const bounded = await searched(t.db, inquiry, viewer, 'river', { candidates: 4 });
    // The newest four matches (8, 7, 6, 4), story 4's title first; 1 and 2 match in their titles but are older.
    expect(bounded.codes).toEqual(['MSC-0004', 'MSC-0008', 'MSC-0007', 'MSC-0006']);
    expect([bounded.total, bounded.capped, bounded.pageable]).toEqual([4, true, 4]);
  });

  it('says there are no more when the bound holds every match exactly', async () => {
    const exact = await searched(t.db, inquiry, viewer, 'river', { candidates: 7 });
    expect([exact.total, exact.capped, exact.pageable]).toEqual([7, false, 7]);
  });

  it('pages through the ranked candidates', async () => {
    const second = await listStories(t.db, inquiry, viewer, { attributes: [], search: 'river' }, 2, 3);
    expect(second.stories.map((s) => s.code)).toEqual(['MSC-0008', 'MSC-0007', 'MSC-0006']);
  });
});

describe('the same stories on SQLite and PostgreSQL', () => {
  const dbs: { name: string; db: Db; drop: () => Promise<void> }[] = [];
  beforeAll(async () => {
    const sqlite = openSqlite(':memory:');
    await migrateToLatest(sqlite.db, 'sqlite');
    dbs.push({ name: 'SQLite', db: sqlite.db, drop: () => sqlite.db.destroy() });
    if (testPostgresUrl) {
      const postgres: TestDatabase = await freshDatabase();
      dbs.push({ name: 'PostgreSQL', db: postgres.db, drop: () => postgres.drop() });
    } else console.log('Only SQLite compared: set TEST_DATABASE_URL to compare PostgreSQL with it.');
  });
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('lists the same stories in the same order, as specified, for words, stems, accents and Arabic', async () => {
    const mixed = [
      ...RIVER_STORIES,
      { title: 'Écoles du quartier', words: "L'école a rouvert ses portes.", language: 'fr' }, // 9
      { title: 'Walking', words: 'She walks to the river with the écoles group.' }, // 10
      { title: 'التعليم', words: 'ذهبت إلى المدرسة الجديدة مع أخي.', language: 'ar' }, // 11
      { title: 'Café', words: 'We met at the cafe by the river.' }, // 12
    ];
    const orders: Record<string, Record<string, string[]>> = {};
    for (const { name, db } of dbs) {
      const made = await makeAlliance(db, 'Same Alliance');
      const inquiry = await makeInquiry(db, made.alliance, made.coordinator);
      for (const s of mixed) await makeStory(db, inquiry, s);
      const viewer: Viewer = { userId: made.coordinator.id, role: 'coordinator' };
      orders[name] = {};
      for (const q of ['river', 'école', 'walking', 'مدرسة', 'cafe', 'river bridge'])
        orders[name][q] = (await searched(db, inquiry, viewer, q, { candidates: 6 })).codes;
    }
    expect(orders.SQLite).toEqual({
      // Newest six matches: 12, 10, 8, 7, 6, 4; titles first.
      river: ['MSC-0004', 'MSC-0012', 'MSC-0010', 'MSC-0008', 'MSC-0007', 'MSC-0006'],
      école: ['MSC-0009', 'MSC-0010'],
      walking: ['MSC-0010', 'MSC-0001'],
      مدرسة: ['MSC-0011'],
      cafe: ['MSC-0012'],
      'river bridge': ['MSC-0006'],
    });
    if (orders.PostgreSQL) expect(orders.PostgreSQL).toEqual(orders.SQLite);
  });

  it('finds the same stories on PostgreSQL walking the newest, through the index, and in ranges of ids', async () => {
    const postgres = dbs.find((d) => d.name === 'PostgreSQL');
    if (!postgres) return console.log('Skipped: set TEST_DATABASE_URL to walk a common word on PostgreSQL.');
    const { db } = postgres;
    const ids = async (q: string, how: SearchHow, limit = 10_000) =>
      (
        await db
          .selectFrom('stories')
          .select('id')
          .where(matchesSearch(db, q, how))
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      ).map((r) => r.id);
    for (const q of ['river', 'école', 'مدرسة', 'river bridge']) {
      const all = await ids(q, {});
      expect(all.length, q).toBeGreaterThan(0);
      expect(await ids(q, { walk: true }), q).toEqual(all);
      // The newest three from ranges of ids, the first as wide as every story or only twelve ids (then further).
      const plan = await planSearch(db, q, 3);
      for (const stories of [1, 100 * plan.newest]) {
        const ranged = await newestInRanges(db, { ...plan, stories }, 3, (range, limit) =>
          ids(q, { ids: range }, limit),
        );
        expect(ranged, `${q}, first range for ${stories} stories`).toEqual(all.slice(0, 3));
      }
    }
    // With the statistics gathered, a word in most stories is common enough to walk for a page of 10; a rare one is
    // not. The planner keeps a word's frequency from a few hundred stories, when they are not all alike.
    const made = await makeAlliance(db, 'Harvest Alliance');
    await harvests(db, await makeInquiry(db, made.alliance, made.coordinator), 300);
    await sql`ANALYZE story_search`.execute(db);
    expect((await planSearch(db, 'harvest', 10)).walk).toBe(true);
    expect((await planSearch(db, 'cafe', 10)).walk).toBe(false);
  });
});

describe('a search combined with filters', () => {
  it('keeps the domain, status and storyteller filters, drafts private, and other alliances out', async () => {
    const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
    const guide = await loadGuide(t.db, inquiry);
    const who = guide.attributes.find((a) => a.label === 'Who are you?')!;
    const tell = async (words: string, options: Parameters<typeof makeStory>[2] = {}) =>
      (await makeStory(t.db, inquiry, { words, ...options })).code;
    const worker = await tell('The garden grew.', { domain: 0, attributes: { 'Who are you?': 'Worker' } });
    const citizen = await tell('The garden grew.', { domain: 0, attributes: { 'Who are you?': 'Citizen' } });
    const otherDomain = await tell('The garden grew.', { domain: 1, attributes: { 'Who are you?': 'Worker' } });
    const verified = await tell('The garden grew.', { domain: 0, status: 'verified' });
    await tell('The garden grew, a draft.', { status: 'draft', domain: null, interviewer: people.interviewer });
    const other = await makeAlliance(t.db, 'Other Search Alliance');
    await makeStory(t.db, await makeInquiry(t.db, other.alliance, other.coordinator), { words: 'The garden grew.' });

    const codes = async (query: string, as: Agent = coordinator) => {
      const res = await as.get(`/alliances/${alliance.id}/inquiries/${inquiry.id}/stories?${query}`);
      expect(res.statusCode).toBe(200);
      return [...res.body.matchAll(/<th scope="row"[^>]*><a href="[^"]*">([A-Z]+-\d{4})/g)].map((m) => m[1]!).sort();
    };
    const domain = guide.domains[0]!.id;
    expect(await codes(`q=garden&domain=${domain}&a${who.id}=Worker`)).toEqual([worker]);
    expect(await codes(`q=garden&domain=${domain}`)).toEqual([worker, citizen, verified].sort());
    expect(await codes(`q=garden&status=verified`)).toEqual([verified]);
    expect(await codes(`q=garden&domain=${guide.domains[1]!.id}`)).toEqual([otherDomain]);
    expect((await codes('q=garden')).length).toBe(5); // the coordinator sees the draft; the other alliance's is out
    expect((await codes('q=garden', await signedIn(t.app, people.facilitator.email))).length).toBe(4);
    // The patterns of the same search count the same stories an output may show (never a draft).
    const viewer: Viewer = { userId: people.coordinator.id, role: 'coordinator' };
    const patterned = await patternStories(
      t.db,
      inquiry,
      viewer,
      { attributes: [], search: 'garden', domainId: domain },
      1000,
    );
    expect(patterned).toHaveLength(3);
  });
});

describe('the results page', () => {
  let list: string;
  beforeAll(async () => {
    const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
    list = `/alliances/${alliance.id}/inquiries/${inquiry.id}/stories`;
    await makeStory(t.db, inquiry, {
      title: '<script>alert("écoles")</script>',
      words: `Avant, l'école était loin. <b>Maintenant</b> les écoles sont près de chez nous.`,
      language: 'fr',
    });
    await makeStory(t.db, inquiry, {
      title: 'التعليم',
      words: 'ذهبت إلى المدرسة الجديدة مع أخي كل صباح.',
      language: 'ar',
    });
  });

  it('marks the searched words in titles and excerpts, by stem and without accents, escaping the text', async () => {
    const res = await coordinator.get(`${list}?q=${encodeURIComponent('écoles')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<b>Maintenant');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;<mark class="search-match">écoles</mark>&quot;)');
    const excerpt = /<p class="story-list__excerpt"[^>]*>(.*?)<\/p>/.exec(res.body)?.[1];
    expect(excerpt).toBe(
      'Avant, l&#x27;<mark class="search-match">école</mark> était loin. &lt;b&gt;Maintenant&lt;/b&gt; les <mark class="search-match">écoles</mark> sont près de chez nous. Because it mattered to me.',
    );
    const unaccented = await coordinator.get(`${list}?q=ecole`);
    expect(unaccented.body).toContain('<mark class="search-match">école</mark>');
  });

  it('marks an Arabic word found by its stem', async () => {
    const res = await coordinator.get(`${list}?q=${encodeURIComponent('مدرسة')}`);
    expect(res.body).toContain('<mark class="search-match">المدرسة</mark>');
    expect(res.body.match(/<mark/g)).toHaveLength(1);
  });
});

describe('a word in more stories than can be listed', () => {
  let list: string;
  beforeAll(async () => {
    // 1,001 copies of one story, written straight into the tables (making each through the stores would take a
    // minute), each with its search entry as the store writes it.
    const inquiry = await makeInquiry(t.db, alliance, people.coordinator);
    list = `/alliances/${alliance.id}/inquiries/${inquiry.id}/stories`;
    await harvests(t.db, inquiry, 1001);
  });

  it('says more than 1000 match, that only the newest 1000 can be listed, and pages only those', async () => {
    const res = await coordinator.get(`${list}?q=harvest`);
    expect(res.statusCode).toBe(200);
    const text = res.body.replace(/<[^>]+>/g, '').replace(/[\u2068\u2069]/g, '');
    expect(text).toContain('Showing 1–50 of more than 1000 stories');
    expect(text).toContain(
      'Only the newest 1000 matching stories can be listed here. To find others, narrow the search with a filter or another word.',
    );
    const links = res.body.replaceAll('&#x3D;', '=');
    expect(links).toContain('q=harvest&amp;page=20"');
    expect(links).not.toContain('page=21');
    const last = await coordinator.get(`${list}?q=harvest&page=20`);
    expect(last.body.replace(/<[^>]+>/g, '').replace(/[\u2068\u2069]/g, '')).toContain(
      'Showing 951–1000 of more than 1000 stories',
    );
    const beyond = await coordinator.get(`${list}?q=harvest&page=21`);
    expect(beyond.body).toContain('There are no stories on page');
  });

  it('says it in Spanish, French and Arabic too', async () => {
    const speaks = async (language: string) => {
      await t.db.updateTable('users').set({ language }).where('id', '=', people.coordinator.id).execute();
    };
    onTestFinished(() => speaks('en'));
    for (const [lang, words] of [
      ['es', 'de más de 1000'],
      ['fr', 'sur plus de 1000'],
      ['ar', 'من أكثر من'],
    ] as const) {
      await speaks(lang);
      const res = await coordinator.get(`${list}?q=harvest`);
      expect(res.body.replace(/[\u2068\u2069]/g, ''), lang).toContain(words);
    }
  });
});

describe('an excerpt', () => {
  it('shows whole words around the first searched word, with … where the words were cut', () => {
    const before = Array.from({ length: 40 }, (_, i) => `before${i}`).join(' ');
    const after = Array.from({ length: 60 }, (_, i) => `after${i}`).join(' ');
    const parts = excerpt(`${before}\n${'Our garden grew'} ${after}`, 'en', wordMatcher('gardening'));
    const text = parts.map((p) => p.text).join('');
    expect(text.startsWith('… before')).toBe(true);
    expect(text.endsWith(' …')).toBe(true);
    expect(text).toMatch(/^… before\d+ .* Our garden grew after0 .* after\d+ …$/);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['garden']);
    expect(text.length).toBeLessThan(240);
  });

  it('shows the start of the words when only the title matched', () => {
    const text = excerpt('Nothing here matches at all.', 'en', wordMatcher('garden'));
    expect(text).toEqual([{ text: 'Nothing here matches at all.', mark: false }]);
  });
});
