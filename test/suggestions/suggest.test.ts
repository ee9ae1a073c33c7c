import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { flash, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { makeThemedStories } from '../themes/theme-fixture.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let groups: Record<'damp' | 'food' | 'school', Story[]>;
let base: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  groups = await makeThemedStories(t.db, inquiry);
  base = `/alliances/${people.alliance.id}`;
});
afterEach(() => t.close());

const similarSection = (html: string) =>
  visibleText(/<h3>Stories with similar words<\/h3>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '');

describe('similar stories', () => {
  it('lists stories with the same words first, never itself', async () => {
    const page = await (await signedIn(t.app, people.interviewer.email)).get(`${base}/stories/${groups.damp[0]!.id}`);
    const similar = similarSection(page.body);
    expect(similar).toContain(groups.damp[1]!.code);
    expect(similar).not.toContain(groups.damp[0]!.code);
    expect(similar.indexOf(groups.damp[1]!.code)).toBeLessThan(
      similar.indexOf(groups.food[0]!.code) === -1 ? Infinity : similar.indexOf(groups.food[0]!.code),
    );
  });

  it('never suggests a withdrawn story, and keeps up with a story just recorded', async () => {
    await withdrawStory(t.db, null, 'The storyteller', groups.damp[1]!);
    const fresh = await makeStory(t.db, inquiry, {
      words: 'Damp and mould again; repairs came for the gutter and the damp wall.',
      title: 'Fresh',
    });
    const page = await (await signedIn(t.app, people.coordinator.email)).get(`${base}/stories/${groups.damp[0]!.id}`);
    const similar = similarSection(page.body);
    expect(similar).not.toContain(groups.damp[1]!.code);
    expect(similar).toContain(fresh.code);
  });
});

describe('suggested tags', () => {
  it('offers the story’s distinctive words, and accepting one tags the story', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const url = `${base}/stories/${groups.food[0]!.id}`;
    const page = await coordinator.get(url);
    expect(visibleText(page.body)).toContain('A word that stands out:');
    const term = /name="term" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await coordinator.post(`${url}/suggestions/term`, { term });
    expect(res.statusCode).toBe(303);
    expect(flash((await coordinator.get(url)).body)).toBe('Suggestion accepted: the tag is on this story.');
    const tag = await t.db.selectFrom('tags').selectAll().where('name', '=', term).executeTakeFirstOrThrow();
    const row = await t.db.selectFrom('story_tags').selectAll().where('tag_id', '=', tag.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ story_id: groups.food[0]!.id, source: 'suggestion' });
  });

  it('never offers a filler word, in the story’s own language', async () => {
    // Two stories share these words: a word only one story uses stands out of nothing.
    const told = (title: string) =>
      makeStory(t.db, inquiry, {
        language: 'es',
        words:
          'Hace años que puedo pedir ayuda en la despensa. Puedo pedir comida y años después la despensa abre. ' +
          'Cada semana, quién sabe cómo, cada familia recibe algo.',
        title,
      });
    await told('La despensa del barrio');
    const spanish = await told('La despensa');
    const page = await (await signedIn(t.app, people.coordinator.email)).get(`${base}/stories/${spanish.id}`);
    const offered = [...page.body.matchAll(/name="term" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toContain('despensa');
    for (const filler of ['años', 'puedo', 'pedir', 'hace', 'cada', 'quién', 'cómo'])
      expect(offered).not.toContain(filler);
  });

  it('suggests a codebook tag that similar stories carry, applied only when accepted', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const tagged = async (story: Story, name: string) => {
      const existing = await t.db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst();
      await tagStory(
        t.db,
        people.coordinator,
        inquiry,
        story,
        existing ? { tag: existing } : { newTag: { name, description: '', parentId: null } },
        null,
      );
    };
    await tagged(groups.school[1]!, 'Learning');
    await tagged(groups.school[2]!, 'Learning');
    const url = `${base}/stories/${groups.school[0]!.id}`;
    const page = await coordinator.get(url);
    expect(visibleText(page.body)).toContain('Tag on similar stories: Learning');
    const before = await t.db
      .selectFrom('story_tags')
      .select('id')
      .where('story_id', '=', groups.school[0]!.id)
      .execute();
    expect(before).toEqual([]);
    const tagId = /name="tagId" value="(\d+)"/.exec(page.body)![1]!;
    await coordinator.post(`${url}/suggestions/tag`, { tagId });
    const after = await t.db
      .selectFrom('story_tags')
      .select(['source'])
      .where('story_id', '=', groups.school[0]!.id)
      .execute();
    expect(after).toEqual([{ source: 'suggestion' }]);
  });

  it('refuses a tag from another inquiry, and readers and other alliances', async () => {
    const other = await makeInquiry(t.db, people.alliance, people.coordinator, 'msc', 'Other inquiry');
    const theirs = await t.db
      .insertInto('tags')
      .values({
        inquiry_id: other.id,
        parent_id: null,
        name: 'Elsewhere',
        description: '',
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const url = `${base}/stories/${groups.food[0]!.id}`;
    const coordinator = await signedIn(t.app, people.coordinator.email);
    await coordinator.get(url);
    expect((await coordinator.post(`${url}/suggestions/tag`, { tagId: String(theirs.id) })).statusCode).toBe(404);
    const reader = await signedIn(t.app, people.reader.email);
    expect((await reader.post(`${url}/suggestions/term`, { term: 'food' })).statusCode).toBe(403);
    const stranger = await signedIn(t.app, (await makeAlliance(t.db, 'Elsewhere')).coordinator.email);
    expect((await stranger.post(`${url}/suggestions/term`, { term: 'food' })).statusCode).toBe(404);
    expect(await t.db.selectFrom('story_tags').selectAll().execute()).toEqual([]);
  });
});
