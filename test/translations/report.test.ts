/**
 * Translations in the report: quotes stay the teller's words; asked for, a chosen story's translation is added
 * beneath them, labelled, in the page and its view for funders only where funders may see the story; an
 * unreadable language is refused beside its field; a withdrawn story's translation goes with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { saveTranslation } from '../../server/translations/store.ts';
import type { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, fieldError, visibleText } from '../helpers/pages.ts';
import { email, reportBed, signInAs, type ReportBed } from '../reports/report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let coordinator: Agent;
let shared: { id: number; position: number };
let kept: { id: number; position: number };

const SHARED = 'translationfundersmaysee';
const KEPT = 'translationkeptfromfunders';

/** A story chosen by a panel, funders agreeing to see it or not, with the position of its story answer. */
async function chosen(funders: 0 | 1) {
  const row = await t.db
    .selectFrom('selections')
    .innerJoin('stories', 'stories.id', 'selections.story_id')
    .innerJoin('story_answers', 'story_answers.story_id', 'stories.id')
    .select(['stories.id', 'story_answers.position'])
    .where('stories.inquiry_id', '=', bed.inquiry.id)
    .where('stories.consent_funders', '=', funders)
    .where('stories.status', 'not in', ['draft', 'withdrawn'])
    .where('story_answers.kind', '=', 'story')
    .orderBy('stories.id')
    .executeTakeFirstOrThrow();
  return row;
}

beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  coordinator = await signInAs(t, 'coordinator');
  shared = await chosen(1);
  kept = await chosen(0);
  const user = await t.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email('coordinator'))
    .executeTakeFirstOrThrow();
  const by = { id: user.id, name: 'Lucía Translator' };
  for (const [story, words] of [
    [shared, SHARED],
    [kept, KEPT],
  ] as const)
    await saveTranslation(
      t.db,
      by,
      { id: story.id, alliance_id: bed.demo.alliance.id },
      { language: 'fr', title: '', answers: [{ position: story.position, value: words }] },
    );
}, 120_000);
afterAll(() => t.close());

const report = (query: string) => coordinator.get(`${bed.base}/report?${query}`);

describe('the demo', () => {
  it('gives three stories a translation, shown side by side on the story page', async () => {
    const rows = await t.db
      .selectFrom('story_translations')
      .innerJoin('stories', 'stories.id', 'story_translations.story_id')
      .select(['stories.id', 'stories.title', 'story_translations.language', 'story_translations.translator_name'])
      .where('story_translations.translator_name', '!=', 'Lucía Translator')
      .orderBy('stories.id')
      .execute();
    expect(rows.map((r) => [r.title, r.language]).sort()).toEqual([
      ['Mi hijo volvió a sonreír en la escuela', 'en'],
      ['They finally fixed the damp', 'es'],
      ['Ya puedo hablar con el médico', 'en'],
    ]);
    const doctor = rows.find((r) => r.title === 'Ya puedo hablar con el médico')!;
    const page = await coordinator.get(`/alliances/${bed.demo.alliance.id}/stories/${doctor.id}`);
    const text = visibleText(page.body);
    expect(text).toContain("Told in Spanish — the storyteller's words");
    expect(text).toContain('Translation into English by Grace Lin');
    expect(text).toContain('Now I can talk to the doctor');
  });
});

describe('the report', () => {
  it('quotes only the teller’s words unless a translation is asked for', async () => {
    const res = await report('');
    expect(res.body).not.toContain(SHARED);
    expect(visibleText(res.body)).toContain('Add translations under the quotes');
  });

  it('adds the translation beneath the chosen story’s words, labelled', async () => {
    const res = await report('translation=fr');
    expect(res.statusCode).toBe(200);
    const html = decode(res.body);
    expect(html).toContain(SHARED);
    expect(html).toContain(KEPT);
    const under = html.split('class="translation-under"')[1]!;
    expect(visibleText(under)).toMatch(/Translation into French by Lucía Translator, .+ — not the storyteller's words/);
    expect(html).toMatch(/<option value="fr" selected>/);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('in the view for funders, adds none for a story funders may not see', async () => {
    const res = await report('translation=fr&audience=funders');
    expect(res.body).toContain(SHARED);
    expect(res.body).not.toContain(KEPT);
  });

  it('refuses a language it cannot read beside the field, keeping what was typed', async () => {
    const res = await report('translation=zz-not');
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'translation')).toContain('Choose a language from the list.');
  });

  it('drops the translation of a withdrawn story', async () => {
    await withdrawStory(t.db, null, 'Coordinator', {
      ...(await t.db.selectFrom('stories').selectAll().where('id', '=', shared.id).executeTakeFirstOrThrow()),
    });
    expect((await report('translation=fr')).body).not.toContain(SHARED);
  });
});
