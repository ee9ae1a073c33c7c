/**
 * A reader (the role a funder has) takes part in a round only when a facilitator adds them to its panel, and even
 * then reads, votes on and sees the results of only the stories whose tellers agreed to panels and to funders —
 * never with a teller's name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { membershipId } from '../helpers/snapshot.ts';
import { makeStory } from '../helpers/stories.ts';
import { addRoundStories, participationWorld } from './round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let home: string;
let hub: string;
let kept: Awaited<ReturnType<typeof makeStory>>;

beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t, { stage: 'voting', tallies_revealed: 1 });
  // A story the panel may read whose teller did not agree to funders seeing it.
  kept = await makeStory(t.db, w.inquiry, {
    title: 'Kept from funders',
    words: 'Words for the panel, not for funders.',
    storyteller: 'Jo Private',
    consent: { funders: false },
  });
  await addRoundStories(t.db, w.round.id, [kept.id]);
  home = `/rounds/${w.round.id}/take-part`;
  hub = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
});
afterEach(() => t.close());

const participants = () =>
  t.db
    .selectFrom('round_participants')
    .select(['user_id', 'display_name'])
    .where('round_id', '=', w.round.id)
    .execute();

async function addReaderToPanel(): Promise<Agent> {
  const facilitator = await signedIn(t.app, w.people.facilitator.email);
  const page = await facilitator.get(hub);
  expect(visibleText(page.body)).toContain('Add a member to the panel');
  const res = await facilitator.post(`${hub}/participants`, {
    member: String(await membershipId(t.db, w.alliance.id, w.people.reader.id)),
  });
  expect(res.statusCode).toBe(303);
  const after = await facilitator.get(hub);
  expect(flash(after.body)).toBe('Added to the panel.');
  expect(visibleText(after.body)).toContain(w.people.reader.name);
  return signedIn(t.app, w.people.reader.email);
}

describe('a reader not on the panel', () => {
  it("is refused the round's pages and is not joined by opening them", async () => {
    const reader = await signedIn(t.app, w.people.reader.email);
    for (const url of [
      home,
      `${home}/stories/${w.stories[0]!.id}`,
      `${home}/stories/${kept.id}`,
      `${home}/vote`,
      `${home}/results`,
    ]) {
      const res = await reader.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(visibleText(res.body)).toContain('Ask the facilitator');
      expect(res.body).not.toContain('Words for the panel');
      expect(res.body).not.toContain('Rose T.');
    }
    expect(await participants()).toEqual([]);
  });

  it("cannot join with the round's code: the form says why and keeps what was typed", async () => {
    const reader = await signedIn(t.app, w.people.reader.email);
    const res = await reader.submit('/join', '/join', { code: w.round.join_code, name: 'Funder' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'code')).toBe(
      'Readers take part in a round once its facilitator has added them to the panel. Ask the facilitator.',
    );
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(await participants()).toEqual([]);
  });
});

describe('a reader the facilitator added to the panel', () => {
  it("reads only the stories shared with funders, without tellers' names", async () => {
    const reader = await addReaderToPanel();
    const page = await reader.get(home);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    for (const s of w.stories) expect(text).toContain(s.code);
    expect(text).not.toContain(kept.code);
    expect(text).not.toContain('Kept from funders');
    const story = await reader.get(`${home}/stories/${w.stories[0]!.id}`);
    expect(story.statusCode).toBe(200);
    expect(visibleText(story.body)).toContain('the nurse and the housing officer met us at the door');
    expect(visibleText(story.body)).not.toContain('Rose T.');
    expect((await reader.get(`${home}/stories/${kept.id}`)).statusCode).toBe(404);
    expect((await reader.post(`${home}/stories/${kept.id}/annotations`, { comment: 'Moving.' })).statusCode).toBe(404);
    // Staff on the same panel still read it, with the teller's name.
    const facilitator = await signedIn(t.app, w.people.facilitator.email);
    await facilitator.submit(home, '/join', { code: w.round.join_code, name: w.people.facilitator.name });
    expect(visibleText((await facilitator.get(`${home}/stories/${kept.id}`)).body)).toContain('Jo Private');
    expect(await participants()).toEqual(
      expect.arrayContaining([{ user_id: w.people.reader.id, display_name: w.people.reader.name }]),
    );
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['actor_name'])
      .where('action', '=', 'round.participant_added')
      .execute();
    expect(audit).toEqual([{ actor_name: w.people.facilitator.name }]);
  });

  it('votes only on those stories, and sees only their totals', async () => {
    const reader = await addReaderToPanel();
    const vote = await reader.get(`${home}/vote`);
    expect(vote.body).not.toContain(`dots-${kept.id}`);
    const refused = await reader.post(`${home}/vote`, { [`dots-${kept.id}`]: '3' });
    expect(refused.statusCode).toBe(422);
    expect(await t.db.selectFrom('ballots').select('id').execute()).toEqual([]);
    expect((await reader.post(`${home}/vote`, { [`dots-${w.stories[0]!.id}`]: '2' })).statusCode).toBe(303);
    const results = visibleText((await reader.get(`${home}/results`)).body);
    expect(results).toContain(w.stories[0]!.code);
    expect(results).not.toContain(kept.code);
  });

  it('refuses a member who is not in the alliance, keeping the page whole', async () => {
    const facilitator = await signedIn(t.app, w.people.facilitator.email);
    await facilitator.get(hub);
    for (const member of [
      '',
      'abc',
      '999999',
      String(await membershipId(t.db, w.other.alliance.id, w.other.reader.id)),
    ]) {
      const res = await facilitator.post(`${hub}/participants`, { member });
      expect(res.statusCode, member).toBe(422);
      expect(heading(res.body)).toBe(w.round.name);
      expect(fieldError(res.body, 'member')).toBe('Choose a member of the alliance from the list.');
    }
    expect(await htmlErrors((await facilitator.post(`${hub}/participants`, { member: 'abc' })).body)).toEqual([]);
    expect(await participants()).toEqual([]);
  });
});
