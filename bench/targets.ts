/**
 * What the page benchmark measures: one line per page, with the route it needs (a target whose route does not
 * exist yet is skipped, saying why), the status every answer must have, its requests and its limits.
 * To add a page, add a line here (and, if it needs data the seed does not make, a field on Context).
 */
import type { Db } from '../server/db/database.ts';
import type { LoadRequest } from './load.ts';

/** What the seeded database and the signed-in session give the targets. */
export interface Context {
  db: Db;
  /** /alliances/<id> */
  alliance: string;
  /** /alliances/<id>/inquiries/<id> */
  inquiry: string;
  inquiryId: number;
  domainId: number;
  /** A fixed, seeded choice of story ids (drafts, recorded, withdrawn…), as people open them. */
  storyIds: number[];
  words: { many: string; few: string };
  /** Filled-in interview forms of real text, each with the session's CSRF token. */
  interviews: string[];
}

export interface Limits {
  /** Milliseconds. */
  p95?: number;
  p99?: number;
  /** At least this share of the reference route's requests per second. */
  ofReference?: number;
  /** At least this many requests per second. */
  rps?: number;
}

export interface Target {
  name: string;
  /** The route as registered, checked with app.hasRoute. */
  route: { method: 'GET' | 'POST'; url: string };
  /** Every answer must have this status (anything else fails the target). */
  status: number;
  limits: Limits;
  requests?: (c: Context) => LoadRequest[];
  /** Counts what the requests store: every acknowledged request must have stored one more. */
  stored?: (c: Context) => Promise<number>;
  /** Not written yet: why it is skipped. */
  todo?: string;
}

const get = (path: string): LoadRequest => ({ method: 'GET', path });
const PAGE = { p99: 50 };

async function storiesOf(c: Context): Promise<number> {
  const row = await c.db.selectFrom('stories').select(c.db.fn.countAll().as('n')).where('inquiry_id', '=', c.inquiryId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const TARGETS: Target[] = [
  {
    name: 'story list (domain + status)',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/stories' },
    status: 200,
    limits: { ...PAGE, ofReference: 0.25 },
    requests: (c) => [get(`${c.inquiry}/stories?domain=${c.domainId}&status=recorded`)],
  },
  {
    name: 'story page',
    route: { method: 'GET', url: '/alliances/:allianceId/stories/:storyId' },
    status: 200,
    limits: PAGE,
    requests: (c) => c.storyIds.map((id) => get(`${c.alliance}/stories/${id}`)),
  },
  {
    name: 'search, common word',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/stories' },
    status: 200,
    limits: { ...PAGE, p95: 20 },
    requests: (c) => [get(`${c.inquiry}/stories?q=${c.words.many}`)],
  },
  {
    name: 'search, rare word',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/stories' },
    status: 200,
    limits: { ...PAGE, p95: 20 },
    requests: (c) => [get(`${c.inquiry}/stories?q=${c.words.few}`)],
  },
  {
    name: 'story submission',
    route: { method: 'POST', url: '/alliances/:allianceId/inquiries/:inquiryId/interviews' },
    status: 303,
    limits: { p99: 100, rps: 1000 },
    requests: (c) => c.interviews.map((body) => ({ method: 'POST', path: `${c.inquiry}/interviews`, body })),
    stored: storiesOf,
  },
  // TODO(lead): round voting by guests. Seed a round whose panel holds ~20 stories and a guest session (add them
  // to Context in pages.ts), then: requests: (c) => c.votes.map((body) => ({ method: 'POST', path: `/rounds/${c.roundId}/take-part/vote`, body })),
  // stored: count of votes. Until then it is skipped.
  { name: 'round voting (guests)', route: { method: 'POST', url: '/rounds/:roundId/take-part/vote' }, status: 303, limits: PAGE, todo: 'no round is seeded and no votes are written yet' },
  // The inquiry's report as seeded (no report settings saved, so it shows what a new report shows).
  // TODO(lead): once reports are done, seed the report settings a real programme would save, if they change the work.
  {
    name: 'report page',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/report' },
    status: 200,
    limits: { p99: 300 },
    requests: (c) => [get(`${c.inquiry}/report`)],
  },
];
