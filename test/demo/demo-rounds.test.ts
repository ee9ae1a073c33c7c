/** The demo's sense-making: two open-event tables (phones and paper) passing stories up to the board, with reasons. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PEOPLE, loadDemo } from '../../server/demo/load.ts';
import { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await loadDemo(t.db);
});
afterAll(() => t.close());

describe('the demo rounds', () => {
  it('has two level-1 tables (live and paper), a closed board round at level 2 and a funder round being prepared', async () => {
    const rounds = await t.db
      .selectFrom('rounds')
      .select(['name', 'level', 'voting', 'stage', 'method'])
      .orderBy('id')
      .execute();
    expect(rounds.map((r) => [r.level, r.voting, r.stage])).toEqual([
      [1, 'live', 'closed'],
      [1, 'paper', 'closed'],
      [2, 'live', 'closed'],
      [3, 'live', 'preparing'],
    ]);
    const ballots = await t.db.selectFrom('ballots').select(['source', 'participant_id']).execute();
    expect(ballots.filter((b) => b.source === 'live').length).toBe(4);
    expect(ballots.filter((b) => b.source === 'paper').length).toBe(1);
  });

  it('shows on a chosen story’s page the reasons of the table and of the board', async () => {
    const board = await t.db.selectFrom('rounds').select('id').where('level', '=', 2).executeTakeFirstOrThrow();
    const chosen = await t.db
      .selectFrom('selections')
      .select('story_id')
      .where('round_id', '=', board.id)
      .orderBy('id')
      .execute();
    expect(chosen.length).toBeGreaterThan(0);
    const coordinator = new Agent(t.app);
    expect((await coordinator.signIn(DEMO_PEOPLE[0]!.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const page = visibleText((await coordinator.get(`/alliances/1/stories/${chosen[0]!.story_id}`)).body);
    expect(page).toMatch(/the board chose/i);
    expect(page).toMatch(/We (chose|picked) (this story|it)/);
    expect(page).toContain('Table');
  });

  it('has a learning log carrying the board’s lessons', async () => {
    const items = await t.db.selectFrom('learning_items').select(['kind', 'status']).execute();
    expect(items.map((i) => i.kind).sort()).toEqual(['learned', 'will_do', 'will_do']);
  });
});

describe('the demo as its funder (the reader) sees it', () => {
  it('shows on every feedback page no story whose teller kept it from funders, and no teller’s name', async () => {
    const reader = new Agent(t.app);
    const account = DEMO_PEOPLE.find((p) => p.role === 'reader')!;
    expect((await reader.signIn(account.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const kept = await t.db
      .selectFrom('stories')
      .select(['code', 'title', 'storyteller'])
      .where('consent_funders', '=', 0)
      .where('consent_panels', '=', 1)
      .execute();
    expect(kept.length).toBeGreaterThan(0);
    const rounds = await t.db.selectFrom('rounds').select(['id', 'stage']).orderBy('id').execute();
    let shown = 0;
    for (const round of rounds) {
      const page = await reader.get(`/alliances/1/rounds/${round.id}/feedback`);
      expect(page.statusCode).toBe(200);
      const text = visibleText(page.body);
      expect(kept.filter((s) => text.includes(s.code) || text.includes(s.title)).map((s) => s.code)).toEqual([]);
      expect(text).not.toContain('Told by');
      shown += (text.match(/MSC-\d+/g) ?? []).length;
    }
    expect(shown, 'the stories shared with funders are still shown').toBeGreaterThan(0);
  });

  it('has the funder on the funder round’s panel, and on no other', async () => {
    const reader = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_PEOPLE.find((p) => p.role === 'reader')!.email)
      .executeTakeFirstOrThrow();
    const panels = await t.db
      .selectFrom('round_participants')
      .innerJoin('rounds', 'rounds.id', 'round_participants.round_id')
      .select('rounds.level')
      .where('round_participants.user_id', '=', reader.id)
      .execute();
    expect(panels).toEqual([{ level: 3 }]);
  });
});
