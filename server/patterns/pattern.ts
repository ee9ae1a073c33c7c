/**
 * One pattern by its address under /patterns/ ("domain" for one question, "domain/question-12" for a pair), over
 * the stories a story-list query selects. The pattern pages, and observations wherever they are shown (their page,
 * pack cards, the report), make it here, afresh each time: a withdrawn story leaves every count at once.
 */
import type { TFunction } from 'i18next';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { loadGuide } from '../inquiries/inquiries-store.ts';
import { readListRequest } from '../stories/list-filters.ts';
import { listInterviewers, patternStories, type PatternScope, type Viewer } from '../stories/list-store.ts';
import type { FieldErrors } from '../web/forms.ts';
import { translator } from '../web/i18n.ts';
import type { Fields } from '../web/schemas.ts';
import { buildDimensions, reachOf, type Dimension } from './dimensions.ts';
import { unansweredOf } from './unanswered.ts';
import { contingencyView, distributionView, ENOUGH, groupsView, notApplyingOf, scatterView } from './views.ts';

/** The most stories counted at once unless the server says otherwise (HEARTH_PATTERN_STORIES; see setPatternLimit). */
export const PATTERN_STORIES = 50_000;
let patternLimit = PATTERN_STORIES;

/**
 * Set once as a server starts, from its configuration. Every pattern reads each story it counts (at 100,000 stories
 * some two seconds of one core and 300 MB), so over more the pages ask for a narrower set instead.
 */
export function setPatternLimit(stories: number): void {
  patternLimit = stories;
}

/**
 * The stories a story-list query selects, and their dimensions in the page's language `lang`; or what in the query
 * could not be read; or, over the limit, only that there are too many (`tooMany` holds the limit).
 */
export async function patternSet(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  asked: Fields,
  lang: string,
  scope?: PatternScope,
) {
  const [guide, interviewers] = await Promise.all([loadGuide(db, inquiry), listInterviewers(db, inquiry)]);
  const read = readListRequest(
    asked,
    guide,
    interviewers.map((i) => i.id),
  );
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(read.values))
    if (typeof value === 'string' && value.trim() !== '') params.set(name, value);
  const filters = params.toString();
  if (Object.keys(read.errors).length > 0) return { filters, errors: read.errors as FieldErrors };
  const limit = patternLimit;
  const stories = await patternStories(db, inquiry, viewer, read.filters, limit + 1, scope);
  if (stories.length > limit) return { filters, tooMany: limit };
  const reach = await reachOf(db, inquiry, stories);
  const audience = scope?.audience;
  const dimensions = await buildDimensions({ db, inquiry, stories, t: translator(lang), lang, reach, audience });
  return { filters, stories, reach, dimensions, enough: stories.length >= ENOUGH };
}

const find = (dimensions: Dimension[], key: string) => dimensions.find((d) => d.key === key);

/**
 * A pattern's view over the set's stories: one question's spread, or a pair's table and test with how many stories
 * answered both (and links to the others). Undefined for an address that names none.
 */
export function patternView(
  t: TFunction,
  dimensions: Dimension[],
  address: string,
  base: string,
  enough: boolean,
  stories: readonly { id: number }[],
) {
  const [first, second, ...rest] = address.split('/');
  const a = find(dimensions, first ?? '');
  if (!a || rest.length > 0) return undefined;
  if (second === undefined)
    return { title: a.label, one: distributionView(t, a, stories.length, base, enough), a, b: undefined };
  const b = find(dimensions, second);
  if (!b || a === b) return undefined;
  const title = `${a.label} × ${b.label}`;
  const labels = { aLabel: a.label, bLabel: b.label, aLang: a.lang, bLang: b.lang };
  // A slider every teller answered "does not apply" to: said so, with no empty table or chart, and no test.
  const notApplying = [a, b].flatMap((d) => notApplyingOf(d, base) ?? []);
  if (notApplying.length > 0) return { title, a, b, pair: { kind: 'notApplying' as const, notApplying }, ...labels };
  const unanswered = unansweredOf(
    a,
    b,
    stories.map((s) => s.id),
    base,
  );
  if (a.kind === 'choice' && b.kind === 'choice')
    return { title, a, b, pair: { ...contingencyView(t, a, b, base, enough), unanswered }, ...labels };
  if (a.kind === 'scale' && b.kind === 'scale')
    return { title, a, b, pair: { ...scatterView(t, a, b, base, enough), unanswered }, ...labels };
  // A scale across a choice's groups: the table's rows are the choice's groups.
  const [scale, by] = a.kind === 'scale' ? [a, b] : [b, a];
  if (scale.kind !== 'scale' || by.kind !== 'choice') return undefined;
  const pair = { ...groupsView(t, scale, by, base, enough), unanswered };
  return { title, a, b, pair, aLabel: scale.label, bLabel: by.label, aLang: scale.lang, bLang: by.lang };
}

export type PatternView = NonNullable<ReturnType<typeof patternView>>;

/** A copy to print or to show where story lists cannot be opened (a pack, the report): no links and no chart. */
export function printable<T extends object>(view: T): T {
  return JSON.parse(JSON.stringify(view, (key, value) => (key === 'href' || key === 'svg' ? undefined : value)));
}
