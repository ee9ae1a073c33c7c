/**
 * Searching for a contraction or an elision as written ("don't", "I'm", "l'épicerie"): it finds the stories that
 * say it, with either apostrophe, and marks it whole, not every word starting with its parts. Run on SQLite and,
 * with TEST_DATABASE_URL set, on PostgreSQL: the same stories on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, User } from '../../server/db/schema.ts';
import { markWords, wordMatcher } from '../../server/stories/highlight.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let coordinator: Agent;
let list: string;
/** Each story's code, by a short name. */
const code: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  let owner: User;
  ({ alliance, coordinator: owner } = await makeAlliance(t.db, 'Contraction Alliance'));
  const inquiry: Inquiry = await makeInquiry(t.db, alliance, owner);
  coordinator = await signedIn(t.app, owner.email);
  list = `/alliances/${alliance.id}/inquiries/${inquiry.id}/stories`;
  const tell = async (name: string, title: string, words: string, language = 'en') =>
    (code[name] = (await makeStory(t.db, inquiry, { title, words, language, why: 'For us.' })).code);
  await tell('kitchen', 'Kitchen', "I don't cook much, but I'm learning through the group.");
  await tell('mum', 'Visits', 'My mum’s friend said I’m welcome; I don’t say no.'); // typographic apostrophes
  // Every part of those contractions is here, apart: "Don the", "I made", "says", "seen".
  await tell('market', 'Market', 'I made bread. Don the hat, Tom says; the s is seen by many.');
  await tell('shop', 'Courses', "Je vais à l'épicerie, d'accord, qu'il pleuve ou non.", 'fr');
  await tell('rent', 'Quartier', 'Le loyer de l’épicerie augmente pour les familles.', 'fr');
  await tell('street', 'Rue', 'Le loyer et les épiceries du quartier.', 'fr');
});
afterAll(() => t.close());

/** The codes a search lists, sorted, and the words marked in each listed story. */
async function search(q: string): Promise<{ codes: string[]; marked: Record<string, string[]> }> {
  const res = await coordinator.get(`${list}?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, q).toBe(200);
  const marked: Record<string, string[]> = {};
  for (const row of res.body.split('<tr>').slice(1)) {
    const found = /<th scope="row"[^>]*><a href="[^"]*">([A-Z]+-\d{4})/.exec(row);
    if (found)
      marked[found[1]!] = [...row.matchAll(/<mark class="search-match">([^<]*)<\/mark>/g)].map((m) =>
        m[1]!.replaceAll('&#x27;', "'"),
      );
  }
  return { codes: Object.keys(marked).sort(), marked };
}
const codes = (...names: string[]) => names.map((n) => code[n]!).sort();

describe('a contraction searched as written', () => {
  it('finds the stories that say it, with either apostrophe, not those with its parts apart', async () => {
    expect((await search("don't")).codes).toEqual(codes('kitchen', 'mum'));
    expect((await search('don’t')).codes).toEqual(codes('kitchen', 'mum'));
    expect((await search("I'm")).codes).toEqual(codes('kitchen', 'mum'));
    expect((await search("mum's")).codes).toEqual(codes('mum'));
    expect((await search("don't cook")).codes).toEqual(codes('kitchen'));
  });

  it('marks the contraction whole, and nothing starting with its parts', async () => {
    const dont = await search("don't");
    expect(dont.marked[code.kitchen!]).toEqual(["don't"]);
    expect(dont.marked[code.mum!]).toEqual(['don’t']);
    expect((await search("I'm")).marked).toEqual({ [code.kitchen!]: ["I'm"], [code.mum!]: ['I’m'] });
    expect((await search("mum's")).marked).toEqual({ [code.mum!]: ['mum’s'] });
  });

  it('still finds and marks a single word inside a contraction', async () => {
    const found = await search('don');
    expect(found.codes).toEqual(codes('kitchen', 'mum', 'market'));
    expect(found.marked[code.kitchen!]).toEqual(['don']);
  });
});

describe('a French elision searched as written', () => {
  it('finds the stories that say it, with either apostrophe', async () => {
    expect((await search("l'épicerie")).codes).toEqual(codes('shop', 'rent'));
    expect((await search('l’epicerie')).codes).toEqual(codes('shop', 'rent'));
    expect((await search("d'accord")).codes).toEqual(codes('shop'));
    expect((await search("qu'il")).codes).toEqual(codes('shop'));
    // The word after an elision may be the start of one, as a single word may.
    expect((await search("l'épic")).codes).toEqual(codes('shop', 'rent'));
  });

  it('marks the elision whole, not "le", "loyer" or "les"', async () => {
    expect((await search("l'épicerie")).marked).toEqual({
      [code.shop!]: ["l'épicerie"],
      [code.rent!]: ['l’épicerie'],
    });
  });
});

describe('a lone accent', () => {
  it('is no word to search for, alone or after an apostrophe, on either database', async () => {
    expect((await coordinator.get(`${list}?q=${encodeURIComponent('\u0301')}`)).statusCode).toBe(422);
    expect((await search("don'\u0301")).codes).toEqual(codes('kitchen', 'mum', 'market'));
  });
});

describe('marking', () => {
  it('marks a searched contraction whole in any text, and each searched word as before', () => {
    const marks = (q: string, text: string) =>
      markWords(text, 'en', wordMatcher(q))
        .filter((p) => p.mark)
        .map((p) => p.text);
    expect(marks("don't", "Don't go, don't. Don the hat, don’t!")).toEqual(["Don't", "don't", 'don’t']);
    expect(marks("don't know", "I don't know")).toEqual(["don't", 'know']);
    expect(marks("I'm", "I'm here; I must go; I'd")).toEqual(["I'm"]);
    expect(marks("rock'n", "rock'n'roll")).toEqual(["rock'n"]);
  });
});
