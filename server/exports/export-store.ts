/**
 * Reading an inquiry whole, for exports. Which stories go out is decided here, once, through storiesFor: never a
 * draft, never a withdrawn story, and for funders only those whose teller consented to sharing with funders.
 * Everything else read here is then kept only where it belongs to those stories (see json.ts).
 */
import type { Db } from '../db/database.ts';
import type { Inquiry, Story } from '../db/schema.ts';
import { storiesFor, type Audience } from '../stories/consent.ts';

async function readStories(db: Db, inquiry: Inquiry, audience: Audience, storyIds?: number[]) {
  let query = storiesFor(db, inquiry.alliance_id, undefined, audience)
    .leftJoin('users as interviewer', 'interviewer.id', 'stories.interviewer_id')
    .selectAll('stories')
    .select('interviewer.name as interviewer_name')
    .where('stories.inquiry_id', '=', inquiry.id);
  if (storyIds) query = query.where('stories.id', 'in', storyIds.length ? storyIds : [0]);
  const stories = await query.orderBy('stories.code').orderBy('stories.id').execute();
  const ids = stories.length ? stories.map((s) => s.id) : [0];
  const [answers, storyAttributes, versions] = await Promise.all([
    db
      .selectFrom('story_answers')
      .selectAll()
      .where('story_id', 'in', ids)
      .orderBy('story_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('story_attributes')
      .selectAll()
      .where('story_id', 'in', ids)
      .orderBy('story_id')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('story_versions')
      .selectAll()
      .where('story_id', 'in', ids)
      .orderBy('story_id')
      .orderBy('number')
      .execute(),
  ]);
  return { stories, answers, storyAttributes, versions, ids };
}

async function readRounds(db: Db, inquiry: Inquiry) {
  const rounds = await db
    .selectFrom('rounds')
    .selectAll()
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .orderBy('level')
    .orderBy('id')
    .execute();
  const ids = rounds.length ? rounds.map((r) => r.id) : [0];
  const [domains, sources, stories, participants, ballots, decisions, selections, annotations] = await Promise.all([
    db
      .selectFrom('round_domains')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('domain_id')
      .execute(),
    db
      .selectFrom('round_sources')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('source_round_id')
      .execute(),
    db
      .selectFrom('round_stories')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('position')
      .orderBy('story_id')
      .execute(),
    db
      .selectFrom('round_participants')
      .selectAll()
      .where('round_id', 'in', ids)
      .orderBy('round_id')
      .orderBy('id')
      .execute(),
    db.selectFrom('ballots').selectAll().where('round_id', 'in', ids).orderBy('round_id').orderBy('id').execute(),
    db.selectFrom('decisions').selectAll().where('round_id', 'in', ids).orderBy('round_id').orderBy('id').execute(),
    db.selectFrom('selections').selectAll().where('round_id', 'in', ids).orderBy('decision_id').orderBy('id').execute(),
    db.selectFrom('annotations').selectAll().where('round_id', 'in', ids).orderBy('round_id').orderBy('id').execute(),
  ]);
  const ballotIds = ballots.length ? ballots.map((b) => b.id) : [0];
  const marks = await db
    .selectFrom('ballot_marks')
    .selectAll()
    .where('ballot_id', 'in', ballotIds)
    .orderBy('ballot_id')
    .orderBy('story_id')
    .execute();
  return { rounds, domains, sources, stories, participants, ballots, marks, decisions, selections, annotations };
}

async function readAnalysis(db: Db, inquiry: Inquiry) {
  const runs = await db
    .selectFrom('analysis_runs')
    .selectAll()
    .where('alliance_id', '=', inquiry.alliance_id)
    .where('inquiry_id', '=', inquiry.id)
    .where('status', '=', 'done')
    .orderBy('id')
    .execute();
  const runIds = runs.length ? runs.map((r) => r.id) : [0];
  const themes = await db
    .selectFrom('themes')
    .selectAll()
    .where('run_id', 'in', runIds)
    .orderBy('run_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  const themeIds = themes.length ? themes.map((t) => t.id) : [0];
  const themeStories = await db
    .selectFrom('theme_stories')
    .selectAll()
    .where('theme_id', 'in', themeIds)
    .orderBy('theme_id')
    .orderBy('rank')
    .orderBy('story_id')
    .execute();
  return { runs, themes, themeStories };
}

/** Everything an export may draw on, for one inquiry already found within its alliance. */
export async function readInquiry(db: Db, inquiry: Inquiry, audience: Audience, storyIds?: number[]) {
  const [domains, questions, attributes, stories, tags, rounds, analysis, learning] = await Promise.all([
    db
      .selectFrom('domains')
      .selectAll()
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('questions')
      .selectAll()
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('attributes')
      .selectAll()
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    readStories(db, inquiry, audience, storyIds),
    db.selectFrom('tags').selectAll().where('inquiry_id', '=', inquiry.id).orderBy('id').execute(),
    readRounds(db, inquiry),
    readAnalysis(db, inquiry),
    db.selectFrom('learning_items').selectAll().where('inquiry_id', '=', inquiry.id).orderBy('id').execute(),
  ]);
  const storyTags = await db
    .selectFrom('story_tags')
    .selectAll()
    .where('story_id', 'in', stories.ids)
    .orderBy('story_id')
    .orderBy('answer_position')
    .orderBy('start_offset')
    .orderBy('id')
    .execute();
  const itemIds = learning.length ? learning.map((l) => l.id) : [0];
  const learningLinks = await db
    .selectFrom('learning_links')
    .selectAll()
    .where('item_id', 'in', itemIds)
    .orderBy('item_id')
    .execute();
  return {
    inquiry,
    domains,
    questions,
    attributes,
    ...stories,
    tags,
    storyTags,
    rounds,
    analysis,
    learning,
    learningLinks,
  };
}

export type InquiryData = Awaited<ReturnType<typeof readInquiry>>;

/** A story of the alliance by id, whatever its state, to say why it cannot be exported. */
export function findStoryState(
  db: Db,
  allianceId: number,
  storyId: number,
): Promise<Pick<Story, 'id' | 'inquiry_id' | 'code' | 'status' | 'withdrawn_at'> | undefined> {
  return db
    .selectFrom('stories')
    .select(['id', 'inquiry_id', 'code', 'status', 'withdrawn_at'])
    .where('alliance_id', '=', allianceId)
    .where('id', '=', storyId)
    .executeTakeFirst();
}

/** How many stories an export would hold: for the team, and for funders. */
export async function exportCounts(db: Db, inquiry: Inquiry): Promise<{ team: number; funders: number }> {
  const count = async (audience: Audience) => {
    const row = await storiesFor(db, inquiry.alliance_id, undefined, audience)
      .select(db.fn.countAll().as('n'))
      .where('stories.inquiry_id', '=', inquiry.id)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  return { team: await count('team'), funders: await count('funders') };
}

export function findInquiryById(db: Db, allianceId: number, inquiryId: number): Promise<Inquiry | undefined> {
  return db
    .selectFrom('inquiries')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('id', '=', inquiryId)
    .executeTakeFirst();
}

/* ---------- For the command line, which has no signed-in person ---------- */

export function cliAlliances(db: Db) {
  return db.selectFrom('alliances').select(['id', 'name']).orderBy('id').execute();
}

export function cliInquiries(db: Db, allianceId: number): Promise<Inquiry[]> {
  return db.selectFrom('inquiries').selectAll().where('alliance_id', '=', allianceId).orderBy('id').execute();
}

/** The alliance's longest-standing coordinator, who a command-line import is recorded as. */
export function cliCoordinator(db: Db, allianceId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name'])
    .where('memberships.alliance_id', '=', allianceId)
    .where('memberships.role', '=', 'coordinator')
    .orderBy('memberships.id')
    .executeTakeFirst();
}
