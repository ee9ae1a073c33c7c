/**
 * What the page benchmark measures: one line per page, with the route it needs (a target whose route does not
 * exist yet is skipped, saying why), the status every answer must have, its requests and its limits.
 * To add a page, add a line here (and, if it needs data the seed does not make, a field on Context).
 */
import type { Db } from '../server/db/database.ts';
import type { LoadRequest } from './load.ts';
import { ballotsIn } from './round.ts';

/** What the seeded database and the signed-in session give the targets. */
export interface Context {
  db: Db;
  /** /alliances/<id> */
  alliance: string;
  /** /alliances/<id>/inquiries/<id> */
  inquiry: string;
  inquiryId: number;
  domainId: number;
  /** A storyteller question and an answer many tellers gave, for the filtered list. */
  answer: { attributeId: number; value: string };
  /** A fixed, seeded choice of story ids (drafts, recorded, withdrawn…), as people open them. */
  storyIds: number[];
  words: { many: string; few: string };
  /** Filled-in interview forms of real text, each with the session's CSRF token. */
  interviews: string[];
  /** A live dot-voting round in its voting stage (bench/round.ts) and one vote per guest who joined it. */
  roundId: number;
  votes: LoadRequest[];
}

export interface Limits {
  /** Milliseconds. */
  p95?: number;
  p99?: number;
  /** At least this share of the reference route's requests per second. */
  ofReference?: number;
  /** At least this many requests per second. */
  rps?: number;
  /** No request may time out. */
  noTimeouts?: boolean;
  /** The first answer (before the load: the report's first computation), in milliseconds. */
  first?: number;
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
  /** Each request may be sent only once (a participant votes once): they are shared out, not cycled. */
  once?: boolean;
  /** Not written yet: why it is skipped. */
  todo?: string;
}

const get = (path: string): LoadRequest => ({ method: 'GET', path });
/** Issue 20's targets, for 1,000,000 stories on PostgreSQL behind two servers and 100,000 on SQLite with one. */
const PAGE = { p99: 100 };

async function storiesOf(c: Context): Promise<number> {
  const row = await c.db
    .selectFrom('stories')
    .select(c.db.fn.countAll().as('n'))
    .where('inquiry_id', '=', c.inquiryId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const TARGETS: Target[] = [
  {
    name: 'story list (first page)',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/stories' },
    status: 200,
    limits: PAGE,
    requests: (c) => [get(`${c.inquiry}/stories`)],
  },
  {
    name: 'story list (domain + storyteller answer)',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/stories' },
    status: 200,
    limits: PAGE,
    requests: (c) => [
      get(`${c.inquiry}/stories?domain=${c.domainId}&a${c.answer.attributeId}=${encodeURIComponent(c.answer.value)}`),
    ],
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
    limits: { p95: 50, noTimeouts: true },
    requests: (c) => [get(`${c.inquiry}/stories?q=${c.words.many}`)],
  },
  {
    name: 'search, rare word',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/stories' },
    status: 200,
    limits: { p95: 20 },
    requests: (c) => [get(`${c.inquiry}/stories?q=${c.words.few}`)],
  },
  {
    name: 'story submission',
    route: { method: 'POST', url: '/alliances/:allianceId/inquiries/:inquiryId/interviews' },
    status: 303,
    limits: { rps: 1000 },
    requests: (c) => c.interviews.map((body) => ({ method: 'POST', path: `${c.inquiry}/interviews`, body })),
    stored: storiesOf,
  },
  // Round voting as a room does it: every guest's phone, with its own session, casts its one vote (3 dots) on a
  // panel of 20 stories. A second vote would be refused (409), so the votes are shared out among the connections,
  // each sent once, rather than repeated; every acknowledged (303) vote must be a stored ballot.
  {
    name: 'round voting (guests)',
    route: { method: 'POST', url: '/rounds/:roundId/take-part/vote' },
    status: 303,
    limits: { p99: 100 },
    once: true,
    requests: (c) => c.votes,
    stored: (c) => ballotsIn(c.db, c.roundId),
  },
  // The inquiry's report as seeded (no report settings saved, so it shows what a new report shows).
  // TODO(lead): once reports are done, seed the report settings a real programme would save, if they change the work.
  {
    name: 'report page',
    route: { method: 'GET', url: '/alliances/:allianceId/inquiries/:inquiryId/report' },
    status: 200,
    limits: { first: 5000, p95: 300 },
    requests: (c) => [get(`${c.inquiry}/report`)],
  },
];
