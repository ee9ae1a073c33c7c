/** The learning log's form says everything wrong with it at once: an empty text and a wrong story code together. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue } from '../helpers/pages.ts';
import { makeDecisionWorld, roundsSnapshot, type DecisionWorld } from '../rounds/decisions-fixture.ts';

let w: DecisionWorld;
let log: string;

beforeEach(async () => {
  w = await makeDecisionWorld();
  log = `${w.base}/inquiries/${w.inquiry.id}/learning`;
});
afterEach(() => w.t.close());

const WRONG_CODE =
  'MSC-9999 does not name a story in this inquiry that can be linked (drafts and withdrawn stories cannot be). Check the code.';

describe('the learning log form', () => {
  it('shows the missing text and the wrong story code in one answer, keeping what was typed', async () => {
    await w.as.facilitator.get(log);
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.facilitator.post(log, {
      kind: 'learned',
      text: '',
      owner: 'Board',
      status: 'open',
      stories: 'MSC-9999',
      'rounds[]': '999999',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'text')).toBe('Write the item, in up to 4,000 characters.');
    expect(fieldError(res.body, 'stories')).toBe(WRONG_CODE);
    expect(fieldError(res.body, 'rounds')).toBe("Choose among this inquiry's rounds.");
    expect(fieldValue(res.body, 'stories')).toBe('MSC-9999');
    expect(fieldValue(res.body, 'owner')).toBe('Board');
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('does the same when changing an item', async () => {
    await w.as.facilitator.get(log);
    await w.as.facilitator.post(log, { kind: 'learned', text: 'Listening matters.', status: 'open' });
    const item = await w.t.db.selectFrom('learning_items').selectAll().executeTakeFirstOrThrow();
    await w.as.facilitator.get(`${log}/${item.id}`);
    const res = await w.as.facilitator.post(`${log}/${item.id}`, {
      kind: 'learned',
      text: '',
      status: 'open',
      stories: 'MSC-9999',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'text')).toBe('Write the item, in up to 4,000 characters.');
    expect(fieldError(res.body, 'stories')).toBe(WRONG_CODE);
  });
});
