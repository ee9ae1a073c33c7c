import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../helpers/agent.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, roundsSnapshot, withdraw, type DecisionWorld } from '../rounds/decisions-fixture.ts';

let w: DecisionWorld;
let log: string;

beforeEach(async () => {
  w = await makeDecisionWorld();
  log = `${w.base}/inquiries/${w.inquiry.id}/learning`;
  await w.t.db
    .updateTable('inquiries')
    .set({ period_start: '2026-04-01', period_end: '2026-09-30' })
    .where('id', '=', w.inquiry.id)
    .execute();
});
afterEach(() => w.t.close());

async function add(fields: Record<string, string | string[]>, as = w.as.facilitator) {
  await as.get(log);
  return as.post(log, fields);
}

describe('the learning log', () => {
  it('adds an item with owner, status and links, in this reporting period, and everyone can read it', async () => {
    const res = await add({
      kind: 'will_do',
      text: 'Bring housing officers to the next open event.',
      owner: 'Priya (council)',
      status: 'open',
      stories: `${w.lives[0]!.code.toLowerCase()}, ${w.services.code}`,
      'rounds[]': String(w.round.id),
    });
    expect(res.statusCode).toBe(303);
    const item = await w.t.db.selectFrom('learning_items').selectAll().executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      kind: 'will_do',
      owner: 'Priya (council)',
      status: 'open',
      period: '2026-04-01 to 2026-09-30',
      created_by: w.people.facilitator.id,
    });
    expect(res.headers.location).toBe(`${log}#item-${item.id}`);
    expect(flash((await w.as.facilitator.get(log)).body)).toBe('Added to the learning log.');
    const links = await w.t.db.selectFrom('learning_links').selectAll().where('item_id', '=', item.id).execute();
    expect(links).toHaveLength(3);
    expect(
      await w.t.db.selectFrom('audit_events').select('action').where('action', '=', 'learning.item_added').execute(),
    ).toHaveLength(1);
    for (const role of ['reader', 'interviewer', 'coordinator', 'facilitator'] as const) {
      const page = await w.as[role].get(log);
      expect(page.statusCode).toBe(200);
      expect(heading(page.body)).toBe('Learning log');
      const text = visibleText(page.body);
      expect(text).toContain('Bring housing officers to the next open event.');
      expect(text).toContain('Owner: Priya (council)');
      expect(text).toContain(`${w.lives[0]!.code} I found my voice`);
      expect(text).toContain('Rounds: Table 3 round');
      expect(text).toContain('This reporting period: 1 Apr 2026 – 30 Sept 2026.');
      expect(await htmlErrors(page.body)).toEqual([]);
    }
    expect((await w.as.reader.get(log)).body).not.toContain('Add to the log');
  });

  it('refuses an unknown or withdrawn story code and an empty text beside the fields, keeping what was typed', async () => {
    await withdraw(w.t.db, w.lives[1]!);
    for (const stories of ['MSC-9999', w.lives[1]!.code]) {
      await w.as.coordinator.get(log);
      const before = await roundsSnapshot(w.t.db);
      const res = await w.as.coordinator.post(log, {
        kind: 'learned',
        text: 'People value being listened to.',
        owner: 'Board',
        status: 'open',
        stories,
      });
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, 'stories')).toBe(
        `${stories} does not name a story in this inquiry that can be linked (drafts and withdrawn stories cannot be). Check the code.`,
      );
      expect(fieldValue(res.body, 'stories')).toBe(stories);
      expect(res.body).toContain('People value being listened to.');
      expect(fieldValue(res.body, 'owner')).toBe('Board');
      expect(await roundsSnapshot(w.t.db)).toEqual(before);
      expect(await htmlErrors(res.body)).toEqual([]);
    }
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.coordinator.post(log, {
      kind: 'learned',
      text: '',
      owner: 'Board',
      status: 'open',
      'rounds[]': '999999',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'text')).toBe('Write the item, in up to 4,000 characters.');
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
    const badRound = await w.as.coordinator.post(log, {
      kind: 'learned',
      text: 'Something.',
      status: 'open',
      'rounds[]': '999999',
    });
    expect(fieldError(badRound.body, 'rounds')).toBe("Choose among this inquiry's rounds.");
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
  });

  it('names every code that links no story, as typed, on adding and on editing alike', async () => {
    await withdraw(w.t.db, w.lives[1]!);
    const typed = `MSC-9999, ${w.lives[0]!.code.toLowerCase()}, ${w.lives[1]!.code}, hello`;
    const wrong = `MSC-9999, ${w.lives[1]!.code} and “hello” do not name a story in this inquiry that can be linked (drafts and withdrawn stories cannot be). Check the codes.`;
    const before = await roundsSnapshot(w.t.db);
    const added = await add({ kind: 'learned', text: 'Listening matters.', status: 'open', stories: typed });
    expect(added.statusCode).toBe(422);
    expect(fieldError(added.body, 'stories')).toBe(wrong);
    expect(visibleText(added.body)).toContain(`There is a problem ${wrong}`);
    expect(fieldValue(added.body, 'stories')).toBe(typed);
    expect(await htmlErrors(added.body)).toEqual([]);
    expect(await roundsSnapshot(w.t.db)).toEqual(before);

    await add({ kind: 'learned', text: 'Listening matters.', status: 'open', stories: w.lives[0]!.code });
    const item = await w.t.db.selectFrom('learning_items').selectAll().executeTakeFirstOrThrow();
    await w.as.facilitator.get(`${log}/${item.id}`);
    const edited = await w.as.facilitator.post(`${log}/${item.id}`, {
      kind: 'learned',
      text: 'Listening matters.',
      status: 'open',
      stories: typed,
    });
    expect(edited.statusCode).toBe(422);
    expect(fieldError(edited.body, 'stories')).toBe(wrong);
    expect(fieldValue(edited.body, 'stories')).toBe(typed);
    const one = await w.as.facilitator.post(`${log}/${item.id}`, {
      kind: 'learned',
      text: 'Listening matters.',
      status: 'open',
      stories: `${w.lives[0]!.code}, MSC-0077`,
    });
    expect(fieldError(one.body, 'stories')).toBe(
      'MSC-0077 does not name a story in this inquiry that can be linked (drafts and withdrawn stories cannot be). Check the code.',
    );
  });

  it('edits an item (its status especially), and records the change', async () => {
    await add({
      kind: 'will_do',
      text: 'Visit every table before the next event.',
      status: 'open',
      stories: w.lives[0]!.code,
    });
    const item = await w.t.db.selectFrom('learning_items').selectAll().executeTakeFirstOrThrow();
    const page = await w.as.facilitator.get(`${log}/${item.id}`);
    expect(page.statusCode).toBe(200);
    expect(fieldValue(page.body, 'stories')).toBe(w.lives[0]!.code);
    expect(await htmlErrors(page.body)).toEqual([]);
    const res = await w.as.facilitator.post(`${log}/${item.id}`, {
      kind: 'will_do',
      text: 'Visit every table before the next event.',
      status: 'in_progress',
      owner: 'Sam',
      stories: '',
    });
    expect(res.statusCode).toBe(303);
    const after = await w.t.db.selectFrom('learning_items').selectAll().executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'in_progress', owner: 'Sam', period: '2026-04-01 to 2026-09-30' });
    expect(await w.t.db.selectFrom('learning_links').selectAll().execute()).toEqual([]);
    expect(visibleText((await w.as.facilitator.get(log)).body)).toContain('In progress');
    expect(
      await w.t.db.selectFrom('audit_events').select('action').where('action', '=', 'learning.item_changed').execute(),
    ).toHaveLength(1);

    const before = await roundsSnapshot(w.t.db);
    const bad = await w.as.facilitator.post(`${log}/${item.id}`, {
      kind: 'will_do',
      text: 'Changed words',
      status: 'finished',
    });
    expect(bad.statusCode).toBe(422);
    expect(fieldError(bad.body, 'status')).toBe('Choose a status.');
    expect(bad.body).toContain('Changed words');
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
    expect(await htmlErrors(bad.body)).toEqual([]);
  });

  it('carries unfinished items from an earlier period to the top of the next', async () => {
    await add({ kind: 'will_do', text: 'Still to do from spring.', status: 'in_progress' });
    await add({ kind: 'learned', text: 'Finished in spring.', status: 'done' });
    await w.t.db
      .updateTable('inquiries')
      .set({ period_start: '2026-10-01', period_end: '2027-03-31' })
      .where('id', '=', w.inquiry.id)
      .execute();
    await add({ kind: 'learned', text: 'New this autumn.', status: 'open' });
    const text = visibleText((await w.as.reader.get(log)).body);
    expect(text.indexOf('Carried over from earlier periods')).toBeLessThan(text.indexOf('Still to do from spring.'));
    expect(text.indexOf('Still to do from spring.')).toBeLessThan(text.indexOf('New this autumn.'));
    expect(text).toContain('From 1 Apr 2026 – 30 Sept 2026');
    expect(text.indexOf('Finished in earlier periods')).toBeLessThan(text.indexOf('Finished in spring.'));
    const item = await w.t.db
      .selectFrom('learning_items')
      .select('period')
      .where('text', '=', 'New this autumn.')
      .executeTakeFirstOrThrow();
    expect(item.period).toBe('2026-10-01 to 2027-03-31');
  });

  it('lets readers and interviewers read but not change it; hides it from signed-out people and other alliances', async () => {
    await add({ kind: 'learned', text: 'Something we learned.', status: 'open' });
    const item = await w.t.db.selectFrom('learning_items').selectAll().executeTakeFirstOrThrow();
    const before = await roundsSnapshot(w.t.db);
    for (const role of ['reader', 'interviewer'] as const) {
      expect((await w.as[role].get(log)).statusCode).toBe(200);
      expect((await w.as[role].post(log, { kind: 'learned', text: 'Mine', status: 'open' })).statusCode).toBe(403);
      expect((await w.as[role].get(`${log}/${item.id}`)).statusCode).toBe(403);
      expect(
        (await w.as[role].post(`${log}/${item.id}`, { kind: 'learned', text: 'Mine', status: 'done' })).statusCode,
      ).toBe(403);
    }
    const out = await new Agent(w.t.app).get(log);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toMatch(/^\/sign-in/);
    expect((await w.other.get(log)).statusCode).toBe(404);
    expect(
      (await w.other.post(`${log}/${item.id}`, { kind: 'learned', text: 'Theirs', status: 'done' })).statusCode,
    ).toBe(404);
    expect((await w.as.coordinator.get(`${log}/999999`)).statusCode).toBe(404);
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
  });
});
