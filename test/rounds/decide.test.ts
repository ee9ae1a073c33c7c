import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/agent.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, paperVotes, roundsSnapshot, withdraw, type DecisionWorld } from './decisions-fixture.ts';
import { setStage } from './round-fixtures.ts';

let w: DecisionWorld;
let decide: string;
const REASONS = 'This story shows how a person found the courage to speak at a public meeting.';

beforeEach(async () => {
  w = await makeDecisionWorld();
  decide = `${w.roundPath}/decide`;
  await paperVotes(w.t.db, w.round.id, {
    [w.lives[0]!.id]: 2,
    [w.lives[1]!.id]: 7,
    [w.lives[2]!.id]: 4,
    [w.services.id]: 3,
  });
});
afterEach(() => w.t.close());

const lives = () => String(w.domainIds.lives);

describe('the decide page', () => {
  it('lists each domain with its stories, highest vote first, and a "No domain" group', async () => {
    const res = await w.as.facilitator.get(decide);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe("Record the panel's decisions");
    const text = visibleText(res.body);
    expect(text).toContain("Changes in people's lives");
    expect(text).toContain('Changes in how services work together');
    expect(text).toContain('No domain');
    const order = ['The bus came back', 'A quiet story', 'I found my voice'].map((title) => text.indexOf(title));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('The bus came back — 7 dots');
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('records the chosen story with its reasons and the votes it had, and shows it', async () => {
    await w.as.facilitator.get(decide);
    const res = await w.as.facilitator.post(decide, {
      domain: lives(),
      'stories[]': String(w.lives[1]!.id),
      reasons: REASONS,
      criteria: 'Depth of change.',
      dissent: 'Two of us preferred MSC-0001.',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${decide}#domain-${lives()}`);
    const page = await w.as.facilitator.get(decide);
    expect(flash(page.body)).toBe('Decision recorded.');
    expect(visibleText(page.body)).toContain(REASONS);
    const decisions = await w.t.db.selectFrom('decisions').selectAll().execute();
    expect(decisions).toMatchObject([
      {
        round_id: w.round.id,
        domain_id: w.domainIds.lives,
        outcome: 'chosen',
        reasons: REASONS,
        criteria: 'Depth of change.',
        dissent: 'Two of us preferred MSC-0001.',
        recorded_by: w.people.facilitator.id,
      },
    ]);
    const selections = await w.t.db.selectFrom('selections').selectAll().execute();
    expect(selections.map((s) => [s.story_id, Number(s.votes)])).toEqual([[w.lives[1]!.id, 7]]);
    const audit = await w.t.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'round.decision_recorded')
      .execute();
    expect(audit).toHaveLength(1);
    expect(await htmlErrors(page.body)).toEqual([]);
  });

  it('takes two stories when the panel is split, and re-recording replaces the decision', async () => {
    await w.as.coordinator.get(decide);
    await w.as.coordinator.post(decide, {
      domain: lives(),
      'stories[]': [String(w.lives[0]!.id), String(w.lives[1]!.id)],
      reasons: REASONS,
    });
    expect(await w.t.db.selectFrom('selections').selectAll().execute()).toHaveLength(2);
    const res = await w.as.coordinator.post(decide, {
      domain: lives(),
      chooseNone: 'yes',
      reasons: 'None of these stories spoke to the change we were looking for.',
    });
    expect(res.statusCode).toBe(303);
    const decisions = await w.t.db.selectFrom('decisions').selectAll().execute();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.outcome).toBe('none');
    expect(await w.t.db.selectFrom('selections').selectAll().execute()).toHaveLength(0);
    expect(visibleText((await w.as.coordinator.get(decide)).body)).toContain('The panel chose none of these stories.');
  });

  it('records a decision for the stories without a domain', async () => {
    await w.as.facilitator.get(decide);
    const res = await w.as.facilitator.post(decide, {
      domain: 'none',
      'stories[]': String(w.noDomain.id),
      reasons: REASONS,
    });
    expect(res.statusCode).toBe(303);
    expect(await w.t.db.selectFrom('decisions').select('domain_id').execute()).toEqual([{ domain_id: null }]);
  });

  it.each([
    ['no reasons', { stories: 'A', reasons: '' }, 'reasons', "Write the panel's reasons (up to 10,000 characters)."],
    [
      'reasons too long to read',
      { stories: 'A', reasons: 'We chose it. '.repeat(800) },
      'reasons',
      "Write the panel's reasons (up to 10,000 characters).",
    ],
    [
      'reasons that are not sentences',
      { stories: 'A', reasons: 'good story' },
      'reasons',
      'Write the reasons in full sentences, so people who were not there understand them.',
    ],
    [
      'three stories',
      { stories: ['A', 'B', 'C'], reasons: REASONS },
      'stories',
      'Choose at most two stories: one, or two if the panel was split.',
    ],
    [
      'a story of another domain',
      { stories: 'S', reasons: REASONS },
      'stories',
      'Choose among the stories of this domain in this round.',
    ],
    [
      'choose none with stories ticked',
      { stories: 'A', chooseNone: 'yes', reasons: REASONS },
      'stories',
      'Either tick stories or choose none, not both.',
    ],
    ['nothing chosen', { reasons: REASONS }, 'stories', 'Choose a story, or choose none.'],
  ])('refuses %s beside the field, keeps what was typed, writes nothing', async (_name, fields, field, message) => {
    const ids: Record<string, string> = {
      A: String(w.lives[0]!.id),
      B: String(w.lives[1]!.id),
      C: String(w.lives[2]!.id),
      S: String(w.services.id),
    };
    const { stories: letters, ...f } = fields as Record<string, string | string[]>;
    const stories = letters === undefined ? undefined : [letters].flat().map((s) => ids[s]!);
    await w.as.facilitator.get(decide);
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.facilitator.post(decide, {
      ...f,
      domain: lives(),
      'stories[]': stories,
      criteria: 'What we typed about criteria',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `${field}-${lives()}`)).toBe(message);
    expect(res.body).toContain('What we typed about criteria');
    if (f.reasons) expect(res.body).toContain(f.reasons as string);
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('refuses a domain that is not in the round', async () => {
    await w.as.facilitator.get(decide);
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.facilitator.post(decide, {
      domain: '999999',
      'stories[]': String(w.lives[0]!.id),
      reasons: REASONS,
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('That domain is not part of this round.');
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
  });

  it('is read-only once the round has closed', async () => {
    await w.as.facilitator.get(decide);
    await w.as.facilitator.post(decide, { domain: lives(), 'stories[]': String(w.lives[1]!.id), reasons: REASONS });
    await setStage(w.t.db, w.round.id, 'closed');
    const page = await w.as.facilitator.get(decide);
    expect(page.body).not.toContain('name="reasons"');
    expect(visibleText(page.body)).toContain('This round has closed');
    expect(visibleText(page.body)).toContain(REASONS);
    expect(await htmlErrors(page.body)).toEqual([]);
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.facilitator.post(decide, {
      domain: lives(),
      chooseNone: 'yes',
      reasons: 'We changed our minds about all of it.',
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('This round has closed: its decisions can no longer be changed.');
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
  });

  it('takes no decision before voting', async () => {
    await setStage(w.t.db, w.round.id, 'reading');
    const page = await w.as.facilitator.get(decide);
    expect(page.body).not.toContain('name="reasons"');
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.facilitator.post(decide, {
      domain: lives(),
      'stories[]': String(w.lives[1]!.id),
      reasons: REASONS,
    });
    expect(res.statusCode).toBe(422);
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
  });

  it('never offers a story without panel consent or a withdrawn one', async () => {
    await w.t.db.updateTable('stories').set({ consent_panels: 0 }).where('id', '=', w.lives[0]!.id).execute();
    await withdraw(w.t.db, w.lives[1]!);
    const text = visibleText((await w.as.facilitator.get(decide)).body);
    expect(text).not.toContain('I found my voice');
    expect(text).not.toContain('The bus came back');
    await w.as.facilitator.get(decide);
    const res = await w.as.facilitator.post(decide, {
      domain: lives(),
      'stories[]': String(w.lives[0]!.id),
      reasons: REASONS,
    });
    expect(res.statusCode).toBe(422);
  });

  it('sends a signed-out visitor to sign in, refuses readers and interviewers, and hides it from other alliances', async () => {
    const out = await new Agent(w.t.app).get(decide);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(/^\/sign-in/);
    for (const role of ['reader', 'interviewer'] as const) {
      expect((await w.as[role].get(decide)).statusCode).toBe(403);
      const before = await roundsSnapshot(w.t.db);
      expect(
        (await w.as[role].post(decide, { domain: lives(), 'stories[]': String(w.lives[0]!.id), reasons: REASONS }))
          .statusCode,
      ).toBe(403);
      expect(await roundsSnapshot(w.t.db)).toEqual(before);
    }
    expect((await w.other.get(decide)).statusCode).toBe(404);
    expect(
      (await w.other.post(decide, { domain: lives(), 'stories[]': String(w.lives[0]!.id), reasons: REASONS }))
        .statusCode,
    ).toBe(404);
    expect((await w.as.facilitator.get(`${w.base}/rounds/999999/decide`)).statusCode).toBe(404);
  });
});
