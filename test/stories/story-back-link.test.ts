/**
 * A story opened from a searched, filtered or paged list links back to that list: its "All stories" link keeps the
 * search, the filters and the page, and only those, understood again, in an address that is always the list's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let coordinator: Agent;
let list: string;
let firstId: number;
/** What a search, a domain, a storyteller's answer and a status ask for, as a list's query string. */
let filters: string;

beforeAll(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Back Link Alliance'));
  const inquiry: Inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  coordinator = await signedIn(t.app, people.coordinator.email);
  list = `/alliances/${alliance.id}/inquiries/${inquiry.id}/stories`;
  const guide = await loadGuide(t.db, inquiry);
  const who = guide.attributes.find((a) => a.label === 'Who are you?')!;
  // Fifty-one, so the list has a second page.
  for (let i = 0; i < 51; i++) {
    const story = await makeStory(t.db, inquiry, {
      words: `Our garden grew, and we don't give up (${i}).`,
      attributes: { 'Who are you?': 'Worker' },
    });
    firstId ??= story.id;
  }
  filters = new URLSearchParams({
    q: "don't garden",
    domain: String(guide.domains[0]!.id),
    [`a${who.id}`]: 'Worker',
    status: 'recorded',
  }).toString();
});
afterAll(() => t.close());

/** The addresses a page links to, as a browser reads them. */
const links = (body: string) =>
  [...body.matchAll(/href="([^"]*)"/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=').replaceAll('&#x27;', "'"),
  );
/** A story page's "All stories" link. */
const allStories = (body: string) =>
  /<a href="([^"]*)">All stories<\/a>/
    .exec(body)?.[1]
    ?.replaceAll('&amp;', '&')
    .replaceAll('&#x3D;', '=')
    .replaceAll('&#x27;', "'");

describe("a story's link back to its list", () => {
  it('returns to the same search, filters and page the story was opened from', async () => {
    const listed = await coordinator.get(`${list}?${filters}&page=2`);
    expect(listed.statusCode).toBe(200);
    const story = links(listed.body).find((href) => href.startsWith(`/alliances/${alliance.id}/stories/`));
    expect(story).toBeDefined();
    const page = await coordinator.get(story!);
    expect(page.statusCode).toBe(200);
    const back = allStories(page.body)!;
    expect(new URL(back, 'http://x').pathname).toBe(list);
    expect(Object.fromEntries(new URL(back, 'http://x').searchParams)).toEqual({
      ...Object.fromEntries(new URLSearchParams(filters)),
      page: '2',
    });
    // And that address is the list the story was opened from.
    const again = await coordinator.get(back);
    expect(links(again.body)).toContain(story);
  });

  it('returns to the plain list when the story was not opened from a search', async () => {
    const page = await coordinator.get(`/alliances/${alliance.id}/stories/${firstId}`);
    expect(allStories(page.body)).toBe(list);
  });

  it('keeps only the list’s own parameters, understood, and never leaves the list', async () => {
    const asked = new URLSearchParams({
      q: 'garden',
      status: 'lost',
      interviewer: '999999',
      from: '2026-02-30',
      page: '-1',
      next: 'https://elsewhere.example/',
      redirect: '//elsewhere.example',
    });
    const page = await coordinator.get(`/alliances/${alliance.id}/stories/${firstId}?${asked.toString()}`);
    expect(page.statusCode).toBe(200);
    expect(allStories(page.body)).toBe(`${list}?q=garden`);
    const long = await coordinator.get(`/alliances/${alliance.id}/stories/${firstId}?q=${'a'.repeat(300)}`);
    expect(allStories(long.body)).toBe(list);
  });
});
