/**
 * Translations in the outputs: a panel may read a story in a translation into its own page language (the original
 * by default, the translation always labelled), a pack prints the translation under the teller's words when asked,
 * and neither shows a translation of a story it may not show, nor one of a withdrawn story.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { saveTranslation, translationsShown } from '../../server/translations/store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { addRoundStories, guestIn, participationWorld } from '../rounds/round-fixtures.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof participationWorld>>;
let spanish: Story;
let unprintable: Story;
let guest: Agent;
let facilitator: Agent;

const ORIGINAL = 'Mi abuela me enseñó a leer cuando tenía sesenta años.';
const TRANSLATED = 'My grandmother taught me to read when she was sixty.';
const UNPRINTABLE = 'translatedbutnotforpacks';

beforeAll(async () => {
  t = await testApp();
  world = await participationWorld(t);
  const { inquiry, people } = world;
  spanish = await makeStory(t.db, inquiry, { title: 'La abuela', words: ORIGINAL, language: 'es' });
  unprintable = await makeStory(t.db, inquiry, { language: 'es', consent: { packs: false } });
  await addRoundStories(t.db, world.round.id, [spanish.id, unprintable.id]);
  await saveTranslation(t.db, people.coordinator, spanish, {
    language: 'en',
    title: 'Grandmother',
    answers: [{ position: 0, value: TRANSLATED }],
  });
  await saveTranslation(t.db, people.coordinator, unprintable, {
    language: 'en',
    title: '',
    answers: [{ position: 0, value: UNPRINTABLE }],
  });
  // A translation into Spanish: an English-speaking panel is never offered it.
  await saveTranslation(t.db, people.coordinator, world.stories[0]!, {
    language: 'es',
    title: '',
    answers: [{ position: 0, value: 'traducidaalespañol' }],
  });
  guest = await guestIn(t.app, world.round.join_code);
  facilitator = await signedIn(t.app, people.facilitator.email);
}, 60_000);
afterAll(() => t.close());

const reading = (storyId: number, query = '') => `/rounds/${world.round.id}/take-part/stories/${storyId}${query}`;

describe('a panel reading a story', () => {
  it('reads the original by default, with a choice of the translation into its own language', async () => {
    const res = await guest.get(reading(spanish.id));
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain(ORIGINAL);
    expect(text).not.toContain(TRANSLATED);
    expect(text).toContain('Read this story');
    expect(decode(res.body)).toMatch(/id="read-original" name="read" value="original" checked/);
    expect(text).toContain('In a translation into English');
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('shows the translation when chosen, labelled, beside the teller’s words', async () => {
    const res = await guest.get(reading(spanish.id, '?read=translation'));
    const text = visibleText(res.body);
    expect(text).toContain(TRANSLATED);
    expect(text).toContain(ORIGINAL);
    expect(text).toContain("Told in Spanish — the storyteller's words");
    expect(text).toMatch(/Translation into English by .+, \d+ \w+ \d{4} — not the storyteller's words/);
    expect(res.body).toMatch(/<div lang="en" dir="auto">[\s\S]*My grandmother/);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('offers no choice where there is no translation into the reader’s language', async () => {
    const res = await guest.get(reading(world.stories[0]!.id, '?read=translation'));
    expect(visibleText(res.body)).not.toContain('Read this story');
    expect(res.body).not.toContain('traducidaalespañol');
  });
});

describe('a pack', () => {
  const pack = (query: string) => `/alliances/${world.alliance.id}/rounds/${world.round.id}/pack?${query}`;

  it('offers the setting, and prints the original with the labelled translation under it', async () => {
    const settings = await facilitator.get(
      `/alliances/${world.alliance.id}/rounds/${world.round.id}/pack/settings?paper=a4`,
    );
    expect(visibleText(settings.body)).toContain('Print translations beside the original');
    expect(settings.body).toContain('<option value="en">');
    const res = await facilitator.get(pack('paper=a4&translation=en'));
    expect(res.statusCode).toBe(200);
    const story = decode(res.body).split('La abuela')[1]!.split('pack-notes')[0]!;
    const text = visibleText(story);
    expect(text.indexOf(ORIGINAL)).toBeGreaterThan(-1);
    expect(text.indexOf(TRANSLATED)).toBeGreaterThan(text.indexOf(ORIGINAL));
    expect(text).toMatch(/Translation into English by .+ — not the storyteller's words/);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('prints no translation unless asked, and refuses a language it cannot understand beside the field', async () => {
    expect((await facilitator.get(pack('paper=a4'))).body).not.toContain(TRANSLATED);
    const bad = await facilitator.get(pack('paper=a4&translation=not a language'));
    expect(bad.statusCode).toBe(422);
    expect(visibleText(bad.body)).toContain('Choose a language from the list.');
  });

  it('never prints the translation of a story whose teller did not agree to packs', async () => {
    expect((await facilitator.get(pack('paper=a4&translation=en'))).body).not.toContain(UNPRINTABLE);
    expect([...(await translationsShown(t.db, world.alliance.id, [unprintable.id], 'en', 'packs')).keys()]).toEqual([]);
    expect([...(await translationsShown(t.db, world.alliance.id, [unprintable.id], 'en', 'panels')).keys()]).toEqual([
      unprintable.id,
    ]);
  });
});

describe('withdrawal', () => {
  it('takes the translation out of the panel and the pack', async () => {
    await withdrawStory(t.db, world.people.coordinator, world.people.coordinator.name, spanish);
    expect((await guest.get(reading(spanish.id, '?read=translation'))).statusCode).toBe(404);
    const res = await facilitator.get(
      `/alliances/${world.alliance.id}/rounds/${world.round.id}/pack?paper=a4&translation=en`,
    );
    expect(res.body).not.toContain(TRANSLATED);
    expect(
      await t.db.selectFrom('story_translations').select('id').where('story_id', '=', spanish.id).execute(),
    ).toEqual([]);
  });
});
