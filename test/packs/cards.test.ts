/**
 * Pattern cards on the pack settings page: two observations may share a title (the same pattern pinned twice, or
 * questions worded alike), so each choice says which observation it is; the cards ticked are the ones the pack, its
 * links and its PDF request carry, and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../server/db/schema.ts';
import { addObservation } from '../../server/observations/store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, fieldError, heading, visibleText } from '../helpers/pages.ts';
import { packWorld, type PackWorld } from './pack-fixture.ts';

const SHORTER = 'Stories from the first domain are shorter than the rest.';
const LONGER = 'Since spring, stories about services working together run longer.';
const ELSEWHERE = 'Carers tell their stories in the first domain more than anywhere else.';

let t: TestApp;
let w: PackWorld;
let facilitator: Agent;
let round: string;
let cards: Observation[];

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  w = await packWorld(t, 4);
  facilitator = await signedIn(t.app, w.people.facilitator.email);
  round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  const pin = (pattern: string, title: string, text: string, filters = '') =>
    addObservation(t.db, w.people.facilitator, w.inquiry, { pattern, filters, title, text, interpretations: [] });
  // The same pattern pinned twice, and another pattern whose questions give it the same title.
  cards = [
    await pin('domain/length', 'Domain × Story length', SHORTER),
    await pin('domain/length', 'Domain × Story length', LONGER),
    await pin('domain', 'Domain × Story length', ELSEWHERE),
  ];
});
afterAll(() => t.close());

/** The tick boxes for pattern cards: each one's label, its description, and whether it is ticked. */
function cardChoices(html: string) {
  return cards.map((card) => {
    const box = new RegExp(`<input type="checkbox" id="card-${card.id}" name="card\\[\\]" value="${card.id}"[^>]*>`);
    const input = box.exec(html)?.[0];
    const label = new RegExp(`<label for="card-${card.id}">([\\s\\S]*?)</label>`).exec(html)?.[1];
    const about = new RegExp(`<p class="hint" id="card-${card.id}-about">([\\s\\S]*?)</p>`).exec(html)?.[1];
    return {
      label: label && visibleText(label),
      about: about && visibleText(about),
      ticked: input?.includes(' checked'),
    };
  });
}

describe('choosing pattern cards on the pack settings page', () => {
  it('tells apart cards that share a title: each says what was seen, who pinned it and when, and links to it', async () => {
    const res = await facilitator.get(`${round}/pack/settings`);
    expect(res.statusCode).toBe(200);
    const choices = cardChoices(res.body);
    expect(choices.map((c) => c.label)).toEqual([
      `Domain × Story length: “${SHORTER}”`,
      `Domain × Story length: “${LONGER}”`,
      `Domain × Story length: “${ELSEWHERE}”`,
    ]);
    expect(new Set(choices.map((c) => c.label)).size).toBe(3);
    for (const c of choices) {
      expect(c.ticked).toBe(true);
      expect(c.about).toMatch(/^Pinned by .+ on \d{1,2} \w+ \d{4}\. \d+ stories count here/);
    }
    for (const card of cards)
      expect(decode(res.body)).toContain(
        `href="/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}/observations/${card.id}"`,
      );
    expect(visibleText(res.body)).toContain('Pattern cards to print');
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('prints only the cards left ticked, and every link from the pack keeps that choice', async () => {
    const [kept, , dropped] = cards;
    const query = `chosen=1&story[]=${w.printable[0]!.id}&story[]=${w.printable[1]!.id}&cards=1&card[]=${kept!.id}&paper=letter`;
    const pack = await facilitator.get(`${round}/pack?${query}`);
    expect(pack.statusCode).toBe(200);
    const text = visibleText(pack.body);
    expect(text).toContain(SHORTER);
    expect(text).not.toContain(LONGER);
    expect(text).not.toContain(ELSEWHERE);
    expect(pack.body.match(/class="pack-sheet pack-card"/g)).toHaveLength(1);

    // "Change the stories, paper or copies" opens the settings as they were chosen.
    const change = decode(/<a href="([^"]+)">Change the stories, paper or copies<\/a>/.exec(pack.body)![1]!);
    const settings = await facilitator.get(change);
    expect(cardChoices(settings.body).map((c) => c.ticked)).toEqual([true, false, false]);
    expect(visibleText(settings.body)).toContain('2 stories chosen');
    expect(settings.body).toMatch(/id="paper-letter" name="paper" value="letter" checked/);

    // The other paper's link changes the paper only.
    const other = decode(/<a href="([^"]+)">Use A4 paper instead<\/a>/.exec(pack.body)![1]!);
    const a4 = await facilitator.get(other);
    expect(visibleText(a4.body)).toContain(SHORTER);
    expect(visibleText(a4.body)).not.toContain(LONGER);
    expect(a4.body).toContain('pack pack--a4');
    expect(a4.body).not.toContain(dropped!.text);
  });

  it('prints no card when all are unticked, and none that is no longer marked to print', async () => {
    const none = await facilitator.get(`${round}/pack?cards=1`);
    expect(none.statusCode).toBe(200);
    expect(none.body).not.toContain('pack-card');
    const gone = await facilitator.get(`${round}/pack?cards=1&card[]=999999`);
    expect(gone.statusCode).toBe(200);
    expect(gone.body).not.toContain('pack-card');
  });

  it('answers cards it cannot understand with the settings page and a message beside them', async () => {
    const res = await facilitator.get(`${round}/pack?cards=1&card[]=first`);
    expect(res.statusCode).toBe(422);
    expect(heading(res.body)).toBe('Print story packs');
    expect(fieldError(res.body, 'card')).toBe(
      'Those pattern cards could not be understood: choose them again from the list.',
    );
  });

  it('offers the link to an observation only to those who may open it', async () => {
    const interviewer = await signedIn(t.app, w.people.interviewer.email);
    const res = await interviewer.get(`/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}/pack/settings`);
    expect(res.statusCode).toBe(200);
    expect(cardChoices(res.body).map((c) => c.label)).toHaveLength(3);
    expect(res.body).not.toContain('/observations/');
  });
});
