/**
 * The demo alliance as the report's test bed: an MSC inquiry with two levels of choices and reasons, a learning
 * log, stories with every kind of consent; plus a finished theme run (inserted directly) with one theme turned
 * into a codebook tag with a tagged passage, so themes and quotes can be checked.
 */
import type { Db } from '../../server/db/database.ts';
import type { Inquiry, Story, User } from '../../server/db/schema.ts';
import { iso } from '../../server/db/time.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, loadDemo, type Demo } from '../../server/demo/load.ts';
import { Agent } from '../helpers/agent.ts';
import { makeAlliance, type TestApp } from '../helpers/app.ts';

export interface ReportBed {
  demo: Demo;
  inquiry: Inquiry;
  base: string;
  stories: Story[];
  /** A story in the theme whose teller did not agree to quoting (but did to funders). */
  unquotable: Story;
  /** The sentence it opens with: it must never appear as a quote. */
  unquotableOpening: string;
  taggedQuote: string;
  themeNames: string[];
  outsider: User;
}

export const email = (role: string) => DEMO_PEOPLE.find((p) => p.role === role)!.email;

export async function signInAs(
  t: TestApp,
  role: 'coordinator' | 'interviewer' | 'facilitator' | 'reader',
): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.signIn(email(role), DEMO_PASSWORD);
  if (res.statusCode !== 303) throw new Error(`sign-in as ${role} failed`);
  return agent;
}

export async function reportBed(t: TestApp): Promise<ReportBed> {
  const demo = await loadDemo(t.db);
  const inquiry = await t.db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', demo.alliance.id)
    .where('method', '=', 'msc')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const stories = await t.db
    .selectFrom('stories')
    .selectAll()
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('id')
    .execute();
  const usable = stories.filter((s) => s.status !== 'draft' && s.status !== 'withdrawn');
  const unquotable = usable.find((s) => s.consent_quotes === 0 && s.consent_funders === 1)!;
  const opening = await t.db
    .selectFrom('story_answers')
    .select('value')
    .where('story_id', '=', unquotable.id)
    .where('kind', '=', 'story')
    .executeTakeFirstOrThrow();
  const themeNames = await addThemes(t.db, inquiry, usable, unquotable);
  const taggedQuote = await tagPassage(t.db, inquiry);
  const { coordinator: outsider } = await makeAlliance(t.db, 'Other Alliance');
  return {
    demo,
    inquiry,
    base: `/alliances/${demo.alliance.id}/inquiries/${inquiry.id}`,
    stories,
    unquotable,
    unquotableOpening: opening.value.split(/(?<=[.!?])\s/)[0]!,
    taggedQuote,
    themeNames,
    outsider,
  };
}

/** Two themes over the usable stories, the unquotable story first in the first (nearest its centre). */
async function addThemes(db: Db, inquiry: Inquiry, usable: Story[], unquotable: Story): Promise<string[]> {
  const now = iso();
  const run = await db
    .insertInto('analysis_runs')
    .values({
      alliance_id: inquiry.alliance_id,
      inquiry_id: inquiry.id,
      status: 'done',
      progress: 1,
      step: '',
      k_requested: '2',
      k: 2,
      seed: 1,
      filters: '{}',
      story_ids: '[]',
      criterion: '{}',
      error: '',
      claimed_by: null,
      created_by: null,
      created_at: now,
      started_at: now,
      finished_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const names = ['Someone who stayed', 'Services talking to each other'];
  const others = usable.filter((s) => s.id !== unquotable.id);
  const groups = [[unquotable, ...others.slice(0, 8)], others.slice(8, 14)];
  for (const [i, name] of names.entries()) {
    const theme = await db
      .insertInto('themes')
      .values({
        run_id: run.id,
        inquiry_id: inquiry.id,
        position: i + 1,
        label: `terms ${i}`,
        name,
        terms: '["stay","help"]',
        status: i === 0 ? 'kept' : 'suggested',
        merged_into: null,
        tag_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('theme_stories')
      .values(groups[i]!.map((s, rank) => ({ theme_id: theme.id, story_id: s.id, rank, x: 0, y: 0 })))
      .execute();
  }
  // A discarded theme never shows.
  await db
    .insertInto('themes')
    .values({
      run_id: run.id,
      inquiry_id: inquiry.id,
      position: 3,
      label: 'discarded terms',
      name: 'A theme people discarded',
      terms: '[]',
      status: 'discarded',
      merged_into: null,
      tag_id: null,
    })
    .execute();
  return names;
}

/** Turns the second theme into a codebook tag and tags a passage of one of its stories with it. */
async function tagPassage(db: Db, inquiry: Inquiry): Promise<string> {
  const tag = await db
    .insertInto('tags')
    .values({
      inquiry_id: inquiry.id,
      parent_id: null,
      name: 'Joined-up services',
      description: '',
      created_by: null,
      created_at: iso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('themes')
    .set({ tag_id: tag.id })
    .where('inquiry_id', '=', inquiry.id)
    .where('name', '=', 'Services talking to each other')
    .execute();
  const theme = await db.selectFrom('themes').select('id').where('tag_id', '=', tag.id).executeTakeFirstOrThrow();
  // The last story of the theme that may be quoted to funders: the passage must come first all the same.
  const members = await db
    .selectFrom('theme_stories')
    .innerJoin('stories', 'stories.id', 'theme_stories.story_id')
    .select(['stories.id'])
    .where('theme_stories.theme_id', '=', theme.id)
    .where('stories.consent_quotes', '=', 1)
    .where('stories.consent_funders', '=', 1)
    .orderBy('theme_stories.rank', 'desc')
    .execute();
  const story = { id: members[0]!.id };
  const answer = await db
    .selectFrom('story_answers')
    .select(['position', 'value'])
    .where('story_id', '=', story.id)
    .where('kind', '=', 'story')
    .executeTakeFirstOrThrow();
  const quote = answer.value.slice(0, answer.value.indexOf(' ', 60));
  await db
    .insertInto('story_tags')
    .values({
      story_id: story.id,
      tag_id: tag.id,
      answer_position: answer.position,
      start_offset: 0,
      end_offset: quote.length,
      quote,
      source: 'person',
      created_by: null,
      created_at: iso(),
    })
    .execute();
  return quote;
}

/** Chosen stories (so the report names them) that funders may see: id, and code and title as the report shows them. */
export async function chosenForFunders(t: TestApp, bed: ReportBed) {
  const rows = await t.db
    .selectFrom('selections')
    .innerJoin('stories', 'stories.id', 'selections.story_id')
    .innerJoin('rounds', 'rounds.id', 'selections.round_id')
    .select(['stories.id', 'stories.code', 'stories.title'])
    .where('rounds.inquiry_id', '=', bed.inquiry.id)
    .where('stories.consent_funders', '=', 1)
    .where('stories.status', 'not in', ['draft', 'withdrawn'])
    .orderBy('stories.id')
    .execute();
  return [...new Map(rows.map((r) => [r.id, { id: r.id, title: r.title, named: `${r.code} ${r.title}` }])).values()];
}
