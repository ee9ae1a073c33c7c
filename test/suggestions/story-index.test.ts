/**
 * A large inquiry's similar-stories index is built in the background (server/suggestions/story-index.ts): the story
 * page answers at once, saying suggestions are being prepared, then shows them; a withdrawal takes a story out
 * without a rebuild. "Large" is made small here (2 analyses) so a few stories show it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUDGET, StoryIndexes } from '../../server/suggestions/story-index.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { makeThemedStories } from '../themes/theme-fixture.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let groups: Record<'damp' | 'food' | 'school', Story[]>;
let indexes: StoryIndexes;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  groups = await makeThemedStories(t.db, inquiry);
  indexes = new StoryIndexes(2);
  t.app.indexes = indexes;
});
afterEach(() => t.close());

const similarSection = (html: string) =>
  visibleText(/<h3>Stories with similar words<\/h3>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '');

describe('the similar-stories index of a large inquiry', () => {
  it('answers the first story page at once without suggestions, saying so, and shows them once built', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const url = `/alliances/${people.alliance.id}/stories/${groups.damp[0]!.id}`;
    const first = await coordinator.get(url);
    expect(first.statusCode).toBe(200);
    expect(visibleText(first.body)).toContain('Similar stories and suggested tags are being prepared');
    expect(similarSection(first.body)).toBe('');

    await indexes.ready(inquiry.id);
    const next = await coordinator.get(url);
    expect(visibleText(next.body)).not.toContain('are being prepared');
    expect(similarSection(next.body)).toContain(groups.damp[1]!.code);
  });

  it('takes a withdrawn story out of the index it already has, without building it again', async () => {
    const recounting = new StoryIndexes(2, BUDGET, 0);
    await recounting.forInquiry(t.db, people.alliance.id, inquiry.id);
    await recounting.ready(inquiry.id);
    const built = (await recounting.forInquiry(t.db, people.alliance.id, inquiry.id))!;
    expect(built.has(String(groups.damp[1]!.id))).toBe(true);

    await withdrawStory(t.db, null, 'The storyteller', groups.damp[1]!);
    const after = (await recounting.forInquiry(t.db, people.alliance.id, inquiry.id))!;
    expect(after).toBe(built);
    expect(after.has(String(groups.damp[1]!.id))).toBe(false);
    expect(after.has(String(groups.damp[0]!.id))).toBe(true);
  });

  it('looks for withdrawn stories in a large index only now and then, but never shows one meanwhile', async () => {
    await indexes.forInquiry(t.db, people.alliance.id, inquiry.id);
    await indexes.ready(inquiry.id);
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const url = `/alliances/${people.alliance.id}/stories/${groups.damp[0]!.id}`;
    expect(similarSection((await coordinator.get(url)).body)).toContain(groups.damp[1]!.code);

    await withdrawStory(t.db, null, 'The storyteller', groups.damp[1]!);
    // Not recounted yet (RECOUNT_EVERY_MS): the story is still in the index, yet the page leaves it out.
    expect((await indexes.forInquiry(t.db, people.alliance.id, inquiry.id))!.has(String(groups.damp[1]!.id))).toBe(
      true,
    );
    const page = await coordinator.get(url);
    expect(similarSection(page.body)).not.toContain(groups.damp[1]!.code);
    expect(similarSection(page.body)).toContain(groups.damp[2]!.code);

    // A new story is indexed on the next page all the same.
    const fresh = await makeStory(t.db, inquiry, {
      words: 'Damp and mould in the hall again, until the repairs team came.',
    });
    expect((await indexes.forInquiry(t.db, people.alliance.id, inquiry.id))!.has(String(fresh.id))).toBe(true);
  });

  it('holds only the newest stories its budget allows, and still shows an older story the ones like it', async () => {
    const all = [...groups.damp, ...groups.food, ...groups.school];
    const bounded = new StoryIndexes(2, all.length - 1);
    t.app.indexes = bounded;
    await bounded.forInquiry(t.db, people.alliance.id, inquiry.id);
    await bounded.ready(inquiry.id);
    const built = (await bounded.forInquiry(t.db, people.alliance.id, inquiry.id))!;
    expect(built.size).toBe(all.length - 1);
    expect(built.has(String(groups.damp[0]!.id))).toBe(false);

    const coordinator = await signedIn(t.app, people.coordinator.email);
    const page = await coordinator.get(`/alliances/${people.alliance.id}/stories/${groups.damp[0]!.id}`);
    expect(similarSection(page.body)).toContain(groups.damp[1]!.code);

    // Another inquiry's index makes the first go: together they never hold more than the budget.
    const other = await makeInquiry(t.db, people.alliance, people.coordinator);
    await makeStory(t.db, other, { words: 'The bus to the clinic now runs on Sundays, so my mother can get there.' });
    await bounded.forInquiry(t.db, people.alliance.id, other.id);
    expect(bounded.size).toBeLessThanOrEqual(all.length - 1);
  });
});
