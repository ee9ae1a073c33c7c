/**
 * Consent in one place: which stories an output may show, and what of each it may show, for the use it serves and
 * who is looking. Outputs (rounds, feedback, packs, exhibits, reports, share links, exports, the learning log)
 * take their stories from `storiesFor` and their tellers' names and quotability from the columns below; none of
 * them reads a consent column, blanks a name or decides a quote itself.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { can } from '../accounts/permissions.ts';
import type { Db } from '../db/database.ts';
import type { ConsentUse, Database, Role, Story } from '../db/schema.ts';

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
  use?: ConsentUse,
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
