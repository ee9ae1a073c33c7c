/**
 * Translations by people, beside the teller's words: whoever may edit the story adds one (marked with who and
 * when), the story page shows original and translation side by side and labelled, editing replaces it (never a
 * version of the story), bad input is refused beside its field with what was typed kept, and withdrawal deletes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Story, User } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { findTranslation, saveTranslation, storyTranslations } from '../../server/translations/store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let world: { alliance: Alliance } & Record<'coordinator' | 'interviewer' | 'facilitator' | 'reader', User>;
let inquiry: Inquiry;
let story: Story;
let coordinator: Agent;
let storyUrl: string;

const WORDS = 'Cuando cerraron la clínica, mi vecina me llevó cada semana.';
const TRANSLATED = 'When the clinic closed, my neighbour drove me every week.';

beforeAll(async () => {
  t = await testApp();
  world = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, world.alliance, world.coordinator);
  story = await makeStory(t.db, inquiry, { words: WORDS, title: 'La vecina', language: 'es' });
  coordinator = await signedIn(t.app, world.coordinator.email);
  storyUrl = `/alliances/${world.alliance.id}/stories/${story.id}`;
}, 60_000);
afterAll(() => t.close());

const answerField = async () => {
  const row = await t.db
    .selectFrom('story_answers')
    .select('position')
    .where('story_id', '=', story.id)
    .where('kind', '=', 'story')
    .executeTakeFirstOrThrow();
  return `answer-${row.position}`;
};

describe('the store', () => {
  it('keeps one translation per story and language, replacing it with who and when changed it', async () => {
    const other = await makeStory(t.db, inquiry, { language: 'es' });
    const first = await saveTranslation(
      t.db,
      world.coordinator,
      other,
      { language: 'en', title: 'One', answers: [{ position: 0, value: 'First try' }] },
      new Date('2026-12-01T10:00:00Z'),
    );
    await saveTranslation(
      t.db,
      world.interviewer,
      other,
      { language: 'en', title: 'Two', answers: [{ position: 0, value: 'Second try' }] },
      new Date('2026-12-02T10:00:00Z'),
    );
    const all = await storyTranslations(t.db, other.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: first.id,
      title: 'Two',
      answers: [{ position: 0, value: 'Second try' }],
      translator_name: world.coordinator.name,
      updated_name: world.interviewer.name,
      created_at: '2026-12-01T10:00:00.000Z',
      updated_at: '2026-12-02T10:00:00.000Z',
    });
    // Never a version of the teller's words.
    expect(await t.db.selectFrom('story_versions').select('id').where('story_id', '=', other.id).execute()).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'actor_name'])
      .where('subject_type', '=', 'story')
      .where('subject_id', '=', String(other.id))
      .where('action', 'like', 'story.transl%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'story.translated', actor_name: world.coordinator.name },
      { action: 'story.translation_changed', actor_name: world.interviewer.name },
    ]);
  });
});

describe('adding a translation from the story page', () => {
  it('offers the link to whoever may edit the story, and a form without the story’s own language', async () => {
    const page = await coordinator.get(storyUrl);
    expect(visibleText(page.body)).toContain('No translation yet.');
    expect(decode(page.body)).toContain(`href="${storyUrl}/translation"`);
    const form = await coordinator.get(`${storyUrl}/translation`);
    expect(form.statusCode).toBe(200);
    expect(heading(form.body)).toBe('Translate a story');
    expect(visibleText(form.body)).toContain('Any language but the story’s own (Spanish)'.replace('’', "'"));
    expect(form.body).toContain('<option value="en">');
    expect(form.body).not.toContain('<option value="es">');
    expect(await htmlErrors(form.body)).toEqual([]);
  });

  it('refuses empty words and the story’s own language beside the field, keeping what was typed', async () => {
    const field = await answerField();
    const empty = await coordinator.post(`${storyUrl}/translation`, {
      language: 'en',
      title: 'The neighbour',
      [field]: '  ',
    });
    expect(empty.statusCode).toBe(422);
    expect(fieldError(empty.body, field)).toContain('it cannot be left empty');
    expect(decode(empty.body)).toContain('value="The neighbour"');
    const same = await coordinator.post(`${storyUrl}/translation`, { language: 'es', [field]: TRANSLATED });
    expect(same.statusCode).toBe(422);
    expect(fieldError(same.body, 'language')).toContain('That is the story');
    expect(decode(same.body)).toContain(TRANSLATED);
    expect(await storyTranslations(t.db, story.id)).toEqual([]);
  });

  it('saves it and shows original and translation side by side, each labelled', async () => {
    const field = await answerField();
    const res = await coordinator.post(`${storyUrl}/translation`, {
      language: 'en',
      title: 'The neighbour',
      [field]: TRANSLATED,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${storyUrl}#translation-en`);
    const page = await coordinator.get(storyUrl);
    expect(flash(page.body)).toContain('Translation saved');
    const sides = decode(page.body).split('id="translation-en"')[1]!;
    expect(visibleText(sides)).toContain("Told in Spanish — the storyteller's words");
    expect(visibleText(sides)).toMatch(
      new RegExp(
        `Translation into English by ${world.coordinator.name}, \\d+ \\w+ \\d{4} — not the storyteller's words`,
      ),
    );
    expect(sides).toMatch(/<div lang="es" dir="auto">[\s\S]*Cuando cerraron/);
    expect(sides).toMatch(/<div lang="en" dir="auto">[\s\S]*When the clinic closed/);
    expect(await htmlErrors(page.body)).toEqual([]);
    expect(await t.db.selectFrom('story_versions').select('id').where('story_id', '=', story.id).execute()).toEqual([]);
  });

  it('opens the saved translation to change it, and replaces it', async () => {
    const field = await answerField();
    const form = await coordinator.get(`${storyUrl}/translation?language=en`);
    expect(decode(form.body)).toContain(TRANSLATED);
    await coordinator.post(`${storyUrl}/translation`, { language: 'en', [field]: `${TRANSLATED} Always.` });
    const saved = await findTranslation(t.db, story.id, 'en');
    expect(saved?.answers[0]?.value).toBe(`${TRANSLATED} Always.`);
    expect(await storyTranslations(t.db, story.id)).toHaveLength(1);
  });
});

describe('who may translate', () => {
  it('refuses a reader (a funder) and a facilitator, and a member of another alliance finds nothing', async () => {
    const field = await answerField();
    const reader = await signedIn(t.app, world.reader.email);
    expect((await reader.get(`${storyUrl}/translation`)).statusCode).toBe(403);
    expect((await reader.post(`${storyUrl}/translation`, { language: 'en', [field]: 'x' })).statusCode).toBe(403);
    const facilitator = await signedIn(t.app, world.facilitator.email);
    expect((await facilitator.get(`${storyUrl}/translation`)).statusCode).toBe(403);
    const other = await makeAlliance(t.db, 'Other');
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(`${storyUrl}/translation`)).statusCode).toBe(404);
    // An interviewer who did not record the story may not edit it, so may not translate it.
    const stranger = await makeStory(t.db, inquiry, { interviewer: world.coordinator });
    const interviewer = await signedIn(t.app, world.interviewer.email);
    expect(
      (await interviewer.get(`/alliances/${world.alliance.id}/stories/${stranger.id}/translation`)).statusCode,
    ).toBe(404);
    expect((await findTranslation(t.db, story.id, 'en'))?.answers[0]?.value).not.toBe('x');
  });
});

describe('withdrawal', () => {
  it('deletes the story’s translations, and the story page shows none of them', async () => {
    const gone = await makeStory(t.db, inquiry, { language: 'es', words: 'palabrasretiradas' });
    await saveTranslation(t.db, world.coordinator, gone, {
      language: 'en',
      title: '',
      answers: [{ position: 0, value: 'withdrawnwords' }],
    });
    await withdrawStory(t.db, world.coordinator, world.coordinator.name, gone);
    expect(await storyTranslations(t.db, gone.id)).toEqual([]);
    const page = await coordinator.get(`/alliances/${world.alliance.id}/stories/${gone.id}`);
    expect(page.body).not.toContain('withdrawnwords');
  });
});
