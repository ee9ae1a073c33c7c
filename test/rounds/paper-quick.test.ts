/**
 * The paper tallies' quick lines ("MSC-0017 = 4"): a refused list names, beside the box, each line that is wrong and
 * why (a code not in this round, a count that is not a whole number, a line not of the form), keeps what was typed
 * and saves nothing. Before, one message said "A story code in that list is not in this round" and stopped there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPaperTallies } from '../../server/rounds/ballots.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode, fieldError, visibleText } from '../helpers/pages.ts';
import { participationWorld } from './round-fixtures.ts';

describe('quick lines (pure)', () => {
  const stories = [
    { id: 1, code: 'MSC-0017' },
    { id: 2, code: 'MSC-0003' },
  ];
  it('lists every refused line with its reason, and counts nothing while any is wrong', () => {
    const r = checkPaperTallies(stories, {
      quick: 'MSC-0017 = 4\nMSC-0010 = 2\nMSC-0003 = 1\nMSC-0005 = four\nhello',
    });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual({ quick: 'panel.errors.quickLines' });
    expect(r.quickProblems).toEqual([
      { key: 'panel.errors.quickLineCode', line: 'MSC-0010 = 2', code: 'MSC-0010' },
      { key: 'panel.errors.quickLineCode', line: 'MSC-0005 = four', code: 'MSC-0005' },
      { key: 'panel.errors.quickLineCount', line: 'MSC-0005 = four', given: 'four' },
      { key: 'panel.errors.quickLineForm', line: 'hello' },
    ]);
  });
});

describe('typing quick lines on the paper tallies page', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof participationWorld>>;
  let base: string;
  let facilitator: Agent;
  beforeEach(async () => {
    t = await testApp();
    w = await participationWorld(t, { voting: 'paper' });
    base = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
    facilitator = await signedIn(t.app, w.people.facilitator.email);
  });
  afterEach(() => t.close());

  it('names each wrong line and why beside the box, keeps the text, and saves nothing', async () => {
    const [a, b] = w.stories;
    const quick = `${a!.code} = 4\nMSC-9910 = 2\n${b!.code} = 1\n${a!.code} = four`;
    await facilitator.get(`${base}/paper`);
    const res = await facilitator.post(`${base}/paper`, { [`count-${a!.id}`]: '1', quick });
    expect(res.statusCode).toBe(422);
    const message = fieldError(res.body, 'quick');
    expect(message).toContain('2 lines in the list are wrong, so nothing was saved.');
    expect(message).toContain('“MSC-9910 = 2”: MSC-9910 is not a story code in this round.');
    expect(message).toContain(`“${a!.code} = four”: “four” is not a whole number, 0 or more.`);
    expect(message).not.toContain(`${b!.code} = 1”`);
    expect(decode(/<textarea id="field-quick"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(res.body)![1]!)).toBe(quick);
    expect(res.body).toContain('aria-describedby="field-quick-error field-quick-hint"');
    // The summary at the top says how many lines and leads to the box.
    expect(visibleText(res.body)).toContain('There is a problem');
    expect(res.body).toMatch(/<a href="#field-quick">2 lines in the list are wrong, so nothing was saved\./);
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(await t.db.selectFrom('ballots').select('id').where('round_id', '=', w.round.id).execute()).toEqual([]);
  });

  it('says so in Spanish, French and Arabic, naming the code', async () => {
    for (const [lang, said] of [
      ['es', 'MSC-9910 no es un código de historia de esta ronda.'],
      ['fr', 'MSC-9910 n’est pas un code de récit de ce tour.'],
      ['ar', 'ليس رمز قصة في هذه الجولة'],
    ] as const) {
      await t.db.updateTable('users').set({ language: lang }).where('id', '=', w.people.facilitator.id).execute();
      const agent = await signedIn(t.app, w.people.facilitator.email);
      await agent.get(`${base}/paper`);
      const res = await agent.post(`${base}/paper`, { quick: 'MSC-9910 = 2' });
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, 'quick')).toContain(said);
      expect(fieldError(res.body, 'quick')).toContain('MSC-9910');
      expect(await htmlErrors(res.body)).toEqual([]);
    }
  });
});
