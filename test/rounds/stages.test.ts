/** A round's stages and its hub: moving one step at a time, the rules that hold a round back, the join code. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database.ts';
import type { Alliance, Inquiry, Role, Round, Story, User } from '../../server/db/schema.ts';
import { CODE_ALPHABET, newJoinCode, showJoinCode } from '../../server/rounds/codes.ts';
import { createRound } from '../../server/rounds/setup-store.ts';
import type { RoundFields } from '../../server/rounds/setup-forms.ts';
import { nextStage, previousStage, stageProblem, stagesFor } from '../../server/rounds/stages.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { flash, heading, visibleText } from '../helpers/pages.ts';
import { snapshot } from '../helpers/snapshot.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

describe('stage rules', () => {
  const none = { stories: 2, undecided: [] };
  it('goes one step at a time; consensus rounds skip voting', () => {
    expect(stagesFor('dots')).toEqual(['preparing', 'reading', 'voting', 'deciding', 'closed']);
    expect(stagesFor('consensus')).toEqual(['preparing', 'reading', 'deciding', 'closed']);
    expect(nextStage({ method: 'consensus', stage: 'reading' })).toBe('deciding');
    expect(previousStage({ method: 'consensus', stage: 'deciding' })).toBe('reading');
    expect(nextStage({ method: 'secret', stage: 'reading' })).toBe('voting');
    expect(nextStage({ method: 'dots', stage: 'closed' })).toBeUndefined();
    expect(previousStage({ method: 'dots', stage: 'closed' })).toBeUndefined();
    expect(previousStage({ method: 'dots', stage: 'preparing' })).toBeUndefined();
    expect(stageProblem({ method: 'dots', stage: 'preparing' }, 'voting', none)).toEqual({
      message: 'rounds.stage.notAllowed',
    });
    expect(stageProblem({ method: 'consensus', stage: 'reading' }, 'voting', none)).toEqual({
      message: 'rounds.stage.notAllowed',
    });
    expect(stageProblem({ method: 'dots', stage: 'closed' }, 'deciding', none)).toEqual({
      message: 'rounds.stage.notAllowed',
    });
    expect(stageProblem({ method: 'dots', stage: 'voting' }, 'reading', none)).toBeUndefined();
  });

  it('needs stories to read, and a decision for every domain to close', () => {
    expect(stageProblem({ method: 'dots', stage: 'preparing' }, 'reading', { stories: 0, undecided: [] })).toEqual({
      message: 'rounds.stage.noStories',
    });
    expect(
      stageProblem({ method: 'dots', stage: 'deciding' }, 'closed', { stories: 3, undecided: ['Any other change'] }),
    ).toEqual({ message: 'rounds.stage.undecided', domains: ['Any other change'] });
    expect(stageProblem({ method: 'dots', stage: 'deciding' }, 'closed', none)).toBeUndefined();
  });
});

describe('join codes', () => {
  it('are six characters from an alphabet without look-alikes, shown in two groups', () => {
    expect(CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    for (let i = 0; i < 200; i++) expect(newJoinCode()).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(showJoinCode('ABC234')).toBe('ABC 234');
    expect(new Set(Array.from({ length: 500 }, () => newJoinCode())).size).toBeGreaterThan(495);
  });
});

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let other: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let facilitator: Agent;
let base: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  other = await makeAlliance(t.db, 'Other Alliance');
  inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  facilitator = await signedIn(t.app, people.facilitator.email);
  base = `/alliances/${alliance.id}`;
});
afterEach(() => t.close());

async function allRows(db: Db) {
  return { ...(await snapshot(db)), rounds: await db.selectFrom('rounds').selectAll().orderBy('id').execute() };
}

function makeRound(fields: Partial<RoundFields> = {}): Promise<Round> {
  return createRound(t.db, people.facilitator, inquiry, {
    name: 'Table 1',
    panel: 'Table 1 at the open event',
    level: 1,
    domainIds: [],
    method: 'dots',
    dots: 3,
    voting: 'live',
    shuffle: false,
    sourceIds: [],
    ...fields,
  });
}

async function addToRound(round: Round, stories: Story[]) {
  for (const [position, s] of stories.entries())
    await t.db
      .insertInto('round_stories')
      .values({ round_id: round.id, story_id: s.id, position, origin: 'hand' })
      .execute();
}

const stageOf = async (round: Round) =>
  await t.db.selectFrom('rounds').select(['stage', 'closed_at']).where('id', '=', round.id).executeTakeFirstOrThrow();

describe('the round hub', () => {
  it('shows the details, the stage as steps, the join code and address, stories with reading time, and participants', async () => {
    const round = await makeRound({ method: 'ranking', dots: 5 });
    const story = await makeStory(t.db, inquiry, { title: 'The bus came back', words: 'word '.repeat(450) });
    const hidden = await makeStory(t.db, inquiry, { title: 'Not for panels', consent: { panels: false } });
    const gone = await makeStory(t.db, inquiry, { title: 'Withdrawn later' });
    await addToRound(round, [story, hidden, gone]);
    await t.db
      .updateTable('stories')
      .set({ status: 'withdrawn', withdrawn_at: new Date().toISOString() })
      .where('id', '=', gone.id)
      .execute();
    await t.db
      .insertInto('round_participants')
      .values({
        round_id: round.id,
        user_id: null,
        display_name: 'Amira',
        order_seed: 1,
        joined_at: new Date().toISOString(),
      })
      .execute();
    const res = await facilitator.get(`${base}/rounds/${round.id}`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Table 1');
    const text = visibleText(res.body);
    expect(text).toContain('Panel Table 1 at the open event');
    expect(text).toContain('Ranking — each ranks their top 5 stories');
    expect(res.body).toMatch(/<li aria-current="step">Preparing<\/li>/);
    expect(text).toContain(showJoinCode(round.join_code));
    expect(text).toMatch(/On your phone, go to http:\/\/localhost(:\d+)?\/join/);
    expect(text).toContain(`${story.code} The bus came back`);
    expect(text).toContain('2 minutes');
    expect(text).not.toContain('Not for panels');
    expect(text).not.toContain('Withdrawn later');
    expect(text).toContain('1 participant');
    expect(text).toContain('Amira (guest)');
    expect(res.body).toContain(`href="${base}/rounds/${round.id}/feedback"`);
    expect(res.body).toContain(`href="${base}/rounds/${round.id}/tallies"`);
    expect(res.body).not.toContain(`href="${base}/rounds/${round.id}/decide"`);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('shows no tallies for consensus rounds, and the decide page from deciding on', async () => {
    const round = await makeRound({ method: 'consensus' });
    await t.db.updateTable('rounds').set({ stage: 'deciding' }).where('id', '=', round.id).execute();
    const res = await facilitator.get(`${base}/rounds/${round.id}`);
    expect(res.body).not.toContain(`/rounds/${round.id}/tallies"`);
    expect(res.body).toContain(`href="${base}/rounds/${round.id}/decide"`);
  });

  it('guards the hub', async () => {
    const round = await makeRound();
    expect((await new Agent(t.app).get(`${base}/rounds/${round.id}`)).headers.location).toMatch(/^\/sign-in/);
    for (const role of ['interviewer', 'reader'] as const)
      expect((await (await signedIn(t.app, people[role].email)).get(`${base}/rounds/${round.id}`)).statusCode).toBe(
        403,
      );
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(`/alliances/${other.alliance.id}/rounds/${round.id}`)).statusCode).toBe(404);
    expect((await facilitator.get(`${base}/rounds/999999`)).statusCode).toBe(404);
  });
});

describe('moving a round through its stages', () => {
  it('moves forward and back one step, audits each move, and closes with a date, hiding the code', async () => {
    const round = await makeRound({ method: 'consensus' });
    await addToRound(round, [await makeStory(t.db, inquiry, { domain: null })]);
    await facilitator.get(`${base}/rounds/${round.id}`);
    let res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'reading' });
    expect(res.statusCode).toBe(303);
    expect(flash((await facilitator.get(`${base}/rounds/${round.id}`)).body)).toBe("The round's stage changed.");
    expect((await stageOf(round)).stage).toBe('reading');
    res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'deciding' });
    expect((await stageOf(round)).stage).toBe('deciding');
    res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'reading' });
    expect((await stageOf(round)).stage).toBe('reading');
    await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'deciding' });
    await t.db
      .insertInto('decisions')
      .values({
        round_id: round.id,
        domain_id: null,
        outcome: 'none',
        reasons: 'None stood out.',
        criteria: '',
        dissent: '',
        recorded_by: null,
        decided_at: new Date().toISOString(),
      })
      .execute();
    res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'closed' });
    expect(res.statusCode).toBe(303);
    const closed = await stageOf(round);
    expect(closed.stage).toBe('closed');
    expect(closed.closed_at).not.toBeNull();
    const hub = await facilitator.get(`${base}/rounds/${round.id}`);
    expect(visibleText(hub.body)).not.toContain(showJoinCode(round.join_code));
    expect(hub.body).not.toContain('Back to');
    // A closed round has no panel to join: no link to a page that would only say so.
    expect(hub.body).not.toContain(`href="/rounds/${round.id}/take-part"`);
    const moves = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'round.stage_changed')
      .execute();
    expect(moves).toHaveLength(5);
  });

  it('says why a round cannot move, and writes nothing', async () => {
    const round = await makeRound();
    await facilitator.get(`${base}/rounds/${round.id}`);
    let before = await allRows(t.db);
    let res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'reading' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('The round has no stories to read: pick its stories first.');
    res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'closed' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('A round moves one stage at a time');
    expect(await allRows(t.db)).toEqual(before);

    await addToRound(round, [
      await makeStory(t.db, inquiry, { domain: 0 }),
      await makeStory(t.db, inquiry, { domain: 2 }),
    ]);
    await t.db.updateTable('rounds').set({ stage: 'deciding' }).where('id', '=', round.id).execute();
    before = await allRows(t.db);
    res = await facilitator.post(`${base}/rounds/${round.id}/stage`, { to: 'closed' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain("Still to decide: Changes in people's lives, Any other change.");
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(await allRows(t.db)).toEqual(before);
  });

  it('guards moving', async () => {
    const round = await makeRound();
    await addToRound(round, [await makeStory(t.db, inquiry)]);
    expect(
      (await new Agent(t.app).post(`${base}/rounds/${round.id}/stage`, { to: 'reading' })).headers.location,
    ).toMatch(/^\/sign-in/);
    for (const role of ['interviewer', 'reader'] as const)
      expect(
        (await (await signedIn(t.app, people[role].email)).post(`${base}/rounds/${round.id}/stage`, { to: 'reading' }))
          .statusCode,
      ).toBe(403);
    const outsider = await signedIn(t.app, other.coordinator.email);
    await outsider.get(`/alliances/${other.alliance.id}/members`);
    expect((await outsider.post(`${base}/rounds/${round.id}/stage`, { to: 'reading' })).statusCode).toBe(404);
    expect(
      (await outsider.post(`/alliances/${other.alliance.id}/rounds/${round.id}/stage`, { to: 'reading' })).statusCode,
    ).toBe(404);
    expect((await stageOf(round)).stage).toBe('preparing');
  });
});

describe('join code uniqueness', () => {
  it('gives every round its own code', async () => {
    const rounds = await Promise.all(Array.from({ length: 20 }, (_, i) => makeRound({ name: `Table ${i}` })));
    expect(new Set(rounds.map((r) => r.join_code)).size).toBe(20);
  });
});
