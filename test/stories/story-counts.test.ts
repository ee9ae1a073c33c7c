/** The counts on the lists of inquiries: exact at once for most alliances, recounted every 30 s for the largest. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { inquiryStoryCounts } from '../../server/stories/story-counts.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  for (let i = 0; i < 3; i++) await makeStory(t.db, inquiry);
});
afterEach(() => t.close());

describe("the lists of inquiries' story counts", () => {
  it('show a new story at once in an alliance of ordinary size', async () => {
    expect((await inquiryStoryCounts(t.db, people.alliance.id)).get(inquiry.id)).toEqual({ stories: 3, drafts: 0 });
    await makeStory(t.db, inquiry);
    await makeStory(t.db, inquiry, { status: 'draft' });
    expect((await inquiryStoryCounts(t.db, people.alliance.id)).get(inquiry.id)).toEqual({ stories: 4, drafts: 1 });
  });

  it('are kept for 30 s in an alliance above the size counted on every request', async () => {
    expect((await inquiryStoryCounts(t.db, people.alliance.id, 2)).get(inquiry.id)?.stories).toBe(3);
    await makeStory(t.db, inquiry);
    expect((await inquiryStoryCounts(t.db, people.alliance.id, 2)).get(inquiry.id)?.stories).toBe(3);
    // Another alliance is counted on its own.
    const other = await makeAlliance(t.db, 'Other Alliance');
    const theirs = await makeInquiry(t.db, other.alliance, other.coordinator);
    await makeStory(t.db, theirs);
    expect((await inquiryStoryCounts(t.db, other.alliance.id, 2)).get(theirs.id)?.stories).toBe(1);
  });
});
