/**
 * An anonymous teller's answers about themselves never go to funders (attributesShown in server/stories/consent.ts).
 * The report's meta-monitoring counts chosen stories by those answers without small-group protection, and a chosen
 * story is shown to funders by its code: were the anonymous teller's answer counted, the funder would read, beside
 * their story, where they live. The store queries (server/stories/words-store.ts) leave those answers out for
 * funders; they then count as "Not given". So do the pattern numbers of observations printed in the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAttribute } from '../../server/inquiries/guide-store.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { addObservation } from '../../server/observations/store.ts';
import { createShareLink } from '../../server/reports/share-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let anonymous: Story;
let shareToken: string;
let observationId: number;
const LIVES = 'Where do you live?';

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  const lives = await addAttribute(t.db, people.coordinator, inquiry, {
    label: LIVES,
    kind: 'single',
    options: ['Hilltop', 'Riverside'],
  });
  const others = [];
  for (let i = 0; i < 4; i++)
    others.push(await makeStory(t.db, inquiry, { title: `Hilltop story ${i}`, attributes: { [LIVES]: 'Hilltop' } }));
  anonymous = await makeStory(t.db, inquiry, {
    title: 'The ferry',
    words: 'I told this without my name.',
    storyteller: 'Orla Quillon',
    consent: { anonymous: true },
    attributes: { [LIVES]: 'Riverside' },
  });
  const round = await makeRound(t.db, people.alliance.id, inquiry.id, { stage: 'closed', level: 1 });
  await addRoundStories(t.db, round.id, [...others.map((s) => s.id), anonymous.id]);
  const d = await t.db
    .insertInto('decisions')
    .values({
      round_id: round.id,
      domain_id: null,
      outcome: 'chosen',
      reasons: 'A moving story.',
      criteria: '',
      dissent: '',
      recorded_by: null,
      decided_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('selections')
    .values({ decision_id: d.id, round_id: round.id, story_id: anonymous.id, votes: 3 })
    .execute();
  observationId = (
    await addObservation(t.db, people.coordinator, inquiry, {
      pattern: `teller-${lives.id}/selection`,
      filters: '',
      title: 'Where tellers live, and what was chosen',
      text: 'Seen',
      interpretations: ['One reading'],
    })
  ).id;
  shareToken = (
    await createShareLink(t.db, people.coordinator, inquiry, {
      label: 'Funder',
      days: 30,
      period: { from: '', to: '' },
    })
  ).token;
});
afterAll(() => t.close());

const rowsOf = (table: string): string[][] =>
  [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => visibleText(cell[1]!)),
  );

/** The meta-monitoring table for this storyteller question, as rows of cell texts (the header row first). */
function metaTable(html: string, label: string): string[][] {
  const found = [...html.matchAll(/<table class="report-table">([\s\S]*?)<\/table>/g)]
    .map((m) => m[1]!)
    .find((body) => visibleText(/<caption>([\s\S]*?)<\/caption>/.exec(body)?.[1] ?? '').includes(label));
  if (!found) throw new Error(`no table for ${label}`);
  return rowsOf(found);
}

/** Chosen stories by answer, from the meta-monitoring table: { Riverside: '1', … }. */
function chosenByAnswer(html: string): Record<string, string> {
  const rows = metaTable(html, `Whose stories were read and chosen: ${LIVES}`);
  const column = rows[0]!.findIndex((h) => h.startsWith('Chosen'));
  expect(column).toBeGreaterThan(0);
  return Object.fromEntries(rows.slice(1).map((r) => [r[0]!, r[column]!]));
}

const sharedReport = async () => {
  const res = await new Agent(t.app).get(`/shared/${shareToken}`);
  expect(res.statusCode).toBe(200);
  return res.body;
};

describe('an anonymous teller’s answers in the funders’ report', () => {
  it('do not tell the funder where the teller of the chosen (anonymous) story lives', async () => {
    const html = await sharedReport();
    // The chosen story is shown to the funder whole, by its code.
    expect(html).toContain(anonymous.code);
    const chosen = chosenByAnswer(html);
    // Counted as not given, not as Riverside: the only story chosen would be tied to the answer.
    expect(chosen['Riverside'] ?? '0').toMatch(/^0\b/);
    expect(chosen['Not given']).toMatch(/^1\b/);
  });

  it('are not in the numbers of an observation on that question printed in the report', async () => {
    const html = await sharedReport();
    const table = new RegExp(`<table[^>]*id="observation-${observationId}-contingency"[^>]*>([\\s\\S]*?)</table>`).exec(
      html,
    );
    expect(table, 'the observation’s table is in the report').not.toBeNull();
    expect(rowsOf(table![1]!).map((r) => r[0])).not.toContain('Riverside');
  });

  it('still count in the team’s own report', async () => {
    const res = await (
      await signedIn(t.app, people.coordinator.email)
    ).get(`/alliances/${people.alliance.id}/inquiries/${inquiry.id}/report`);
    expect(res.statusCode).toBe(200);
    expect(chosenByAnswer(res.body)['Riverside']).toMatch(/^1\b/);
  });
});
