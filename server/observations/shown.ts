/**
 * An observation's pattern as it is now: its numbers made afresh from the stories (../patterns/pattern.ts), so a
 * withdrawn story leaves every count at once. On paper and in the report, a copy without links or chart.
 */
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { patternSet, patternView, printable } from '../patterns/pattern.ts';
import type { PatternScope, Viewer } from '../stories/list-store.ts';
import { translator } from '../web/i18n.ts';
import type { ObservationEntry } from './store.ts';

/** Whoever may see every told story the output may show: packs count all of them, a report those of its scope. */
const EVERY_STORY: Viewer = { userId: 0, role: 'coordinator' };

function fieldsOf(filters: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(filters)) {
    const had = fields[name];
    fields[name] = had === undefined ? value : [had, value].flat();
  }
  return fields;
}

/**
 * The pattern an observation (or a pin) points at, over its filters, in the page's language `lang`; `found` false
 * if it names none now.
 */
export async function observed(
  db: Db,
  inquiry: Inquiry,
  viewer: Viewer,
  lang: string,
  at: { pattern: string; filters: string },
  scope?: PatternScope,
) {
  const base = `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}`;
  const t = translator(lang);
  const set = await patternSet(db, inquiry, viewer, fieldsOf(at.filters), lang, scope);
  const query = set.filters ? `?${set.filters}` : '';
  const href = `${base}/patterns/${at.pattern}${query}`;
  if (set.errors) return { found: false as const, filters: set.filters, href };
  if (set.tooMany !== undefined) return { found: false as const, filters: set.filters, href, tooMany: set.tooMany };
  const view = patternView(t, set.dimensions, at.pattern, base, set.enough, set.stories);
  if (!view) return { found: false as const, filters: set.filters, href };
  return {
    found: true as const,
    filters: set.filters,
    filtered: set.filters !== '',
    href,
    title: view.title,
    total: set.stories.length,
    enough: set.enough,
    one: view.one,
    pair: view.pair,
    aLabel: view.aLabel,
    bLabel: view.bLabel,
  };
}

export type Shown = Awaited<ReturnType<typeof observed>>;

/**
 * Observations as pattern cards and report sections: each with its pattern's numbers, no links, no chart. A report
 * gives its audience and period, so its cards count the stories its other counts do.
 */
export async function observedOnPaper(
  db: Db,
  inquiry: Inquiry,
  lang: string,
  observations: ObservationEntry[],
  scope?: PatternScope,
) {
  return Promise.all(
    observations.map(async (o) => {
      const shown = await observed(db, inquiry, EVERY_STORY, lang, o, scope);
      return { ...o, shown: printable(shown) };
    }),
  );
}
