/**
 * Consent in one place: which stories an output may show, and what of each it may show, for the use it serves and
 * who is looking. Outputs (rounds, feedback, packs, exhibits, reports, share links, exports, the learning log)
 * take their stories from `storiesFor` and their tellers' names and quotability from the columns below; none of
 * them reads a consent column, blanks a name or decides a quote itself. The same goes for a story's recording and
 * photos: `filesShown` and `hearableStories` decide where they may be heard and seen.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { can } from '../accounts/permissions.ts';
import type { Db } from '../db/database.ts';
import type { ConsentUse, Database, RecordingUse, Role, Story } from '../db/schema.ts';

/**
 * Who is looking: the alliance's team (members, and guests on a panel), or funders — a member in the reader role,
 * a share link, a funders' export. Funders see only stories whose tellers agreed to funders seeing them, and never
 * a teller's name.
 */
export type Audience = 'team' | 'funders';

export const audienceOf = (role: Role): Audience => (can(role, 'seeTeamView') ? 'team' : 'funders');

/** Stories an output may show: never a draft or a withdrawn story; with a use, only those whose teller agreed to it. */
export function storiesFor(
  db: Db,
  allianceId: number,
  use?: ConsentUse | RecordingUse,
  audience: Audience = 'team',
): SelectQueryBuilder<Database, 'stories', object> {
  let query = db
    .selectFrom('stories')
    .where('stories.alliance_id', '=', allianceId)
    .where('stories.withdrawn_at', 'is', null)
    .where('stories.status', '!=', 'draft');
  if (use) query = query.where(`stories.consent_${use}`, '=', 1);
  if (audience === 'funders') query = query.where('stories.consent_funders', '=', 1);
  return query;
}

/** The teller's name as a column `storyteller`: '' for an anonymous story, and always '' for funders. */
export function tellerColumn(audience: Audience = 'team') {
  return (
    audience === 'funders'
      ? sql<string>`''`
      : sql<string>`case when stories.anonymous = 1 then '' else stories.storyteller end`
  ).as('storyteller');
}

/** Whether the story's words may be quoted (1 or 0), as a column `quotable`. */
export function quotableColumn() {
  return sql<number>`case when stories.consent_quotes = 1 then 1 else 0 end`.as('quotable');
}

/** Whether the storyteller asked to stay anonymous (1 or 0), as a column `anonymous`: an output then shows nothing that could identify them. */
export function anonymousColumn() {
  return sql<number>`case when stories.anonymous = 1 then 1 else 0 end`.as('anonymous');
}

/** The story's title as a column `title`: '' unless its teller agreed to this use (a title is the teller's words). */
export function titleColumn(use: ConsentUse) {
  return sql<string>`case when ${sql.ref(`stories.consent_${use}`)} = 1 then stories.title else '' end`.as('title');
}

/** Whether the teller of a story already read whole agreed to this use (and it is neither a draft nor withdrawn). */
export function consented(
  story: Pick<Story, 'status' | 'withdrawn_at' | `consent_${ConsentUse}`>,
  use: ConsentUse,
): boolean {
  return (
    story.status !== 'draft' &&
    story.status !== 'withdrawn' &&
    !story.withdrawn_at &&
    Number(story[`consent_${use}`]) === 1
  );
}

/**
 * Whether the teller's answers about themselves (age band, place…) may go with the story: an anonymous teller's
 * never go onto paper or to funders; the team's own records (a story page, the team's export) keep them.
 */
export function attributesShown(story: { anonymous: number | boolean }, audience: Audience, printed = false): boolean {
  return !Number(story.anonymous) || (audience === 'team' && !printed);
}

/**
 * The same rule for a name already read (a whole story for an export, or a name a query above already blanked for
 * anonymity): the name this audience may see.
 */
export function tellerShown(
  story: { storyteller: string; anonymous?: number | boolean },
  audience: Audience = 'team',
): string {
  return Number(story.anonymous ?? 0) || audience === 'funders' ? '' : story.storyteller;
}

/**
 * Where a story's files could be shown: its own page (the team's record), a panel reading it in a round, or an
 * export that carries files (a zip beside the JSON, sources in a REFI-QDA project).
 */
export type FileOutput = 'story' | 'panel' | 'export';

/** What of a story filesShown reads. */
export type FileConsent = Pick<
  Story,
  | 'status'
  | 'withdrawn_at'
  | 'anonymous'
  | 'consent_panels'
  | 'consent_funders'
  | 'consent_recording'
  | 'consent_hearing'
>;

/** The columns filesShown reads, for an output that lists stories to pass to it (e.g. an export counting its files). */
export const FILE_CONSENT_COLUMNS = [
  'stories.status',
  'stories.withdrawn_at',
  'stories.anonymous',
  'stories.consent_panels',
  'stories.consent_funders',
  'stories.consent_recording',
  'stories.consent_hearing',
] as const;

/**
 * What of a story's recording and photos an output may show. Nothing once withdrawn. The story page (the team's
 * own record; readers never reach it) plays the recording while the teller agrees to keep it, and shows the photos
 * of the paper for verification. A panel hears the recording only where the teller agreed to panels hearing it, and
 * funders only of a story shared with them whose teller is not anonymous (a voice tells who is speaking); a panel
 * never sees the photos, as a paper form may carry a real name. An export with files is the team's record leaving
 * Hearth: the team's export carries what the story page shows (the recording while kept, the photos and scans);
 * a funders' export carries only a recording funders may hear (as on a funders' panel) and never a photo (the
 * paper carries names, which funders never see). Packs and reports show neither: no use allows it.
 */
export function filesShown(
  story: FileConsent,
  output: FileOutput,
  audience: Audience,
): { recording: boolean; photos: boolean } {
  const live = story.status !== 'withdrawn' && !story.withdrawn_at;
  const kept = live && Number(story.consent_recording) === 1;
  if (output === 'story') return { recording: kept && audience === 'team', photos: live && audience === 'team' };
  if (output === 'export' && audience === 'team') return { recording: kept, photos: live };
  const heard =
    kept &&
    story.status !== 'draft' &&
    Number(story.consent_panels) === 1 &&
    Number(story.consent_hearing) === 1 &&
    (audience === 'team' || (Number(story.consent_funders) === 1 && Number(story.anonymous) === 0));
  return { recording: heard, photos: false };
}

/** The stories of an alliance whose recordings a panel may hear, as a query (the same rule as filesShown). */
export function hearableStories(db: Db, allianceId: number, audience: Audience) {
  let query = storiesFor(db, allianceId, 'hearing', audience)
    .where('stories.consent_recording', '=', 1)
    .where('stories.consent_panels', '=', 1);
  if (audience === 'funders') query = query.where('stories.anonymous', '=', 0);
  return query;
}

/**
 * Whether a story (whatever its status) may still keep a file of this kind: a photo until it is withdrawn, a
 * recording while its teller also agrees to the recording being kept.
 */
export async function fileKept(db: Db, storyId: number, kind: 'recording' | 'photo'): Promise<boolean> {
  const row = await db
    .selectFrom('stories')
    .select(['consent_recording', 'withdrawn_at'])
    .where('id', '=', storyId)
    .executeTakeFirst();
  return Boolean(row && !row.withdrawn_at && (kind === 'photo' || Number(row.consent_recording) === 1));
}
