/**
 * What the numbers of a round are called: points in a ranking round (with how they are worked out), dots in dot
 * voting, votes for a single vote — on the tallies, paper, results and feedback pages, in every language. Before,
 * a ranking round's tallies said "Votes per story code" beside a first place worth 2, as if two people had voted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SelectionMethod } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { guestIn, participationWorld } from './round-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

async function roundOf(method: SelectionMethod, dots: number) {
  const w = await participationWorld(t, { method, dots });
  const base = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  const facilitator = await signedIn(t.app, w.people.facilitator.email);
  return { w, base, facilitator };
}

async function vote(guest: Agent, roundId: number, fields: Record<string, string>) {
  await guest.get(`/rounds/${roundId}/take-part/vote`);
  const res = await guest.post(`/rounds/${roundId}/take-part/vote`, fields);
  expect(res.statusCode).toBe(303);
}

const speak = (userId: number, language: string) =>
  t.db.updateTable('users').set({ language }).where('id', '=', userId).execute();

describe('a ranking round (top 2)', () => {
  it('calls its numbers points on every page and says a first place gets 2, a second 1', async () => {
    const { w, base, facilitator } = await roundOf('ranking', 2);
    const [a, b, c] = w.stories;
    const sam = await guestIn(t.app, w.round.join_code, 'Sam');
    const guest = await guestIn(t.app, w.round.join_code, 'Guest');
    await vote(sam, w.round.id, { [`rank-${a!.id}`]: '1' });
    await vote(guest, w.round.id, { [`rank-${c!.id}`]: '1', [`rank-${b!.id}`]: '2' });
    const rule =
      'Points come from each person’s ranking: first place gets 2 points, each place after it one point fewer, and place 2 gets 1 point.';

    const tallies = await facilitator.get(`${base}/tallies`);
    const text = visibleText(tallies.body);
    expect(text).toContain('Points so far.');
    expect(text).toContain('Points per story code');
    expect(text).toContain(rule);
    expect(text).toContain(`${a!.code} ${a!.title} 2 0 2`);
    expect(text).toContain(`${c!.code} ${c!.title} 2 0 2`);
    expect(text).not.toMatch(/\bVotes\b/);
    expect(await htmlErrors(tallies.body)).toEqual([]);
    // static/js/tallies.js reads voted, joined and each story's id, live, paper and total.
    const json = (await facilitator.get(`${base}/tallies.json`)).json();
    expect(json).toMatchObject({ voted: 2, joined: 2 });
    expect(json.stories).toContainEqual(expect.objectContaining({ id: a!.id, live: 2, paper: 0, total: 2 }));

    const paper = visibleText((await facilitator.get(`${base}/paper`)).body);
    expect(paper).toContain('Type in the points each story code got on the ballot sheets, added up.');
    expect(paper).toContain(rule);

    await facilitator.post(`${base}/reveal`, { reveal: '1' });
    const results = await sam.get(`/rounds/${w.round.id}/take-part/results`);
    expect(visibleText(results.body)).toContain('Points per story, most first');
    expect(visibleText(results.body)).toContain(rule);
    expect(await htmlErrors(results.body)).toEqual([]);

    const feedback = await facilitator.get(`${base}/feedback`);
    expect(feedback.body).toContain('<th scope="col" class="num">Points</th>');
    expect(visibleText(feedback.body)).toContain(rule);
    expect(feedback.body).not.toContain('>Votes<');
    expect(await htmlErrors(feedback.body)).toEqual([]);
  });

  it('works the rule out from the places there are: fewer stories than places, fewer places', async () => {
    const { w, base, facilitator } = await roundOf('ranking', 5);
    expect(visibleText((await facilitator.get(`${base}/tallies`)).body)).toContain(
      `first place gets ${w.stories.length} points`,
    );
    await t.db.updateTable('rounds').set({ dots: 1 }).where('id', '=', w.round.id).execute();
    expect(visibleText((await facilitator.get(`${base}/tallies`)).body)).toContain(
      'Points come from each person’s ranking: first place gets 1 point.',
    );
    await t.db.updateTable('rounds').set({ dots: 5, tallies_revealed: 1 }).where('id', '=', w.round.id).execute();
    const sam = await guestIn(t.app, w.round.join_code, 'Sam');
    expect(visibleText((await sam.get(`/rounds/${w.round.id}/take-part/results`)).body)).toContain(
      `first place gets ${w.stories.length} points`,
    );
  });

  it('says points, with the rule, in Spanish, French and Arabic', async () => {
    const { w, base } = await roundOf('ranking', 2);
    for (const [lang, caption, rule] of [
      ['es', 'Puntos por código de historia', 'el primer puesto recibe 2 puntos'],
      ['fr', 'Points par code de récit', 'la première place reçoit 2 points'],
      ['ar', 'النقاط لكل رمز قصة', 'المركز الأول يحصل على نقطتين'],
    ] as const) {
      await speak(w.people.coordinator.id, lang);
      const coordinator = await signedIn(t.app, w.people.coordinator.email);
      const page = await coordinator.get(`${base}/tallies`);
      const text = visibleText(page.body);
      expect(text).toContain(caption);
      expect(text).toContain(rule);
      expect(await htmlErrors(page.body)).toEqual([]);
    }
  });
});

describe('dot voting and a single vote', () => {
  it('dot voting says dots, a single vote says votes', async () => {
    for (const [method, dots, caption, column, results] of [
      ['dots', 3, 'Dots per story code', 'Dots', 'Dots per story, most first'],
      ['secret', 1, 'Votes per story code', 'Votes', 'Votes per story, most first'],
    ] as const) {
      const { w, base, facilitator } = await roundOf(method, dots);
      const sam = await guestIn(t.app, w.round.join_code, 'Sam');
      const [a] = w.stories;
      await vote(sam, w.round.id, method === 'dots' ? { [`dots-${a!.id}`]: '2' } : { choice: String(a!.id) });
      const text = visibleText((await facilitator.get(`${base}/tallies`)).body);
      expect(text).toContain(caption);
      expect(text).not.toMatch(/\bpoints?\b/i);
      expect(text).toContain(
        method === 'dots'
          ? 'Each person has 3 dots to give and may put more than one on a story; a story’s number is all the dots it was given.'
          : 'Each person votes for one story; a story’s number is the votes it was given.',
      );
      expect((await facilitator.get(`${base}/feedback`)).body).toContain(`<th scope="col" class="num">${column}</th>`);
      await facilitator.post(`${base}/reveal`, { reveal: '1' });
      expect(visibleText((await sam.get(`/rounds/${w.round.id}/take-part/results`)).body)).toContain(results);
    }
  });
});
