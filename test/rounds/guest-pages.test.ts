/**
 * What a guest meets voting on a phone, and a facilitator watching the tallies, as a screen reader reads it: each dot
 * box named as dots for its story; too many dots tied to the boxes that hold them, from a summary link; titles that
 * name the round (and the story being read); and on the tallies page a live sentence saying how many have voted,
 * not a live table whose single cells would be read out alone ("3").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, visibleText } from '../helpers/pages.ts';
import { guestIn, participationWorld } from './round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let home: string;
let guest: Agent;

beforeAll(async () => {
  t = await testApp();
  w = await participationWorld(t);
  home = `/rounds/${w.round.id}/take-part`;
  guest = await guestIn(t.app, w.round.join_code);
});
afterAll(() => t.close());

const title = (html: string) => decode(/<title>([^<]*)<\/title>/.exec(html)![1]!);
/** A form control's opening tag, by its name. */
const control = (html: string, name: string) => new RegExp(`<input [^>]*name="${name}"[^>]*>`).exec(html)![0];
/** The accessible name a label gives: its text, visually hidden words included. */
const labelOf = (html: string, id: string) =>
  visibleText(new RegExp(`<label for="${id}">([\\s\\S]*?)</label>`).exec(html)![1]!);

describe('the vote page', () => {
  it('names each box as the dots for its story, and says the dots left where a script can keep it current', async () => {
    const res = await guest.get(`${home}/vote`);
    expect(res.statusCode).toBe(200);
    for (const story of w.stories)
      expect(labelOf(res.body, `field-dots-${story.id}`)).toBe(`Dots for ${story.code} ${story.title}`);
    const left = /<p class="vote-dots-left" id="dots-left" role="status"[^>]*>([^<]*)<\/p>/.exec(res.body)!;
    expect(left[1]).toBe('Dots left to give: 3 of 3.');
    expect(decode(left[0])).toContain('data-left="Dots left to give: {n} of 3."');
    expect(decode(left[0])).toContain('data-over="Dots left to give: none. These add up to {n}, more than your 3."');
    expect(res.body).toContain('<script src="/static/js/vote-dots.js"');
  });

  it('ties too many dots to the boxes that hold them, from a summary link, keeping what was typed', async () => {
    const [a, b, c] = w.stories;
    await guest.get(`${home}/vote`);
    const res = await guest.post(`${home}/vote`, {
      [`dots-${a!.id}`]: '',
      [`dots-${b!.id}`]: '3',
      [`dots-${c!.id}`]: '1',
    });
    expect(res.statusCode).toBe(422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)![0];
    // The first story in the page's order that was given dots.
    const order = [...res.body.matchAll(/name="dots-(\d+)"/g)].map((m) => Number(m[1]));
    const first = order.find((id) => id !== a!.id)!;
    expect(summary).toContain(`<a href="#field-dots-${first}">That is more dots than you have.`);
    for (const story of [b!, c!]) {
      const box = control(res.body, `dots-${story.id}`);
      expect(box).toContain('aria-invalid="true"');
      expect(box).toContain('aria-describedby="dots-left"');
    }
    expect(control(res.body, `dots-${b!.id}`)).toContain('value="3"');
    expect(control(res.body, `dots-${a!.id}`)).not.toContain('aria-invalid');
    const described = /<p [^>]*id="dots-left"[^>]*>([^<]*)<\/p>/.exec(res.body)![1];
    expect(described).toBe('Dots left to give: none. These add up to 4, more than your 3.');
    expect(await htmlErrors(res.body)).toEqual([]);
  });
});

describe('page titles a guest meets', () => {
  it('name the round, and on a story’s page the story by its code and title', async () => {
    const [story] = w.stories;
    expect(title((await guest.get(home)).body)).toBe(`Taking part in a round · ${w.round.name} · Hearth`);
    expect(title((await guest.get(`${home}/vote`)).body)).toBe(`Your vote · ${w.round.name} · Hearth`);
    expect(title((await guest.get(`${home}/results`)).body)).toBe(`Results · ${w.round.name} · Hearth`);
    const reading = await guest.get(`${home}/stories/${story!.id}`);
    expect(title(reading.body)).toBe(`${story!.code} ${story!.title} · ${w.round.name} · Hearth`);
  });
});

describe('the live tallies', () => {
  it('announce a short sentence of how many have voted, never the table', async () => {
    const facilitator = await signedIn(t.app, w.people.facilitator.email);
    const res = await facilitator.get(`/alliances/${w.alliance.id}/rounds/${w.round.id}/tallies`);
    expect(res.statusCode).toBe(200);
    // (Any flash message, a status of its own, left aside.)
    const live = [...res.body.matchAll(/<(\w+) [^>]*(?:aria-live="(?:polite|assertive)"|role="status")[^>]*>/g)].filter(
      (m) => !m[0].includes('class="flash"'),
    );
    expect(live).toHaveLength(1);
    const region = new RegExp(
      `${live[0]![0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([\\s\\S]*?)</${live[0]![1]}>`,
    ).exec(res.body)![1]!;
    expect(region).not.toContain('<table');
    expect(region).toContain('data-tally="voted"');
    expect(visibleText(region)).toMatch(/^0 of \d+ participants? have voted\.$/);
    expect(live[0]![0]).toContain('aria-atomic="true"');
  });
});
