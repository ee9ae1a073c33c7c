/** The codebook page: its tree, counts per domain, and creating, changing and moving tags (merging and deleting: codebook-merge). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import type { Tag } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { auditSince, expectGuarded, makeTag, tagState, tagWorld, type TagWorld } from './tagging-fixture.ts';

let w: TagWorld;
beforeEach(async () => (w = await tagWorld()));
afterEach(() => w.t.close());

const tagsNamed = async () =>
  (await w.t.db.selectFrom('tags').select(['name', 'parent_id']).where('inquiry_id', '=', w.inquiry.id).execute()).sort(
    (x, y) => x.name.localeCompare(y.name, 'en'),
  );
const passage = (start: number, end: number) => ({ answerPosition: 0, start, end, quote: 'x'.repeat(end - start) });

describe('the codebook page', () => {
  it('shows the tags as nested lists, with descriptions and how many stories carry each', async () => {
    const housing = await makeTag(w, 'Housing', undefined, 'Homes, repairs, landlords.');
    const damp = await makeTag(w, 'Damp', housing);
    await makeTag(w, 'Food');
    await tagStory(w.t.db, w.people.coordinator, w.inquiry, w.story, { tag: damp }, null);
    const res = await w.as.facilitator.get(w.codebook);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Codebook');
    expect(res.body).toMatch(
      /<li id="tag-\d+">\s*<p class="codebook-tree__tag"><a href="[^"]+">Housing<\/a>[\s\S]*?<ul class="codebook-tree">\s*<li id="tag-\d+">\s*<p class="codebook-tree__tag"><a href="[^"]+">Damp<\/a>/,
    );
    const text = visibleText(res.body);
    expect(text).toContain('Food on 0 stories');
    expect(text).toContain('Damp on 1 story');
    expect(text).toContain('Homes, repairs, landlords.');
    expect(text).toContain('Create a tag');
    expect(res.body).toContain(`href="${w.codebook}/${damp.id}/merge"`);
  });

  it('lets an interviewer read it without the controls to change it', async () => {
    await makeTag(w, 'Housing');
    const res = await w.as.interviewer.get(w.codebook);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain('Housing');
    expect(text).toContain('coordinators and facilitators change the codebook');
    expect(text).not.toContain('Create a tag');
    expect(res.body).not.toContain('/merge"');
  });

  it('says when there are no tags yet, and is linked from the inquiry page', async () => {
    expect(visibleText((await w.as.coordinator.get(w.codebook)).body)).toContain('No tags yet.');
    const inquiryPage = await w.as.interviewer.get(`${w.a}/inquiries/${w.inquiry.id}`);
    expect(inquiryPage.body).toContain(`href="${w.a}/inquiries/${w.inquiry.id}/codebook"`);
  });

  it('is refused to readers, the signed out and other alliances', async () => {
    await expectGuarded(w, 'get', w.codebook, ['reader']);
    // Our coordinator, another alliance's inquiry under our address: not found.
    expect((await w.as.coordinator.get(`${w.a}/inquiries/${w.other.inquiry.id}/codebook`)).statusCode).toBe(404);
  });

  it('counts stories per tag and domain, leaving out drafts and withdrawn stories', async () => {
    const housing = await makeTag(w, 'Housing');
    const food = await makeTag(w, 'Food');
    const inSecond = await makeStory(w.t.db, w.inquiry, { domain: 1, words: 'The food bank helped.' });
    const noDomain = await makeStory(w.t.db, w.inquiry, { domain: null, words: 'No domain chosen.' });
    const draft = await makeStory(w.t.db, w.inquiry, { status: 'draft', words: 'Still a draft.' });
    const withdrawn = await makeStory(w.t.db, w.inquiry, { words: 'To be withdrawn.' });
    const by = w.people.coordinator;
    // The story in the first domain: on the whole story and on two passages, still one story.
    await tagStory(w.t.db, by, w.inquiry, w.story, { tag: housing }, null);
    await tagStory(w.t.db, by, w.inquiry, w.story, { tag: housing }, passage(0, 4));
    await tagStory(w.t.db, by, w.inquiry, w.story, { tag: housing }, passage(5, 9));
    await tagStory(w.t.db, by, w.inquiry, inSecond, { tag: housing }, null);
    await tagStory(w.t.db, by, w.inquiry, inSecond, { tag: food }, null);
    await tagStory(w.t.db, by, w.inquiry, noDomain, { tag: food }, null);
    // A draft cannot be tagged through the pages, but if it were, it must not count.
    await w.t.db
      .insertInto('story_tags')
      .values({
        story_id: draft.id,
        tag_id: food.id,
        answer_position: null,
        start_offset: null,
        end_offset: null,
        quote: '',
        source: 'person',
        created_by: null,
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    await tagStory(w.t.db, by, w.inquiry, withdrawn, { tag: food }, null);
    await withdrawStory(w.t.db, by, by.name, withdrawn);

    const res = await w.as.coordinator.get(w.codebook);
    const table = /<table class="tag-counts">([\s\S]*?)<\/table>/.exec(res.body)![1]!;
    const headers = [...table.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => visibleText(m[1]!));
    expect(headers).toEqual(['Tag', ...w.domains.map((d) => d.name), 'No domain', 'All stories']);
    const rows = [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [
      m[1],
      ...[...m[2]!.matchAll(/<td class="num">(\d+)<\/td>/g)].map((c) => Number(c[1])),
    ]);
    const zeros = w.domains.slice(2).map(() => 0);
    expect(rows).toEqual([
      ['Food', 0, 1, ...zeros, 1, 2],
      ['Housing', 1, 1, ...zeros, 0, 2],
    ]);
    expect(visibleText(res.body)).toContain('Food on 2 stories');
  });
});

describe('creating a tag', () => {
  it('creates it, at the top or under another, and says so', async () => {
    const before = await tagState(w.t.db);
    await w.as.facilitator.get(w.codebook);
    const res = await w.as.facilitator.post(w.codebook, {
      name: 'Housing',
      description: 'Homes and landlords.',
      parentId: '',
    });
    expect(res.statusCode).toBe(303);
    const housing = (await w.t.db
      .selectFrom('tags')
      .selectAll()
      .where('name', '=', 'Housing')
      .executeTakeFirstOrThrow()) as Tag;
    expect(res.headers.location).toBe(`${w.codebook}#tag-${housing.id}`);
    expect(flash((await w.as.facilitator.get(w.codebook)).body)).toBe('Tag created.');
    expect(await w.as.facilitator.post(w.codebook, { name: 'Damp', parentId: String(housing.id) })).toHaveProperty(
      'statusCode',
      303,
    );
    expect(await tagsNamed()).toEqual([
      { name: 'Damp', parent_id: housing.id },
      { name: 'Housing', parent_id: null },
    ]);
    expect(housing.description).toBe('Homes and landlords.');
    expect(await auditSince(w.t.db, before)).toEqual(['tag.created', 'tag.created']);
  });

  it('refuses a missing name, keeping what was typed and writing nothing', async () => {
    const before = await tagState(w.t.db);
    const res = await w.as.coordinator.post(w.codebook, { name: '  ', description: 'What it means' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'name')).toBe('Give the tag a name (up to 80 characters).');
    expect(res.body).toContain('What it means</textarea>');
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('refuses a name its siblings already have, whatever the case, but allows it elsewhere', async () => {
    const housing = await makeTag(w, 'Housing');
    await makeTag(w, 'Damp', housing);
    const before = await tagState(w.t.db);
    const res = await w.as.coordinator.post(w.codebook, { name: 'DAMP', parentId: String(housing.id) });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'name')).toBe(
      'A tag in the same place already has this name: choose another, or merge the two.',
    );
    expect(fieldValue(res.body, 'name')).toBe('DAMP');
    expect(res.body).toMatch(new RegExp(`<option value="${housing.id}" selected>Housing</option>`));
    expect(await tagState(w.t.db)).toEqual(before);
    expect((await w.as.coordinator.post(w.codebook, { name: 'Damp' })).statusCode).toBe(303);
  });

  it("refuses a parent that is not in this inquiry's codebook", async () => {
    const before = await tagState(w.t.db);
    const res = await w.as.coordinator.post(w.codebook, { name: 'Lost', parentId: '424242' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'parentId')).toBe('Choose a tag from the list, or the top level.');
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('is refused to interviewers and readers, the signed out and other alliances', async () => {
    await expectGuarded(w, 'post', w.codebook, ['interviewer', 'reader'], { name: 'Sneaky' });
  });
});

describe("a tag's page and changing a tag", () => {
  let housing: Tag;
  let damp: Tag;
  let mould: Tag;
  beforeEach(async () => {
    housing = await makeTag(w, 'Housing');
    damp = await makeTag(w, 'Damp', housing, 'Wet walls.');
    mould = await makeTag(w, 'Mould', damp);
  });

  it('shows where the tag sits, its sub-tags and the stories that carry it, linked', async () => {
    await tagStory(
      w.t.db,
      w.people.coordinator,
      w.inquiry,
      w.story,
      { tag: damp },
      { answerPosition: 0, start: 4, end: 13, quote: 'food bank' },
    );
    const res = await w.as.interviewer.get(`${w.codebook}/${damp.id}`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Damp');
    const text = visibleText(res.body);
    expect(text).toContain('Under: Housing');
    expect(text).toContain('Sub-tags: Mould');
    expect(text).toContain('Stories with this tag (1)');
    expect(text).toContain(`${w.story.code} Where to go`);
    expect(res.body).toContain('<q>food bank</q>');
    expect(res.body).toContain(`href="${w.storyPath}"`);
    expect(text).not.toContain('Change this tag'); // interviewers read only
  });

  it('renames, describes and moves a tag', async () => {
    const before = await tagState(w.t.db);
    const food = await makeTag(w, 'Food');
    await w.as.coordinator.get(`${w.codebook}/${damp.id}`);
    const res = await w.as.coordinator.post(`${w.codebook}/${damp.id}`, {
      name: 'Damp and cold',
      description: 'Walls, heating.',
      parentId: String(food.id),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.codebook}#tag-${damp.id}`);
    expect(await tagsNamed()).toEqual([
      { name: 'Damp and cold', parent_id: food.id },
      { name: 'Food', parent_id: null },
      { name: 'Housing', parent_id: null },
      { name: 'Mould', parent_id: damp.id }, // its sub-tag moved with it
    ]);
    expect(flash((await w.as.coordinator.get(w.codebook)).body)).toBe('Tag saved.');
    expect(
      await w.as.facilitator.post(`${w.codebook}/${damp.id}`, {
        name: 'Damp and cold',
        description: 'Walls, heating.',
        parentId: '',
      }),
    ).toHaveProperty('statusCode', 303);
    expect(await auditSince(w.t.db, before)).toEqual(['tag.created', 'tag.moved', 'tag.moved']);
  });

  it('refuses to put a tag under itself or one of its sub-tags, saying why and keeping what was typed', async () => {
    for (const parent of [housing, mould]) {
      const before = await tagState(w.t.db);
      const res = await w.as.coordinator.post(`${w.codebook}/${housing.id}`, {
        name: 'Homes',
        description: 'Renamed too',
        parentId: String(parent.id),
      });
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, 'parentId')).toBe(
        'A tag can’t go under itself or one of its own sub-tags: choose another place.',
      );
      expect(fieldValue(res.body, 'name')).toBe('Homes');
      expect(res.body).toContain('Renamed too</textarea>');
      expect(await tagState(w.t.db)).toEqual(before);
    }
    // The menu does not even offer them.
    const page = await w.as.coordinator.get(`${w.codebook}/${housing.id}`);
    expect(page.body).not.toMatch(new RegExp(`<option value="${mould.id}"`));
  });

  it('refuses an empty name and a name taken where it is going', async () => {
    await makeTag(w, 'Damp');
    const before = await tagState(w.t.db);
    const empty = await w.as.coordinator.post(`${w.codebook}/${damp.id}`, { name: '', parentId: String(housing.id) });
    expect(empty.statusCode).toBe(422);
    expect(fieldError(empty.body, 'name')).toBe('Give the tag a name (up to 80 characters).');
    const taken = await w.as.coordinator.post(`${w.codebook}/${damp.id}`, { name: 'damp', parentId: '' });
    expect(taken.statusCode).toBe(422);
    expect(fieldError(taken.body, 'name')).toBe(
      'A tag in the same place already has this name: choose another, or merge the two.',
    );
    expect(await tagState(w.t.db)).toEqual(before);
  });

  it('is guarded: interviewers read but may not change; another inquiry’s tag is not found', async () => {
    await expectGuarded(w, 'get', `${w.codebook}/${damp.id}`, ['reader']);
    await expectGuarded(w, 'post', `${w.codebook}/${damp.id}`, ['interviewer', 'reader'], { name: 'Changed' });
    const otherInquiryTag = await w.t.db
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
    expect((await w.as.coordinator.get(`${w.codebook}/${otherInquiryTag.id}`)).statusCode).toBe(404);
    expect((await w.as.coordinator.post(`${w.codebook}/${otherInquiryTag.id}`, { name: 'Mine now' })).statusCode).toBe(
      404,
    );
    expect((await w.as.coordinator.get(`${w.codebook}/abc`)).statusCode).toBe(404);
  });
});

describe('codebook pages are valid HTML', () => {
  it('with tags, with messages, read-only, and the tag, merge and delete pages', async () => {
    const housing = await makeTag(w, 'Housing', undefined, 'Line one\nLine two');
    const damp = await makeTag(w, 'Damp', housing);
    await makeTag(w, 'damp');
    await tagStory(
      w.t.db,
      w.people.coordinator,
      w.inquiry,
      w.story,
      { tag: damp },
      { answerPosition: 0, start: 4, end: 13, quote: 'food bank' },
    );
    const c = w.as.coordinator;
    const pages: Record<string, string> = {
      empty: '',
      codebook: (await c.get(w.codebook)).body,
      codebookInterviewer: (await w.as.interviewer.get(w.codebook)).body,
      createErrors: (await c.post(w.codebook, { name: '', parentId: '999' })).body,
      tag: (await c.get(`${w.codebook}/${damp.id}`)).body,
      tagInterviewer: (await w.as.interviewer.get(`${w.codebook}/${damp.id}`)).body,
      tagErrors: (await c.post(`${w.codebook}/${housing.id}`, { name: '', parentId: String(damp.id) })).body,
      merge: (await c.get(`${w.codebook}/${damp.id}/merge`)).body,
      mergeErrors: (await c.post(`${w.codebook}/${damp.id}/merge`, { into: '' })).body,
      deleteClash: (await c.get(`${w.codebook}/${housing.id}/delete`)).body,
      deleteErrors: (await c.post(`${w.codebook}/${housing.id}/delete`)).body,
      delete: (await c.get(`${w.codebook}/${damp.id}/delete`)).body,
      inquiry: (await c.get(`${w.a}/inquiries/${w.inquiry.id}`)).body,
    };
    await w.t.db.deleteFrom('tags').execute();
    pages.empty = (await c.get(w.codebook)).body;
    for (const [name, html] of Object.entries(pages)) expect(await htmlErrors(html), name).toEqual([]);
  });
});
