/**
 * A translation longer than Hearth keeps is refused beside its box with the limit stated, in the page's language,
 * and what was typed is still in the box to shorten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Story, User } from '../../server/db/schema.ts';
import { ANSWER_MAX } from '../../server/stories/capture.ts';
import { storyTranslations } from '../../server/translations/store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { decode, fieldError } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let world: { alliance: Alliance; coordinator: User };
let story: Story;
let coordinator: Agent;
let storyUrl: string;

beforeAll(async () => {
  t = await testApp();
  world = await makeAlliance(t.db);
  const inquiry = await makeInquiry(t.db, world.alliance, world.coordinator);
  story = await makeStory(t.db, inquiry, { words: 'Cuando cerraron la clínica…', language: 'es' });
  coordinator = await signedIn(t.app, world.coordinator.email);
  storyUrl = `/alliances/${world.alliance.id}/stories/${story.id}`;
}, 60_000);
afterAll(() => t.close());

describe('a translation that is too long', () => {
  it('says the limit beside the box, in each language, keeping what was typed', async () => {
    const { position } = await t.db
      .selectFrom('story_answers')
      .select('position')
      .where('story_id', '=', story.id)
      .where('kind', '=', 'story')
      .executeTakeFirstOrThrow();
    const field = `answer-${position}`;
    // Just over the limit, ending in words to find again in the box.
    const typed = `${'x'.repeat(ANSWER_MAX - 20)} and the clinic closed.`;
    const says = {
      en: `This translation is too long: ${ANSWER_MAX.toLocaleString('en')} characters at most.`,
      es: 'Esta traducción es demasiado larga: 100.000 caracteres como máximo.',
      // (as the text reads: spaces collapsed, none before a colon)
      fr: 'Cette traduction est trop longue: 100 000 caractères au plus.',
      ar: 'هذه الترجمة طويلة جدًا: 100,000 حرف على الأكثر.',
    };
    for (const [language, message] of Object.entries(says)) {
      await t.db.updateTable('users').set({ language }).where('id', '=', world.coordinator.id).execute();
      const res = await coordinator.post(`${storyUrl}/translation`, {
        language: 'en',
        title: 'Closed',
        [field]: typed,
      });
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, field)).toContain(message);
      expect(decode(res.body)).toContain(`${'x'.repeat(50)} and the clinic closed.</textarea>`);
    }
    expect(await storyTranslations(t.db, story.id)).toEqual([]);
  });
});
