/** Searching stories' words from the list: whole words and beginnings, any script, and typed text never taken as query syntax. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import * as searchStems from '../../migrations/2026-12-04-2-search-stems.ts';
import { indexStory, matchesSearch } from '../../server/stories/search.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { fieldError, fieldValue } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;
let url: string;

beforeAll(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  coordinator = await signedIn(t.app, people.coordinator.email);
  url = `/alliances/${alliance.id}/inquiries/${inquiry.id}/stories`;
  await makeStory(t.db, inquiry, {
    title: 'Kitchen',
    words: 'The support worker came every week and helped me cook again in my own kitchen.',
  }); // MSC-0001
  await makeStory(t.db, inquiry, { title: 'The café', words: 'We met at the café on the corner; it felt like home.' }); // MSC-0002
  await makeStory(t.db, inquiry, {
    title: 'Quotes',
    words: `She said "don't give up" and wrote NEAR the door: OR else. Back\\slash * star.`,
  }); // MSC-0003
  await makeStory(t.db, inquiry, { title: 'घर', words: 'मेरा घर अब सुरक्षित है — my home is safe now 🏠.' }); // MSC-0004
  await makeStory(t.db, inquiry, {
    title: 'Draft words',
    words: 'A secret garden nobody else may see yet.',
    status: 'draft',
    interviewer: people.interviewer,
  }); // MSC-0005
  await makeStory(t.db, inquiry, {
    title: 'Gone',
    words: 'Withdrawn words about the garden allotment.',
    status: 'withdrawn',
  }); // MSC-0006
  const other = await makeAlliance(t.db, 'Other Alliance');
  await makeStory(t.db, await makeInquiry(t.db, other.alliance, other.coordinator), {
    words: 'Another alliance also has a kitchen story.',
  });
});
afterAll(() => t.close());

/** The codes the list shows for a search (and the status it answered with). */
async function search(
  q: string,
  as: Agent = coordinator,
  list = url,
): Promise<{ status: number; codes: string[]; body: string }> {
  const res = await as.get(`${list}?q=${encodeURIComponent(q)}`);
  return {
    status: res.statusCode,
    codes: [...res.body.matchAll(/<th scope="row"[^>]*><a href="[^"]*">([A-Z]+-\d{4})/g)].map((m) => m[1]!).sort(),
    body: res.body,
  };
}

describe('searching the list', () => {
  it('finds a story by a word from the middle of it, and by the start of a word', async () => {
    expect((await search('helped')).codes).toEqual(['MSC-0001']);
    expect((await search('suppo')).codes).toEqual(['MSC-0001']);
    expect((await search('KITCHEN')).codes).toEqual(['MSC-0001']); // case does not matter; the other alliance's is not shown
  });

  it('needs every word typed', async () => {
    expect((await search('cook kitchen')).codes).toEqual(['MSC-0001']);
    expect((await search('cook corner')).codes).toEqual([]);
  });

  it('finds accented words as typed, on both databases', async () => {
    expect((await search('café')).codes).toEqual(['MSC-0002']);
    expect((await search('cafe\u0301')).codes).toEqual(['MSC-0002']); // é typed as e + combining accent
  });

  it('finds "café" from "cafe", on both databases', async () => {
    expect((await search('cafe')).codes).toEqual(['MSC-0002']);
  });

  it('finds words of other scripts, and ignores emoji around a word', async () => {
    expect((await search('घर')).codes).toEqual(['MSC-0004']);
    expect((await search('🏠 safe')).codes).toEqual(['MSC-0004']);
    // A word written with combining vowel signs is one word.
    expect((await search('सुरक्षित')).codes).toEqual(['MSC-0004']);
  });

  it('takes quotes, stars, operators and backslashes as plain text, never as query syntax', async () => {
    for (const q of [
      '"don\'t',
      "don't",
      'NEAR(',
      'NEAR(door',
      'OR',
      'AND',
      'NOT',
      '* star',
      'back\\slash',
      "'",
      '\\',
      ')(',
      '-star',
      'star:*',
      '^star',
      'door OR',
      '"""',
      'it\'s " OR 1=1 --',
    ]) {
      const result = await search(q);
      expect([200, 422], q).toContain(result.status);
      if (result.status === 422)
        expect(fieldError(result.body, 'q'), q).toBe('Type at least one word of letters or numbers to search for.');
      else
        expect(
          result.codes.every((c) => c === 'MSC-0003' || c === 'MSC-0001'),
          `${q}: ${result.codes.join(',')}`,
        ).toBe(true);
    }
    expect((await search('NEAR(door')).codes).toEqual(['MSC-0003']);
    expect((await search('OR else')).codes).toEqual(['MSC-0003']);
    expect((await search('back\\slash')).codes).toEqual(['MSC-0003']);
  });

  it('asks for a word when the search has none (only punctuation or emoji), keeping what was typed', async () => {
    for (const q of ['"', '*', '🏠👍', '…', "'"]) {
      const result = await search(q);
      expect(result.status, q).toBe(422);
      expect(fieldValue(result.body, 'q'), q).toBe(q);
    }
  });

  it('does not find withdrawn stories, nor others’ drafts', async () => {
    expect((await search('allotment')).codes).toEqual([]);
    expect((await search('garden')).codes).toEqual(['MSC-0005']); // the coordinator sees drafts
    const facilitator = await signedIn(t.app, people.facilitator.email);
    expect((await search('garden', facilitator)).codes).toEqual([]);
    expect((await search('garden', await signedIn(t.app, people.interviewer.email))).codes).toEqual(['MSC-0005']);
  });
});

describe('an inquiry told in English, French and Arabic', () => {
  let codes: Record<string, string>;
  let list: string;
  let mixedId: number;
  beforeAll(async () => {
    const mixed = await makeInquiry(t.db, alliance, people.coordinator);
    list = `/alliances/${alliance.id}/inquiries/${mixed.id}/stories`;
    mixedId = mixed.id;
    const tell = async (language: string, words: string) =>
      (await makeStory(t.db, mixed, { title: 'Ensemble', words, language })).code;
    codes = {
      en: await tell('en', 'The children walk to the new school together with a volunteer.'),
      fr: await tell('fr', "Les enfants vont ensemble à l'école, avec une bénévole du quartier."),
      ar: await tell('ar', 'أصبح الأطفال يذهبون معاً إلى المدرسة الجديدة مع متطوعة من الحي.'),
    };
  });
  const found = async (q: string) => (await search(q, coordinator, list)).codes;

  it('finds each story by a word in its own language, in another form than the story used', async () => {
    expect(await found('walking')).toEqual([codes.en]);
    expect(await found('écoles')).toEqual([codes.fr]);
    expect(await found('مدرسة')).toEqual([codes.ar]);
    expect(await found('طفل')).toEqual([]); // a broken plural is another word: no false claim of a match
  });

  it('finds Arabic typed with or without its vowel marks and hamza', async () => {
    expect(await found('مَدْرَسَة')).toEqual([codes.ar]);
    expect(await found('الاطفال')).toEqual([codes.ar]);
  });

  it('finds by a word the stories share, in each language at once', async () => {
    expect(await found('Ensemble')).toEqual(Object.values(codes).sort());
  });

  it('finds by stem in a database indexed before stems were, once migrated', async () => {
    // As an earlier Hearth indexed it: the words alone (English stems nothing in Arabic).
    const ar = await t.db
      .selectFrom('stories')
      .select(['id', 'title'])
      .where('code', '=', codes.ar!)
      .where('inquiry_id', '=', mixedId)
      .executeTakeFirstOrThrow();
    await indexStory(t.db, ar.id, `${ar.title} أصبح الأطفال يذهبون معاً إلى المدرسة الجديدة مع متطوعة من الحي.`, 'en');
    expect(await found('مدرسة')).toEqual([]);
    await searchStems.up(t.db);
    expect(await found('مدرسة')).toEqual([codes.ar]);
  });
});

describe('matchesSearch', () => {
  const codesMatching = async (q: string) =>
    (
      await t.db
        .selectFrom('stories')
        .select('code')
        .where('alliance_id', '=', alliance.id)
        .where(matchesSearch(t.db, q))
        .orderBy('code')
        .execute()
    ).map((r) => r.code);

  it('matches nothing of a withdrawn story, whatever its words were', async () => {
    expect(await codesMatching('Withdrawn')).toEqual([]);
    expect(await codesMatching('allotment')).toEqual([]);
  });

  it('is one condition that works with the rest of a query', async () => {
    expect(await codesMatching('home')).toEqual(['MSC-0002', 'MSC-0004']);
  });
});
