/** Merging one tag into another (story tags without duplicates, sub-tags moved or merged) and deleting a tag. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { auditSince, expectGuarded, makeTag, tagState, tagWorld, type TagWorld } from './tagging-fixture.ts';

let w: TagWorld;
beforeEach(async () => (w = await tagWorld()));
afterEach(() => w.t.close());

const tagsNamed = async () =>
  (await w.t.db.selectFrom('tags').select(['name', 'parent_id']).where('inquiry_id', '=', w.inquiry.id).execute()).sort(
    (x, y) => x.name.localeCompare(y.name, 'en'),
  );

describe('merging tags', () => {
  it('asks first, saying what will happen', async () => {
    const a = await makeTag(w, 'Housing');
    await makeTag(w, 'Damp', a);
    await makeTag(w, 'Homes');
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, w.story, { tag: a }, null);
    const res = await w.as.facilitator.get(`${w.codebook}/${a.id}/merge`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Merge “Housing” into another tag');
    const text = visibleText(res.body);
    expect(text).toContain('“Housing” is on 1 story.');
    expect(text).toContain('Its 1 sub-tag moves under the tag you choose');
    expect(text).toContain('Then “Housing” is deleted. This cannot be undone.');
    expect(res.body).not.toMatch(new RegExp(`<option value="${a.id}"`));
  });

  it("moves A's story tags to B without duplicates, moves or merges its sub-tags, and deletes A", async () => {
    const by = w.people.coordinator;
    const a = await makeTag(w, 'Housing');
    const b = await makeTag(w, 'Homes');
    const aDamp = await makeTag(w, 'Damp', a);
    const bDamp = await makeTag(w, 'damp', b);
    await makeTag(w, 'Rent', a);
    const other = await makeStory(w.t.db, w.inquiry, { words: 'Another story about rent.' });
    const span = { answerPosition: 0, start: 4, end: 13, quote: 'food bank' };
    // The story has both A and B, on the whole story and on the same passage: one of each survives.
    for (const t of [a, b]) {
      await tagStory(w.t.db, by, w.inquiry, w.story, { tag: t }, null);
      await tagStory(w.t.db, by, w.inquiry, w.story, { tag: t }, span);
    }
    await tagStory(
      w.t.db,
      by,
      w.inquiry,
      w.story,
      { tag: a },
      { answerPosition: 0, start: 18, end: 25, quote: 'housing' },
    );
    await tagStory(w.t.db, by, w.inquiry, other, { tag: a }, null);
    await tagStory(w.t.db, by, w.inquiry, other, { tag: aDamp }, null);
    await tagStory(w.t.db, by, w.inquiry, w.story, { tag: bDamp }, null);
    const before = await tagState(w.t.db);

    const res = await w.as.coordinator.post(`${w.codebook}/${a.id}/merge`, { into: String(b.id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.codebook}/${b.id}`);
    expect(await tagsNamed()).toEqual([
      { name: 'damp', parent_id: b.id },
      { name: 'Homes', parent_id: null },
      { name: 'Rent', parent_id: b.id },
    ]);
    const order = (x: { story_id: number; tag_id: number; start_offset: number | null }, y: typeof x) =>
      x.story_id - y.story_id || x.tag_id - y.tag_id || (x.start_offset ?? -1) - (y.start_offset ?? -1);
    const onStories = (
      await w.t.db.selectFrom('story_tags').select(['story_id', 'tag_id', 'start_offset']).execute()
    ).sort(order);
    expect(onStories).toEqual(
      [
        { story_id: w.story.id, tag_id: b.id, start_offset: null },
        { story_id: w.story.id, tag_id: b.id, start_offset: 4 },
        { story_id: w.story.id, tag_id: b.id, start_offset: 18 },
        { story_id: w.story.id, tag_id: bDamp.id, start_offset: null },
        { story_id: other.id, tag_id: b.id, start_offset: null },
        { story_id: other.id, tag_id: bDamp.id, start_offset: null },
      ].sort(order),
    );
    expect(await auditSince(w.t.db, before)).toEqual(['tag.merged']);
    const page = await w.as.coordinator.get(`${w.codebook}/${b.id}`);
    expect(flash(page.body)).toBe('Tags merged.');
    expect(visibleText(page.body)).toContain('Stories with this tag (2)');
  });

  it('refuses no choice, and a merge into its own sub-tag, writing nothing', async () => {
    const a = await makeTag(w, 'Housing');
    const sub = await makeTag(w, 'Damp', a);
    const before = await tagState(w.t.db);
    const none = await w.as.coordinator.post(`${w.codebook}/${a.id}/merge`, { into: '' });
    expect(none.statusCode).toBe(422);
    expect(fieldError(none.body, 'into')).toBe('Choose the tag to merge it into.');
    const loop = await w.as.coordinator.post(`${w.codebook}/${a.id}/merge`, { into: String(sub.id) });
    expect(loop.statusCode).toBe(422);
    expect(fieldError(loop.body, 'into')).toBe('A tag can’t be merged into itself or one of its own sub-tags.');
    const itself = await w.as.coordinator.post(`${w.codebook}/${a.id}/merge`, { into: String(a.id) });
    expect(itself.statusCode).toBe(422);
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('is refused to interviewers, readers, the signed out and other alliances', async () => {
    const a = await makeTag(w, 'Housing');
    const b = await makeTag(w, 'Homes');
    await expectGuarded(w, 'get', `${w.codebook}/${a.id}/merge`, ['interviewer', 'reader']);
    await expectGuarded(w, 'post', `${w.codebook}/${a.id}/merge`, ['interviewer', 'reader'], { into: String(b.id) });
  });
});

describe('deleting a tag', () => {
  it('asks first, then removes it from stories and moves its sub-tags up', async () => {
    const housing = await makeTag(w, 'Housing');
    const damp = await makeTag(w, 'Damp', housing);
    await makeTag(w, 'Mould', damp);
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, w.story, { tag: damp }, null);
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, w.story, { tag: housing }, null);
    const ask = await w.as.facilitator.get(`${w.codebook}/${damp.id}/delete`);
    expect(heading(ask.body)).toBe('Delete the tag “Damp”?');
    expect(visibleText(ask.body)).toContain('Stories with this tag: 1.');
    expect(visibleText(ask.body)).toContain('Its sub-tags move up under “Housing”: Mould.');
    const before = await tagState(w.t.db);
    const res = await w.as.facilitator.post(`${w.codebook}/${damp.id}/delete`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(w.codebook);
    expect(await tagsNamed()).toEqual([
      { name: 'Housing', parent_id: null },
      { name: 'Mould', parent_id: housing.id },
    ]);
    expect((await w.t.db.selectFrom('story_tags').select('tag_id').execute()).map((r) => r.tag_id)).toEqual([
      housing.id,
    ]);
    expect(await auditSince(w.t.db, before)).toEqual(['tag.deleted']);
    expect(flash((await w.as.facilitator.get(w.codebook)).body)).toBe('Tag deleted.');
  });

  it('refuses when a sub-tag moving up would share a name with a tag already there', async () => {
    const housing = await makeTag(w, 'Housing');
    await makeTag(w, 'Damp', housing);
    await makeTag(w, 'damp');
    const ask = await w.as.coordinator.get(`${w.codebook}/${housing.id}/delete`);
    expect(visibleText(ask.body)).toContain('Rename or merge them first: Damp.');
    expect(ask.body).not.toContain('button--danger');
    const before = await tagState(w.t.db);
    const res = await w.as.coordinator.post(`${w.codebook}/${housing.id}/delete`);
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('This tag can’t be deleted yet');
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('is refused to interviewers, readers, the signed out and other alliances', async () => {
    const a = await makeTag(w, 'Housing');
    await expectGuarded(w, 'get', `${w.codebook}/${a.id}/delete`, ['interviewer', 'reader']);
    await expectGuarded(w, 'post', `${w.codebook}/${a.id}/delete`, ['interviewer', 'reader']);
  });
});
