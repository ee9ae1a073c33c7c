/**
 * Where a page sits in the MSC cycle (Collect → Make sense → Select → Feed back → Report), decided in one place
 * from the route's address, so the layout can show the cycle with the current step marked.
 */
import { can, type Action } from '../accounts/permissions.ts';
import type { Role } from '../db/schema.ts';

export const CYCLE_STEPS = ['collect', 'makeSense', 'select', 'feedBack', 'report'] as const;
export type CycleStep = (typeof CYCLE_STEPS)[number];

/** Route addresses (inside /alliances/:allianceId) by step; the first match wins, so the specific come first. */
const STEP_OF: [RegExp, CycleStep][] = [
  [/^\/inquiries\/:inquiryId\/(report|export)/, 'report'],
  [/^\/inquiries\/:inquiryId\/learning/, 'feedBack'],
  [/^\/rounds\/:roundId\/feedback/, 'feedBack'],
  [/^\/inquiries\/:inquiryId\/(rounds|pack|exhibits)/, 'select'],
  [/^\/rounds\//, 'select'],
  [/^\/inquiries\/:inquiryId\/(codebook|themes)/, 'makeSense'],
  [/^\/themes\//, 'makeSense'],
  [/^\/stories\/:storyId\/(tags|passages|suggestions)/, 'makeSense'],
  [
    /^\/inquiries\/:inquiryId\/(stories|interviews|paper|import|domains|questions|attributes|settings|public)/,
    'collect',
  ],
  [/^\/stories\//, 'collect'],
];

/** Each step's page for an inquiry, and what opening it takes (others see the step's name, not a link). */
const STEP_PAGE: Record<CycleStep, { path: string; needs: Action }> = {
  collect: { path: 'stories', needs: 'readStories' },
  makeSense: { path: 'themes', needs: 'tagStories' },
  select: { path: 'rounds', needs: 'runRounds' },
  feedBack: { path: 'learning', needs: 'readFeedback' },
  report: { path: 'report', needs: 'readReports' },
};

const ALLIANCE_PREFIX = '/alliances/:allianceId';

/** The step a route belongs to; undefined for pages outside an inquiry's cycle (or the inquiry's own page). */
export function stepOf(routeUrl: string | undefined): CycleStep | undefined {
  if (!routeUrl?.startsWith(ALLIANCE_PREFIX)) return undefined;
  const path = routeUrl.slice(ALLIANCE_PREFIX.length);
  return STEP_OF.find(([pattern]) => pattern.test(path))?.[1];
}

interface HasInquiry {
  inquiry?: { id?: unknown };
  round?: { inquiry_id?: unknown };
  story?: { inquiry_id?: unknown };
  run?: { inquiry_id?: unknown };
}

/** The inquiry a page is about: from its address, or from what the page shows (a round, a story, a theme run). */
export function inquiryIdOf(params: unknown, data: HasInquiry): number | undefined {
  const candidates = [
    (params as { inquiryId?: unknown } | undefined)?.inquiryId,
    data.inquiry?.id,
    data.round?.inquiry_id,
    data.story?.inquiry_id,
    data.run?.inquiry_id,
  ];
  return candidates.map(Number).find((id) => Number.isSafeInteger(id) && id > 0);
}

export interface CycleNav {
  steps: { key: CycleStep; href?: string; current: boolean }[];
}

/** The cycle nav for a page inside an inquiry, or undefined when the page is not part of one. */
export function cycleNav(
  routeUrl: string | undefined,
  params: unknown,
  data: HasInquiry,
  allianceId: number,
  role: Role,
): CycleNav | undefined {
  const isInquiryPage = routeUrl === `${ALLIANCE_PREFIX}/inquiries/:inquiryId`;
  const current = stepOf(routeUrl);
  if (!current && !isInquiryPage) return undefined;
  const inquiryId = inquiryIdOf(params, data);
  if (!inquiryId) return undefined;
  const base = `/alliances/${allianceId}/inquiries/${inquiryId}`;
  return {
    steps: CYCLE_STEPS.map((key) => ({
      key,
      href: can(role, STEP_PAGE[key].needs) ? `${base}/${STEP_PAGE[key].path}` : undefined,
      current: key === current,
    })),
  };
}
