/**
 * The core of a round, shared by its pages: finding it, its domains and its stories. A round only ever shows the
 * stories whose tellers consented to panel reading and that are not withdrawn: that rule lives here, in the query.
 */
import type { Db } from '../db/database.ts';
import type { Inquiry, Round } from '../db/schema.ts';
import { domainsByIds } from '../inquiries/guide-store.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import { anonymousColumn, storiesFor, tellerColumn, type Audience } from '../stories/consent.ts';
import { panelSitters } from './participants-store.ts';

export function findRound(db: Db, allianceId: number, roundId: number): Promise<Round | undefined> {
  return db
    .selectFrom('rounds')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('id', '=', roundId)
    .executeTakeFirst();
}

/** Any round, by id, for the participant pages (which check the participant belongs to it). */
export function findRoundById(db: Db, roundId: number): Promise<Round | undefined> {
  return db.selectFrom('rounds').selectAll().where('id', '=', roundId).executeTakeFirst();
}

export function listRounds(db: Db, allianceId: number, inquiryId: number): Promise<Round[]> {
  return db
    .selectFrom('rounds')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('inquiry_id', '=', inquiryId)
    .orderBy('level')
    .orderBy('id')
    .execute();
}

/** These rounds of the alliance (others are left out), lowest level first, for what links to them. */
export function roundsByIds(db: Db, allianceId: number, roundIds: number[]): Promise<{ id: number; name: string }[]> {
  if (roundIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('rounds')
    .select(['id', 'name'])
    .where('alliance_id', '=', allianceId)
    .where('id', 'in', roundIds)
    .orderBy('level')
    .orderBy('id')
    .execute();
}

export interface RoundDomain {
  id: number;
  name: string;
}

/** The domains the round is about, in the guide's order. */
export async function roundDomains(db: Db, roundId: number): Promise<RoundDomain[]> {
  const rows = await db.selectFrom('round_domains').select('domain_id').where('round_id', '=', roundId).execute();
  return domainsByIds(
    db,
    rows.map((r) => r.domain_id),
  );
}

export interface RoundStory {
  id: number;
  code: string;
  title: string;
  domain_id: number | null;
  domain_name: string | null;
  word_count: number;
  /** Empty for anonymous stories (a panel never sees their teller's name), and for funders. */
  storyteller: string;
  anonymous: number;
  /** The language it was told in, so its words are marked as such on the page. */
  language: string;
  position: number;
  origin: string;
}

function roundStoriesQuery(db: Db, round: Pick<Round, 'id' | 'alliance_id'>, audience: Audience) {
  return storiesFor(db, round.alliance_id, 'panels', audience)
    .innerJoin('round_stories', 'round_stories.story_id', 'stories.id')
    .select((eb) => [
      'stories.id',
      'stories.code',
      'stories.title',
      'stories.domain_id',
      domainName(eb.ref('stories.domain_id')).as('domain_name'),
      'stories.word_count',
      'stories.language',
      'round_stories.position',
      'round_stories.origin',
    ])
    .select([tellerColumn(audience), anonymousColumn()])
    .where('round_stories.round_id', '=', round.id)
    .orderBy('round_stories.position')
    .orderBy('stories.id');
}

function toRoundStory(r: RoundStory): RoundStory {
  return { ...r, word_count: Number(r.word_count), anonymous: Number(r.anonymous), position: Number(r.position) };
}

/** The round's stories in the facilitator's order, only those a panel may read (and, for funders, funders may). */
export async function roundStories(
  db: Db,
  round: Pick<Round, 'id' | 'alliance_id'>,
  audience: Audience = 'team',
): Promise<RoundStory[]> {
  return (await roundStoriesQuery(db, round, audience).execute()).map(toRoundStory);
}

/** One story of the round, if the round may show it (in the round, consent to panels, not withdrawn). */
export async function roundStory(
  db: Db,
  round: Pick<Round, 'id' | 'alliance_id'>,
  storyId: number,
  audience: Audience = 'team',
): Promise<RoundStory | undefined> {
  const row = await roundStoriesQuery(db, round, audience).where('stories.id', '=', storyId).executeTakeFirst();
  return row && toRoundStory(row);
}

/**
 * The inquiry's rounds, which stories each read, and who sat on each (a member's user id; null for a guest; members
 * since removed from the alliance left out): what a report says of its panels.
 */
export async function roundPanels(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>) {
  const rounds = await listRounds(db, inquiry.alliance_id, inquiry.id);
  const ids = rounds.map((r) => r.id);
  if (ids.length === 0) return { rounds, readings: [], sitters: [] };
  const readings = await db
    .selectFrom('round_stories')
    .select(['round_id', 'story_id'])
    .where('round_id', 'in', ids)
    .execute();
  return { rounds, readings, sitters: await panelSitters(db, inquiry.alliance_id, ids) };
}
