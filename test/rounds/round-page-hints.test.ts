/**
 * The round's page says what is missing before the next step: at Deciding, which domains still have no decision,
 * before the "Move to Closed" button rather than only after pressing it; and once closed (no code shown), it no
 * longer tells people to join with the code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { setStage } from './round-fixtures.ts';
import { makeDecisionWorld, type DecisionWorld } from './decisions-fixture.ts';

let w: DecisionWorld;
beforeEach(async () => {
  w = await makeDecisionWorld();
});
afterEach(() => w.t.close());

/** The stage section's text up to the "Move to Closed" button: what a person reads before pressing it. */
const beforeClosing = (html: string) => {
  const stage = visibleText(/<section id="stage"[\s\S]*?<\/section>/.exec(html)![0]);
  expect(stage).toContain('Move to Closed');
  return stage.slice(0, stage.indexOf('Move to Closed'));
};

describe('the round page at Deciding', () => {
  it('names the domains still to decide before the button, and fewer once some are recorded', async () => {
    await setStage(w.t.db, w.round.id, 'deciding');
    const page = await w.as.facilitator.get(w.roundPath);
    expect(await htmlErrors(page.body)).toEqual([]);
    expect(beforeClosing(page.body)).toContain(
      "Still to decide before the round can close: Changes in people's lives, Changes in how services work together, No domain.",
    );
    await w.as.facilitator.get(`${w.roundPath}/decide`);
    const res = await w.as.facilitator.post(`${w.roundPath}/decide`, {
      domain: String(w.domainIds.lives),
      [`stories-${w.domainIds.lives}[]`]: String(w.lives[1]!.id),
      [`reasons-${w.domainIds.lives}`]: 'The bus route saved the day for the whole estate.',
    });
    expect(res.statusCode).toBe(303);
    const after = beforeClosing((await w.as.facilitator.get(w.roundPath)).body);
    expect(after).toContain(
      'Still to decide before the round can close: Changes in how services work together, No domain.',
    );
  });

  it('says nothing is missing once every domain is decided', async () => {
    await setStage(w.t.db, w.round.id, 'deciding');
    await w.as.facilitator.get(`${w.roundPath}/decide`);
    for (const key of [String(w.domainIds.lives), String(w.domainIds.services), 'none']) {
      const res = await w.as.facilitator.post(`${w.roundPath}/decide`, {
        domain: key,
        [`chooseNone-${key}`]: 'yes',
        [`reasons-${key}`]: 'None of these stories spoke to the panel this time.',
      });
      expect(res.statusCode, key).toBe(303);
    }
    expect(beforeClosing((await w.as.facilitator.get(w.roundPath)).body)).not.toContain('Still to decide');
  });
});

describe('a closed round with nobody on its panel', () => {
  it('shows no code and does not tell people to join with it', async () => {
    await setStage(w.t.db, w.round.id, 'closed');
    const page = await w.as.coordinator.get(w.roundPath);
    const text = visibleText(page.body);
    expect(text).not.toContain('Join code');
    expect(text).not.toContain('Participants join with the code above');
    expect(text).toContain('Nobody took part in this round.');
    expect(await htmlErrors(page.body)).toEqual([]);
  });
});
