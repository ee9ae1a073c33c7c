import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/agent.ts';
import { htmlErrors } from '../helpers/html.ts';
import { flash, heading, visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, paperVotes, roundsSnapshot, withdraw, type DecisionWorld } from './decisions-fixture.ts';
import { addRoundStories, makeRound } from './round-fixtures.ts';

let w: DecisionWorld;
let feedback: string;
const REASONS = 'This story shows how a person found the courage to speak at a public meeting.';

beforeEach(async () => {
  w = await makeDecisionWorld();
  feedback = `${w.roundPath}/feedback`;
  await paperVotes(w.t.db, w.round.id, {
    [w.lives[0]!.id]: 2,
    [w.lives[1]!.id]: 7,
    [w.lives[2]!.id]: 4,
    [w.services.id]: 3,
  });
});
afterEach(() => w.t.close());

async function decide(fields: Record<string, string | string[]>, path = w.roundPath) {
  await w.as.facilitator.get(`${path}/decide`);
  const res = await w.as.facilitator.post(`${path}/decide`, fields);
  expect(res.statusCode).toBe(303);
}

describe('the feedback page', () => {
  it('shows every role the chosen stories, reasons, criteria, dissent and the votes for every story read', async () => {
    await decide({
      domain: String(w.domainIds.lives),
      'stories[]': String(w.lives[1]!.id),
      reasons: REASONS,
      criteria: 'Depth of change.',
      dissent: 'Two of us preferred another story.',
    });
    await decide({
      domain: String(w.domainIds.services),
      chooseNone: 'yes',
      reasons: 'The one story here did not show a change yet.',
    });
    for (const role of ['reader', 'interviewer', 'facilitator', 'coordinator'] as const) {
      const res = await w.as[role].get(feedback);
      expect(res.statusCode).toBe(200);
      expect(heading(res.body)).toBe('Feedback from the panel');
      const text = visibleText(res.body);
      expect(text).toContain('Panel Table 3 at the open event');
      expect(text).toContain('Level 1');
      expect(text).toContain(`${w.lives[1]!.code} The bus came back`);
      // A reader is often a funder: never a teller's name (test/security/reader-pages.test.ts checks every page).
      expect(text).toContain(role === 'reader' ? `The bus came back 7 dots` : 'Told by Bob · 7 dots');
      if (role === 'reader') expect(text).not.toContain('Bob');
      expect(text).toContain(REASONS);
      expect(text).toContain('Depth of change.');
      expect(text).toContain('Two of us preferred another story.');
      expect(text).toContain('The panel chose none of the stories in this domain.');
      expect(text).toContain('The one story here did not show a change yet.');
      expect(text).toMatch(/I found my voice Changes in people's lives 2/);
      expect(text).toContain('Not sent yet');
      expect(await htmlErrors(res.body)).toEqual([]);
    }
    expect((await w.as.reader.get(feedback)).body).not.toContain('Mark feedback as sent');
    expect((await w.as.facilitator.get(feedback)).body).toContain('Mark feedback as sent');
  });

  it('shows no name for an anonymous story', async () => {
    await decide({ domain: String(w.domainIds.lives), 'stories[]': String(w.lives[2]!.id), reasons: REASONS });
    const res = await w.as.interviewer.get(feedback);
    expect(visibleText(res.body)).toContain('Told anonymously');
    expect(res.body).not.toContain('Secret Teller');
    expect((await w.as.reader.get(feedback)).body).not.toContain('Secret Teller');
  });

  it('hides a withdrawn story and a story without panel consent, with their decisions', async () => {
    await decide({ domain: String(w.domainIds.lives), 'stories[]': String(w.lives[1]!.id), reasons: REASONS });
    await withdraw(w.t.db, w.lives[1]!);
    await w.t.db.updateTable('stories').set({ consent_panels: 0 }).where('id', '=', w.lives[0]!.id).execute();
    const text = visibleText((await w.as.reader.get(feedback)).body);
    expect(text).not.toContain(w.lives[1]!.code);
    expect(text).not.toContain(REASONS);
    expect(text).not.toContain('I found my voice');
    expect(text).toContain('A quiet story');
  });

  it('shows why lower panels chose the stories passed up to a board', async () => {
    await decide({ domain: String(w.domainIds.lives), 'stories[]': String(w.lives[1]!.id), reasons: REASONS });
    const board = await makeRound(w.t.db, w.alliance.id, w.inquiry.id, {
      name: 'Board round',
      panel: 'Alliance board',
      level: 2,
      stage: 'deciding',
      method: 'consensus',
    });
    await addRoundStories(w.t.db, board.id, [w.lives[1]!.id], 'passed_up');
    const text = visibleText((await w.as.reader.get(`${w.base}/rounds/${board.id}/feedback`)).body);
    expect(text).toContain('Why earlier panels chose these stories');
    expect(text).toContain(`Chosen by Table 3 at the open event (level 1)`);
    expect(text).toContain(REASONS);
    expect(text).toContain('This panel talked it through to consensus');
  });

  it('shows no points and no votes column where a board chose without any ballots in Hearth', async () => {
    const board = await makeRound(w.t.db, w.alliance.id, w.inquiry.id, {
      name: 'Alliance board, June',
      panel: 'Alliance board',
      level: 2,
      stage: 'deciding',
      method: 'ranking',
    });
    await addRoundStories(w.t.db, board.id, [w.lives[1]!.id, w.services.id], 'passed_up');
    const boardPath = `${w.base}/rounds/${board.id}`;
    await decide(
      { domain: String(w.domainIds.lives), 'stories[]': String(w.lives[1]!.id), reasons: REASONS },
      boardPath,
    );
    const english = await w.as.coordinator.get(`${boardPath}/feedback`);
    const text = visibleText(english.body);
    expect(text).toContain('Told by Bob');
    expect(text).not.toMatch(/\bpoints?\b/);
    expect(english.body).not.toContain('>Votes<');
    expect(text).toContain('No votes were entered in Hearth for this round, so no counts are shown.');
    expect(await htmlErrors(english.body)).toEqual([]);
    for (const [lang, none] of [
      ['fr', /\bpoints?\b/],
      ['ar', /لا نقاط|نقطة|نقاط/],
    ] as const) {
      await w.t.db.updateTable('users').set({ language: lang }).where('id', '=', w.people.coordinator.id).execute();
      const page = visibleText((await w.as.coordinator.get(`${boardPath}/feedback`)).body);
      expect(page).toContain('Bob');
      expect(page).not.toMatch(none);
    }
    await w.t.db.updateTable('users').set({ language: 'en' }).where('id', '=', w.people.coordinator.id).execute();
    // Nor on the board's decide page, nor in the story's history of where it was chosen.
    expect(visibleText((await w.as.coordinator.get(`${boardPath}/decide`)).body)).not.toMatch(/\bpoints?\b/);
    const story = visibleText((await w.as.coordinator.get(`${w.base}/stories/${w.lives[1]!.id}`)).body);
    expect(story).toContain('Alliance board');
    expect(story).not.toContain('0 votes');
    // The first round's paper tallies are in Hearth: its counts stay.
    await decide({ domain: String(w.domainIds.lives), 'stories[]': String(w.lives[1]!.id), reasons: REASONS });
    const counted = await w.as.coordinator.get(feedback);
    expect(visibleText(counted.body)).toContain('Told by Bob · 7 dots');
    expect(counted.body).toContain('>Dots<');
  });

  it('marks the feedback as sent, once, with who and when', async () => {
    await decide({ domain: String(w.domainIds.lives), 'stories[]': String(w.lives[1]!.id), reasons: REASONS });
    await w.as.facilitator.get(feedback);
    const res = await w.as.facilitator.post(`${feedback}/sent`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(feedback);
    const page = await w.as.facilitator.get(feedback);
    expect(flash(page.body)).toBe('Feedback marked as sent.');
    expect(visibleText(page.body)).toMatch(new RegExp(`Sent on .* by ${w.people.facilitator.name}`));
    expect(page.body).not.toContain('Mark feedback as sent');
    const round = await w.t.db
      .selectFrom('rounds')
      .select(['feedback_sent_at', 'feedback_sent_by'])
      .where('id', '=', w.round.id)
      .executeTakeFirstOrThrow();
    expect(round.feedback_sent_by).toBe(w.people.facilitator.id);
    expect(round.feedback_sent_at).toBeTruthy();
    const before = await roundsSnapshot(w.t.db);
    await w.as.coordinator.get(feedback);
    expect((await w.as.coordinator.post(`${feedback}/sent`)).statusCode).toBe(303);
    expect(flash((await w.as.coordinator.get(feedback)).body)).toBe('This feedback had already been marked as sent.');
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
    expect(
      await w.t.db.selectFrom('audit_events').select('action').where('action', '=', 'round.feedback_sent').execute(),
    ).toHaveLength(1);
  });

  it('will not mark feedback sent before any decision', async () => {
    await w.as.facilitator.get(feedback);
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.facilitator.post(`${feedback}/sent`);
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain("Record the panel's decisions before marking the feedback as sent.");
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('lets only coordinators and facilitators mark it sent; hides it from signed-out people and other alliances', async () => {
    await decide({ domain: String(w.domainIds.lives), 'stories[]': String(w.lives[1]!.id), reasons: REASONS });
    const before = await roundsSnapshot(w.t.db);
    for (const role of ['reader', 'interviewer'] as const) {
      await w.as[role].get(feedback);
      expect((await w.as[role].post(`${feedback}/sent`)).statusCode).toBe(403);
    }
    const out = await new Agent(w.t.app).get(feedback);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(/^\/sign-in/);
    expect((await w.other.get(feedback)).statusCode).toBe(404);
    expect((await w.other.post(`${feedback}/sent`)).statusCode).toBe(404);
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
  });
});
