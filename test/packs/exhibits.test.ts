/** Exhibits: kept themes with verbatim quotes (only from stories whose tellers allowed quoting) and chosen stories with their reasons. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excerpt } from '../../server/themes/quotes.ts';
import { iso } from '../../server/db/time.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';
import { packWorld, type PackWorld } from './pack-fixture.ts';

let t: TestApp;
let w: PackWorld;
let facilitator: Agent;
let inquiry: string;
let round: string;

beforeAll(async () => {
  t = await testApp({ chromiumPath: '' });
  w = await packWorld(t, 4);
  facilitator = await signedIn(t.app, w.people.facilitator.email);
  inquiry = `/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}`;
  round = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
  const unquotable = await makeStory(t.db, w.inquiry, {
    title: 'No quoting please',
    words: 'Private words that must not be quoted.',
    consent: { quotes: false },
  });
  const run = await t.db
    .insertInto('analysis_runs')
    .values({
      alliance_id: w.alliance.id,
      inquiry_id: w.inquiry.id,
      status: 'done',
      progress: 1,
      step: 'done',
      k_requested: '2',
      k: 2,
      seed: 1,
      filters: '{}',
      story_ids: '[]',
      criterion: '{}',
      error: '',
      claimed_by: null,
      created_by: null,
      created_at: iso(),
      started_at: iso(),
      finished_at: iso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A tag kept from the theme, with a passage marked in one of its stories: the exhibit quotes that passage.
  const tag = await t.db
    .insertInto('tags')
    .values({
      inquiry_id: w.inquiry.id,
      parent_id: null,
      name: 'Cooking together',
      description: '',
      created_by: null,
      created_at: iso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const theme = (name: string | null, label: string, status: 'kept' | 'discarded', position: number) =>
    t.db
      .insertInto('themes')
      .values({
        run_id: run.id,
        inquiry_id: w.inquiry.id,
        position,
        label,
        name,
        terms: '[]',
        status,
        merged_into: null,
        tag_id: status === 'kept' ? tag.id : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const kept = await theme('Cooking together', 'cook tuesday', 'kept', 0);
  const discarded = await theme(null, 'discarded words', 'discarded', 1);
  const spanish = await makeStory(t.db, w.inquiry, {
    title: 'Cocinar juntos',
    words: 'Antes de que abriera el centro pasaba los días sola.',
    language: 'es',
  });
  const members = [unquotable, w.printable[0]!, spanish, w.printable[1]!, w.withdrawn];
  await t.db
    .insertInto('story_tags')
    .values({
      story_id: w.printable[1]!.id,
      tag_id: tag.id,
      answer_position: 1,
      start_offset: 0,
      end_offset: 26,
      quote: 'A passage marked by a person',
      source: 'person',
      created_by: null,
      created_at: iso(),
    })
    .execute();
  await t.db
    .insertInto('theme_stories')
    .values(members.map((s, rank) => ({ theme_id: kept.id, story_id: s.id, rank, x: 0, y: 0 })))
    .execute();
  await t.db
    .insertInto('theme_stories')
    .values({ theme_id: discarded.id, story_id: w.printable[2]!.id, rank: 0, x: 0, y: 0 })
    .execute();
  const decision = await t.db
    .insertInto('decisions')
    .values({
      round_id: w.round.id,
      domain_id: w.printable[0]!.domain_id,
      outcome: 'chosen',
      reasons: 'It shows people cooking their way out of loneliness.',
      criteria: '',
      dissent: 'One of us thought it too small a change.',
      recorded_by: null,
      decided_at: iso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('selections')
    .values({ decision_id: decision.id, round_id: w.round.id, story_id: w.printable[0]!.id, votes: 5 })
    .execute();
  const withdrawnDecision = await t.db
    .insertInto('decisions')
    .values({
      round_id: w.round.id,
      domain_id: null,
      outcome: 'chosen',
      reasons: 'Reasons for a withdrawn story.',
      criteria: '',
      dissent: '',
      recorded_by: null,
      decided_at: iso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('selections')
    .values({ decision_id: withdrawnDecision.id, round_id: w.round.id, story_id: w.withdrawn.id, votes: 3 })
    .execute();
});
afterAll(() => t.close());

describe('exhibits', () => {
  it('shows a kept theme with its count and verbatim quotes only from stories that may be quoted', async () => {
    const res = await facilitator.get(`${inquiry}/exhibits/1`);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain('Cooking together');
    expect(text).toContain('in 4 stories'); // the withdrawn story is not counted
    expect(text).toContain('Before the hub opened I spent my days alone.');
    expect(text).not.toContain('Private words');
    expect(res.body).toContain('rel="next"');
    expect(res.body).not.toContain('rel="prev"');
  });

  it("quotes a passage people marked with the theme's tag, and marks a quote with its story's language", async () => {
    const res = await facilitator.get(`${inquiry}/exhibits/1`);
    expect(visibleText(res.body)).toContain('A passage marked by a person');
    expect(res.body).toMatch(
      /<blockquote lang="es" dir="ltr"><p>Antes de que abriera el centro pasaba los días sola\.<\/p><\/blockquote>/,
    );
  });

  it('then the chosen stories with the reasons, never a withdrawn one, and no discarded theme', async () => {
    const res = await facilitator.get(`${inquiry}/exhibits/2`);
    const text = visibleText(res.body);
    expect(text).toContain(w.printable[0]!.code);
    expect(text).toContain('It shows people cooking their way out of loneliness.');
    expect(text).toContain('One of us thought it too small a change.');
    expect(text).toContain('Chosen by Tables at the open event');
    expect((await facilitator.get(`${inquiry}/exhibits/3`)).statusCode).toBe(404);
    for (let n = 1; n <= 2; n++) {
      const page = visibleText((await facilitator.get(`${inquiry}/exhibits/${n}`)).body);
      expect(page).not.toContain('discarded words');
      expect(page).not.toContain('Reasons for a withdrawn story');
    }
  });

  it("for a round, counts only the round's stories", async () => {
    const res = await facilitator.get(`${round}/exhibits/1`);
    expect(visibleText(res.body)).toContain('in 2 stories');
    expect(visibleText((await facilitator.get(`${round}/exhibits/2`)).body)).toContain('It shows people cooking');
  });
});

describe('quotes', () => {
  it('are whole opening sentences of the words, or a long sentence cut at a word and marked', () => {
    expect(excerpt('Short one. And a second sentence that is long enough to read. Third.')).toBe(
      'Short one. And a second sentence that is long enough to read.',
    );
    const long = `${'word '.repeat(80)}end.`;
    const quote = excerpt(long);
    expect(quote.endsWith(' …')).toBe(true);
    expect(long.startsWith(quote.slice(0, -2))).toBe(true);
  });
});
