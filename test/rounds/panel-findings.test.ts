/**
 * What a new user found running rounds: a consensus panel promised a vote, a ranking that skipped Rank 1 was
 * counted, the decide page lost typing in other domains, and vote errors did not say which story they meant.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBallot } from '../../server/rounds/ballots.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, roundsSnapshot, type DecisionWorld } from './decisions-fixture.ts';
import { guestIn, participationWorld, setStage } from './round-fixtures.ts';

/** Page text without the marks that keep a code or title in its own direction inside Arabic. */
const plain = (html: string) => visibleText(html).replace(/[\u2068\u2069]/g, '');

/** The text typed in a textarea, by its id. */
const typedIn = (html: string, id: string) =>
  new RegExp(`<textarea id="${id}"[^>]*>\\n?([\\s\\S]*?)</textarea>`).exec(html)?.[1];

describe('taking part', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof participationWorld>>;
  let home: string;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  const world = async (overrides: Parameters<typeof participationWorld>[1]) => {
    w = await participationWorld(t, overrides);
    home = `/rounds/${w.round.id}/take-part`;
    return guestIn(t.app, w.round.join_code);
  };

  it('tells a consensus panel it will talk the stories through, never that voting opens', async () => {
    const guest = await world({ method: 'consensus', stage: 'reading' });
    let text = visibleText((await guest.get(home)).body);
    expect(text).toContain('Read the stories before the panel meets to talk them through together.');
    expect(text).toContain('This panel chooses by talking the stories through together: there is no vote.');
    expect(text).not.toContain('voting opens soon');
    for (const stage of ['voting', 'deciding'] as const) {
      await setStage(t.db, w.round.id, stage);
      text = visibleText((await guest.get(home)).body);
      expect(text).not.toMatch(/Voting is open|Voting has closed|then vote/);
    }
    expect(text).toContain('The panel is now talking the stories through to decide which to choose, and why.');
  });

  it('refuses a ranking that gives Rank 2 with no Rank 1, beside that story, keeping the choice', async () => {
    const guest = await world({ method: 'ranking', dots: 2 });
    const b = w.stories[1]!;
    await guest.get(`${home}/vote`);
    const res = await guest.post(`${home}/vote`, { [`rank-${b.id}`]: '2' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `rank-${b.id}`)).toBe(
      `${b.code} “${b.title}” has Rank 2, but no story has Rank 1: give Rank 1 first, with no rank skipped.`,
    );
    expect(res.body).toMatch(new RegExp(`<select id="field-rank-${b.id}"[\\s\\S]*?<option value="2" selected>`));
    expect(visibleText(res.body)).not.toContain('Your vote is in');
    expect(await t.db.selectFrom('ballots').selectAll().execute()).toEqual([]);
    expect(await htmlErrors(res.body)).toEqual([]);
    // Rank 1 then Rank 2 is a whole ballot.
    const ok = await guest.post(`${home}/vote`, { [`rank-${b.id}`]: '1', [`rank-${w.stories[0]!.id}`]: '2' });
    expect(ok.statusCode).toBe(303);
  });

  it('ranks must start at 1 and skip none (pure)', () => {
    const rules = { method: 'ranking' as const, dots: 3, storyIds: [11, 12, 13] };
    expect(checkBallot(rules, { 'rank-12': '2' })).toMatchObject({
      ok: false,
      errors: { 'rank-12': 'panel.errors.rankGap' },
      missingRank: 1,
    });
    expect(checkBallot(rules, { 'rank-11': '1', 'rank-12': '3' })).toMatchObject({
      ok: false,
      errors: { 'rank-12': 'panel.errors.rankGap' },
      missingRank: 2,
    });
    expect(checkBallot(rules, { 'rank-11': '2', 'rank-13': '1' })).toMatchObject({ ok: true });
  });

  it('names the story in each dots error, in Arabic, beside its field and in the summary', async () => {
    const guest = await world({ dots: 2 });
    await guest.get(`/language?lang=ar&next=${encodeURIComponent(`${home}/vote`)}`);
    const [a, b] = w.stories;
    await guest.get(`${home}/vote`);
    const res = await guest.post(`${home}/vote`, { [`dots-${a!.id}`]: '-1', [`dots-${b!.id}`]: '3' });
    expect(res.statusCode).toBe(422);
    const forA = `أعطِ ${a!.code} «${a!.title}» عددًا صحيحًا من النقاط، من 0 إلى`;
    const forB = `أعطِ ${b!.code} «${b!.title}» عددًا صحيحًا من النقاط، من 0 إلى`;
    expect(plain(fieldError(res.body, `dots-${a!.id}`) ?? '')).toContain(forA);
    expect(plain(fieldError(res.body, `dots-${b!.id}`) ?? '')).toContain(forB);
    const summary = plain(/<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)![0]);
    expect(summary).toContain(forA);
    expect(summary).toContain(forB);
    expect(res.body).toContain(`href="#field-dots-${a!.id}"`);
    expect(res.body).toMatch(new RegExp(`name="dots-${a!.id}"[^>]*value="-1"`));
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('says how many dots are left to give, without scripts', async () => {
    const guest = await world({ dots: 3 });
    const page = await guest.get(`${home}/vote`);
    expect(visibleText(page.body)).toContain('Dots left to give: 3 of 3.');
    const [a, b] = w.stories;
    const over = await guest.post(`${home}/vote`, { [`dots-${a!.id}`]: '2', [`dots-${b!.id}`]: '2' });
    expect(over.statusCode).toBe(422);
    expect(visibleText(over.body)).toContain('Dots left to give: none. These add up to 4, more than your 3.');
    const bad = await guest.post(`${home}/vote`, { [`dots-${a!.id}`]: '1', [`dots-${b!.id}`]: 'x' });
    expect(visibleText(bad.body)).toContain('Dots left to give: 2 of 3.');
  });
});

