/**
 * The decide page, like the feedback page, never shows what a panel said of a story that can no longer be shown
 * (its teller took back "read by panels", or withdrew it): the story is counted, and the reasons and dissent that
 * speak of it are withheld, also where a split decision's other story is still shown.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visibleText } from '../helpers/pages.ts';
import { setStage } from './round-fixtures.ts';
import { makeDecisionWorld, withdraw, type DecisionWorld } from './decisions-fixture.ts';

let w: DecisionWorld;
const ALONE = 'Teams now talk to each other, and the council noticed it.';
const ALONE_DISSENT = 'Two of us wanted the bus story instead.';
const SPLIT = 'The panel was split: the bus story shows a route saved; Amina at the council shows courage.';
const SPLIT_DISSENT = 'One of us thought Amina’s story too personal to pass on.';
const HIDDEN = '1 story the panel chose here cannot be shown to you';
const WITHHELD = "The panel's reasons are not shown here: they also speak of another story it chose";

beforeEach(async () => {
  w = await makeDecisionWorld();
  // The round covers both domains, as a level-2 round names them: each keeps its section once its stories go.
  for (const id of [w.domainIds.lives, w.domainIds.services])
    await w.t.db.insertInto('round_domains').values({ round_id: w.round.id, domain_id: id }).execute();
  await w.as.facilitator.get(`${w.roundPath}/decide`);
  for (const [domain, stories, reasons, dissent] of [
    [w.domainIds.services, [w.services.id], ALONE, ALONE_DISSENT],
    [w.domainIds.lives, [w.lives[0]!.id, w.lives[1]!.id], SPLIT, SPLIT_DISSENT],
  ] as const) {
    const res = await w.as.facilitator.post(`${w.roundPath}/decide`, {
      domain: String(domain),
      [`stories-${domain}[]`]: stories.map(String),
      [`reasons-${domain}`]: reasons,
      [`dissent-${domain}`]: dissent,
    });
    expect(res.statusCode).toBe(303);
  }
  // The services story's teller takes back "read by panels"; Amina withdraws her story from the split decision.
  await w.t.db.updateTable('stories').set({ consent_panels: 0 }).where('id', '=', w.services.id).execute();
  await withdraw(w.t.db, w.lives[0]!);
});
afterEach(() => w.t.close());

/** One domain's section of the decide page, as text. */
const section = (html: string, domainId: number) =>
  visibleText(new RegExp(`<section class="decision" id="domain-${domainId}"[\\s\\S]*?</section>`).exec(html)![0]);

describe('the decide page once a chosen story cannot be shown', () => {
  it('counts it and withholds the reasons and dissent, on the closed (printable) page', async () => {
    await setStage(w.t.db, w.round.id, 'closed');
    const html = (await w.as.coordinator.get(`${w.roundPath}/decide`)).body;
    const services = section(html, w.domainIds.services);
    expect(services).toContain(HIDDEN);
    expect(services).not.toContain(ALONE);
    expect(services).not.toContain(ALONE_DISSENT);
    const lives = section(html, w.domainIds.lives);
    expect(lives).toContain('The bus came back');
    expect(lives).not.toContain('I found my voice');
    expect(lives).toContain(HIDDEN);
    expect(lives).toContain(WITHHELD);
    expect(lives).not.toContain(SPLIT);
    expect(lives).not.toContain(SPLIT_DISSENT);
  });

  it('does not put the withheld words back in the form while the panel can still decide', async () => {
    const html = (await w.as.facilitator.get(`${w.roundPath}/decide`)).body;
    expect(visibleText(html)).not.toContain(SPLIT);
    expect(html).not.toContain('shows courage');
    expect(html).not.toContain(ALONE_DISSENT);
    const reasons = new RegExp(`<textarea id="field-reasons-${w.domainIds.lives}"[^>]*>([^<]*)</textarea>`).exec(html);
    expect(reasons?.[1]?.trim()).toBe('');
    expect(section(html, w.domainIds.lives)).toContain(WITHHELD);
  });

  it('still shows the reasons where every chosen story can be shown', async () => {
    await w.t.db.updateTable('stories').set({ consent_panels: 1 }).where('id', '=', w.services.id).execute();
    const html = (await w.as.coordinator.get(`${w.roundPath}/decide`)).body;
    const services = section(html, w.domainIds.services);
    expect(services).toContain(ALONE);
    expect(services).toContain(ALONE_DISSENT);
    expect(services).not.toContain(HIDDEN);
  });
});
