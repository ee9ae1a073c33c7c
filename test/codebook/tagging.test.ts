/** Tagging whole stories from the story page, taking tags off, who may, and what withdrawal leaves (nothing). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import type { Tag } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import {
  auditSince,
  expectGuarded,
  makeTag,
  storyTagsOf,
  tagState,
  tagWorld,
  WORDS,
  type TagWorld,
} from './tagging-fixture.ts';

let w: TagWorld;
let housing: Tag;
let food: Tag;
beforeEach(async () => {
  w = await tagWorld();
  housing = await makeTag(w, 'Housing');
  food = await makeTag(w, 'Food');
  await makeTag(w, 'Damp', housing);
});
afterEach(() => w.t.close());

const tagsSection = (html: string) => /<section id="tags"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

describe('the Tags section on the story page', () => {
  it('offers the codebook, by path, and a box for a new tag; links to the codebook', async () => {
    const res = await w.as.interviewer.get(w.storyPath);
    expect(res.statusCode).toBe(200);
    const section = tagsSection(res.body);
    expect(visibleText(section)).toContain('No tags on the whole story yet.');
    const options = [...section.matchAll(/<option value="(\d*)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[2]);
    expect(options).toEqual(['Choose a tag', 'Food', 'Housing', 'Housing › Damp']);
    expect(section).toContain('<label for="field-newTag">Or a new tag</label>');
    expect(section).toContain(`href="${w.codebook}"`);
  });

  it('is not shown on a draft (tags go on recorded stories)', async () => {
    const draft = await makeStory(w.t.db, w.inquiry, { status: 'draft', words: 'A draft.' });
    const res = await w.as.coordinator.get(`${w.a}/stories/${draft.id}`);
    expect(res.statusCode).toBe(200);
    expect(tagsSection(res.body)).toBe('');
  });
});

describe('tagging a whole story', () => {
  it('adds a tag from the codebook, says so, and shows it linked to the tag', async () => {
    const before = await tagState(w.t.db);
    await w.as.interviewer.get(w.storyPath);
    const res = await w.as.interviewer.post(`${w.storyPath}/tags`, { tagId: String(housing.id), newTag: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.storyPath}#tags`);
    const page = await w.as.interviewer.get(w.storyPath);
    expect(flash(page.body)).toBe('Tag added to the story.');
    const section = tagsSection(page.body);
    expect(visibleText(section)).toContain('Tags on the whole story: Housing Remove tag Housing');
    expect(section).toContain(`<a href="${w.codebook}/${housing.id}">Housing</a>`);
    expect(await storyTagsOf(w.t.db, w.story.id)).toEqual([
      {
        id: expect.any(Number),
        name: 'Housing',
        answer_position: null,
        start_offset: null,
        end_offset: null,
        quote: '',
      },
    ]);
    expect(await auditSince(w.t.db, before)).toEqual(['tag.story_tagged']);
    const row = await w.t.db.selectFrom('story_tags').select(['source', 'created_by']).executeTakeFirstOrThrow();
    expect(row).toEqual({ source: 'person', created_by: w.people.interviewer.id });
  });

  it('makes a new tag at the top of the codebook when a new name is typed, and reuses one that exists', async () => {
    const before = await tagState(w.t.db);
    expect(
      (await w.as.facilitator.post(`${w.storyPath}/tags`, { tagId: '', newTag: 'Feeling heard' })).statusCode,
    ).toBe(303);
    const made = await w.t.db
      .selectFrom('tags')
      .selectAll()
      .where('name', '=', 'Feeling heard')
      .executeTakeFirstOrThrow();
    expect(made.parent_id).toBeNull();
    expect((await w.as.facilitator.post(`${w.storyPath}/tags`, { newTag: 'damp' })).statusCode).toBe(303);
    expect((await storyTagsOf(w.t.db, w.story.id)).map((r) => r.name)).toEqual(['Feeling heard', 'Damp']);
    expect(await w.t.db.selectFrom('tags').select('id').where('name', '=', 'damp').execute()).toEqual([]);
    expect(await auditSince(w.t.db, before)).toEqual(['tag.created', 'tag.story_tagged', 'tag.story_tagged']);
  });

  it('refuses no choice, both choices, a tag it already has and a tag from elsewhere, keeping what was typed', async () => {
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, w.story, { tag: food }, null);
    const theirs = await w.t.db
      .insertInto('tags')
      .values({
        inquiry_id: w.other.inquiry.id,
        parent_id: null,
        name: 'Theirs',
        description: '',
        created_by: null,
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await tagState(w.t.db);
    const cases: [Record<string, string>, string, string][] = [
      [{ tagId: '', newTag: '' }, 'tagId', 'Choose a tag, or type a new one’s name.'],
      [
        { tagId: String(housing.id), newTag: 'Something new' },
        'newTag',
        'Choose a tag from the list or type a new one, not both.',
      ],
      [{ tagId: String(food.id) }, 'tagId', 'This story already has that tag.'],
      [{ tagId: String(theirs.id) }, 'tagId', 'Choose a tag, or type a new one’s name.'],
      [{ newTag: 'x'.repeat(81) }, 'newTag', 'Keep the tag’s name under 80 characters.'],
    ];
    for (const [fields, field, message] of cases) {
      const res = await w.as.coordinator.post(`${w.storyPath}/tags`, fields);
      expect(res.statusCode, JSON.stringify(fields)).toBe(422);
      expect(heading(res.body)).toBe(`Tags on ${w.story.code}`);
      expect(fieldError(res.body, field)).toBe(message);
      if (fields.newTag) expect(fieldValue(res.body, 'newTag')).toBe(fields.newTag);
      if (fields.tagId === String(housing.id)) expect(res.body).toContain(`<option value="${housing.id}" selected>`);
    }
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('is refused to readers, the signed out and other alliances; drafts and withdrawn stories are not found', async () => {
    await expectGuarded(w, 'post', `${w.storyPath}/tags`, ['reader'], { tagId: String(housing.id) });
    await expectGuarded(w, 'get', `${w.storyPath}/tags`, ['reader']);
    const draft = await makeStory(w.t.db, w.inquiry, { status: 'draft' });
    const gone = await makeStory(w.t.db, w.inquiry, { status: 'withdrawn' });
    const before = await tagState(w.t.db);
    for (const story of [draft, gone])
      expect(
        (await w.as.coordinator.post(`${w.a}/stories/${story.id}/tags`, { tagId: String(housing.id) })).statusCode,
      ).toBe(404);
    // Our coordinator, another alliance's story under our address.
    expect(
      (await w.as.coordinator.post(`${w.a}/stories/${w.other.story.id}/tags`, { tagId: String(housing.id) }))
        .statusCode,
    ).toBe(404);
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('refuses a stale form without losing what was typed', async () => {
    const before = await tagState(w.t.db);
    const res = await w.as.coordinator.post(`${w.storyPath}/tags`, { newTag: 'Typed before lunch', _csrf: 'stale' });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'newTag')).toBe('Typed before lunch');
    expect(await tagState(w.t.db)).toEqual(before);
  });
});

describe('taking a tag off', () => {
  it('removes the tag from the story (not from the codebook) and says so', async () => {
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, w.story, { tag: housing }, null);
    const [row] = await storyTagsOf(w.t.db, w.story.id);
    const before = await tagState(w.t.db);
    await w.as.interviewer.get(w.storyPath);
    const res = await w.as.interviewer.post(`${w.storyPath}/tags/${row!.id}/remove`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.storyPath}#tags`);
    expect(await storyTagsOf(w.t.db, w.story.id)).toEqual([]);
    expect(await w.t.db.selectFrom('tags').select('id').where('id', '=', housing.id).execute()).toHaveLength(1);
    expect(flash((await w.as.interviewer.get(w.storyPath)).body)).toBe('Tag removed.');
    expect(await auditSince(w.t.db, before)).toEqual(['tag.untagged']);
  });

  it("gives 404 for another story's tag, and is guarded", async () => {
    const other = await makeStory(w.t.db, w.inquiry, { words: 'Another one.' });
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, other, { tag: housing }, null);
    const [theirs] = await storyTagsOf(w.t.db, other.id);
    const before = await tagState(w.t.db);
    expect((await w.as.coordinator.post(`${w.storyPath}/tags/${theirs!.id}/remove`)).statusCode).toBe(404);
    expect(await tagState(w.t.db)).toEqual(before);
    await expectGuarded(w, 'post', `${w.a}/stories/${other.id}/tags/${theirs!.id}/remove`, ['reader']);
  });

  it('refuses a forged form (403) and keeps the tag', async () => {
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, w.story, { tag: housing }, null);
    const [row] = await storyTagsOf(w.t.db, w.story.id);
    expect((await w.as.coordinator.post(`${w.storyPath}/tags/${row!.id}/remove`, { _csrf: 'forged' })).statusCode).toBe(
      403,
    );
    expect(await storyTagsOf(w.t.db, w.story.id)).toHaveLength(1);
  });
});

describe('withdrawal', () => {
  it('leaves no tag and no quote of a withdrawn story, and it no longer counts', async () => {
    const by = w.people.coordinator;
    await tagStory(w.t.db, by, w.inquiry, w.story, { tag: housing }, null);
    await tagStory(
      w.t.db,
      by,
      w.inquiry,
      w.story,
      { tag: food },
      { answerPosition: 0, start: 4, end: 13, quote: 'food bank' },
    );
    await withdrawStory(w.t.db, by, by.name, w.story);
    expect(await w.t.db.selectFrom('story_tags').selectAll().where('story_id', '=', w.story.id).execute()).toEqual([]);
    const everything = JSON.stringify(await w.t.db.selectFrom('story_tags').selectAll().execute());
    expect(everything).not.toContain('food bank');
    const codebook = visibleText((await w.as.coordinator.get(w.codebook)).body);
    expect(codebook).toContain('Housing on 0 stories');
    expect(codebook).toContain('Food on 0 stories');
    const tagPage = (await w.as.coordinator.get(`${w.codebook}/${food.id}`)).body;
    expect(tagPage).not.toContain(w.story.code);
    expect(tagPage).not.toContain('food bank');
  });
});

describe('tagging pages are valid HTML', () => {
  it('the story page with tags, passages and a detached passage, and the tags page with messages', async () => {
    const by = w.people.coordinator;
    await tagStory(w.t.db, by, w.inquiry, w.story, { tag: housing }, null);
    await tagStory(
      w.t.db,
      by,
      w.inquiry,
      w.story,
      { tag: food },
      { answerPosition: 0, start: 4, end: 13, quote: 'food bank' },
    );
    await tagStory(
      w.t.db,
      by,
      w.inquiry,
      w.story,
      { tag: housing },
      { answerPosition: 0, start: 8, end: 30, quote: WORDS.slice(8, 30) },
    );
    await w.t.db
      .insertInto('story_tags')
      .values({
        story_id: w.story.id,
        tag_id: food.id,
        answer_position: 1,
        start_offset: null,
        end_offset: null,
        quote: 'words that were edited away',
        source: 'person',
        created_by: null,
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const pages = {
      story: (await w.as.interviewer.get(w.storyPath)).body,
      tags: (await w.as.interviewer.get(`${w.storyPath}/tags`)).body,
      tagsErrors: (await w.as.interviewer.post(`${w.storyPath}/tags`, { tagId: String(food.id), newTag: 'Both' })).body,
    };
    expect(visibleText(tagsSection(pages.story))).toContain('could not be found after the story’s words were edited');
    expect(pages.story).toContain('<q>words that were edited away</q>');
    for (const [name, html] of Object.entries(pages)) expect(await htmlErrors(html), name).toEqual([]);
    await w.t.db.deleteFrom('tags').execute();
    expect(await htmlErrors((await w.as.interviewer.get(w.storyPath)).body), 'empty codebook').toEqual([]);
    const empty = await w.as.interviewer.post(`${w.storyPath}/tags`, { newTag: '' });
    expect(fieldError(empty.body, 'newTag')).toBe('Choose a tag, or type a new one’s name.');
    expect(await htmlErrors(empty.body), 'empty codebook, message').toEqual([]);
  });
});