describe('recording decisions', () => {
  let w: DecisionWorld;
  let decide: string;
  const REASONS = 'This story shows how a person found the courage to speak at a public meeting.';
  beforeEach(async () => {
    w = await makeDecisionWorld();
    decide = `${w.roundPath}/decide`;
  });
  afterEach(() => w.t.close());
  const lives = () => String(w.domainIds.lives);
  const services = () => String(w.domainIds.services);

  it('is one form: a too-short reason in one domain keeps what was typed in another', async () => {
    const page = await w.as.facilitator.get(decide);
    expect(page.body.match(/<form method="post" action="[^"]*\/decide"/g)).toHaveLength(1);
    expect(page.body).toContain(`name="reasons-${lives()}"`);
    expect(page.body).toContain(`name="reasons-${services()}"`);
    const before = await roundsSnapshot(w.t.db);
    const res = await w.as.facilitator.post(decide, {
      [`stories-${lives()}[]`]: String(w.lives[1]!.id),
      [`reasons-${lives()}`]: REASONS,
      [`criteria-${lives()}`]: 'Depth of change.',
      [`stories-${services()}[]`]: String(w.services.id),
      [`reasons-${services()}`]: 'too short',
      domain: services(),
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `reasons-${services()}`)).toBe(
      'Write the reasons in full sentences, so people who were not there understand them.',
    );
    expect(typedIn(res.body, `field-reasons-${lives()}`)).toBe(REASONS);
    expect(typedIn(res.body, `field-criteria-${lives()}`)).toBe('Depth of change.');
    expect(typedIn(res.body, `field-reasons-${services()}`)).toBe('too short');
    expect(res.body).toMatch(new RegExp(`id="story-${lives()}-${w.lives[1]!.id}"[^>]* checked`));
    expect(await roundsSnapshot(w.t.db)).toEqual(before);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it("records only the domain pressed, and keeps the other domain's typing on the page", async () => {
    await w.as.facilitator.get(decide);
    const res = await w.as.facilitator.post(decide, {
      [`reasons-${lives()}`]: REASONS,
      [`stories-${services()}[]`]: String(w.services.id),
      [`reasons-${services()}`]: 'Teams now talk to each other every week, and families notice.',
      domain: services(),
    });
    expect(res.statusCode).toBe(200);
    expect(flash(res.body)).toBe('Decision recorded.');
    expect(visibleText(res.body)).toContain("Not recorded yet: Changes in people's lives.");
    expect(typedIn(res.body, `field-reasons-${lives()}`)).toBe(REASONS);
    const decisions = await w.t.db.selectFrom('decisions').select(['domain_id', 'reasons']).execute();
    expect(decisions).toEqual([
      { domain_id: w.domainIds.services, reasons: 'Teams now talk to each other every week, and families notice.' },
    ]);
    // With nothing typed elsewhere, recording goes back to the page as usual.
    const alone = await w.as.facilitator.post(decide, {
      [`stories-${lives()}[]`]: String(w.lives[0]!.id),
      [`reasons-${lives()}`]: REASONS,
      [`stories-${services()}[]`]: String(w.services.id),
      [`reasons-${services()}`]: 'Teams now talk to each other every week, and families notice.',
      domain: lives(),
    });
    expect(alone.statusCode).toBe(303);
  });

  it('says to tick a story or choose none as well as to write reasons, and the hint covers choosing none', async () => {
    const page = await w.as.facilitator.get(decide);
    expect(visibleText(page.body)).toContain('why did the panel choose this story, or why none?');
    const res = await w.as.facilitator.post(decide, { [`reasons-${lives()}`]: '', domain: lives() });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, `stories-${lives()}`)).toBe('Choose a story, or choose none.');
    expect(fieldError(res.body, `reasons-${lives()}`)).toBe("Write the panel's reasons (up to 10,000 characters).");
    const summary = visibleText(/<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)![0]);
    expect(summary).toContain('Choose a story, or choose none.');
    expect(summary).toContain("Write the panel's reasons");
  });
});
