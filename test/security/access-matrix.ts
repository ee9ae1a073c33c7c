/**
 * The authorisation matrix: every route Hearth serves (method and pattern exactly as registered) and what each kind
 * of visitor gets from it. access-matrix.test.ts sends each request and fails when an answer differs, when a route
 * has no row, or when a row names a route that no longer exists. A new route needs a row here: decide who may use
 * it, and write it down.
 *
 * What a visitor gets:
 *   ok         let through: any answer but the refusals below — a page, a redirect that is not to sign-in, or a
 *              form's own 4xx (a POST here sends an empty form, so 422 "please fill this in" is ok)
 *   sign-in    303 to /sign-in (with ?next= to come back); for a script's JSON route, 401 asking to sign in
 *   forbidden  403: a member, but not in a role that may
 *   not-found  404: as if it did not exist (outside the alliance, or a round the guest did not join)
 *   gone       410
 */
import type { Role } from './matrix-world.ts';

export type Outcome = 'ok' | 'sign-in' | 'forbidden' | 'not-found' | 'gone';
export type Access = Record<Role, Outcome>;

export interface Row {
  /** "METHOD /pattern", as registered with Fastify. */
  route: string;
  access: Access;
  /** Sent with a POST when an empty form would not reach the guarded part (e.g. answers 404 for an unknown tag). */
  fields?: Record<string, string>;
  /** A query string a GET needs to reach its guarded part. In fields and query, ":name" is the world's value. */
  query?: string;
  /**
   * Using it changes what later rows rely on (signs out, withdraws, revokes, removes): each role let through gets a
   * fresh alliance of its own.
   */
  changes?: true;
}

// Columns: signed out, guest with the round's code, reader, interviewer, facilitator, coordinator, a member
// (the coordinator) of another alliance.
const access = (...o: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]): Access => ({
  signedOut: o[0],
  guest: o[1],
  reader: o[2],
  interviewer: o[3],
  facilitator: o[4],
  coordinator: o[5],
  otherAlliance: o[6],
});

/** Open to anyone; links (invitation, password reset, public storytelling, receipt) are opened by holding them. */
const ANYONE = access('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
/** Any signed-in person (a guest has no account). */
const SIGNED_IN = access('sign-in', 'sign-in', 'ok', 'ok', 'ok', 'ok', 'ok');
/**
 * Taking part in the round: its guests and the members of its alliance, except readers (often funders), who take
 * part only once a facilitator adds them to the panel (test/rounds/reader-panel.test.ts).
 */
const PANEL = access('sign-in', 'ok', 'forbidden', 'ok', 'ok', 'ok', 'not-found');
const MEMBERS = access('sign-in', 'sign-in', 'ok', 'ok', 'ok', 'ok', 'not-found');
/** Everyone who works with stories; readers read reports, not stories. */
const STORY_WORKERS = access('sign-in', 'sign-in', 'forbidden', 'ok', 'ok', 'ok', 'not-found');
/** Recording and looking after stories: coordinators, and the interviewer who recorded the story. */
const RECORDERS = access('sign-in', 'sign-in', 'forbidden', 'ok', 'forbidden', 'ok', 'not-found');
/** Analysis and rounds: coordinators and facilitators. */
const FACILITATORS = access('sign-in', 'sign-in', 'forbidden', 'forbidden', 'ok', 'ok', 'not-found');
/** Reports: coordinators, facilitators and readers (often a funder); interviewers work with the stories instead. */
const REPORT_READERS = access('sign-in', 'sign-in', 'ok', 'forbidden', 'ok', 'ok', 'not-found');
const COORDINATORS = access('sign-in', 'sign-in', 'forbidden', 'forbidden', 'forbidden', 'ok', 'not-found');
/** Only Hearth's own PDF runner (a secret header) opens it: everyone else is told it does not exist. */
const NO_ONE = access('not-found', 'not-found', 'not-found', 'not-found', 'not-found', 'not-found', 'not-found');
/** Something one person asked for (the world's coordinator): anyone else gets 404. */
const ONLY_THE_ASKER = access('sign-in', 'sign-in', 'not-found', 'not-found', 'not-found', 'ok', 'not-found');

const rows = (access: Access, routes: string[], extra: Partial<Row> = {}): Row[] =>
  routes.map((route) => ({ route, access, ...extra }));
const A = '/alliances/:allianceId';
const INQ = `${A}/inquiries/:inquiryId`;
const STORY = `${A}/stories/:storyId`;
const ROUND = `${A}/rounds/:roundId`;

export const MATRIX: Row[] = [
  // Welcome, sign-in and first start. /setup and /demo only act before anyone has an account; later they send home.
  ...rows(SIGNED_IN, ['GET /', 'GET /alliances']),
  ...rows(ANYONE, ['GET /setup', 'POST /setup', 'POST /demo', 'GET /sign-in', 'POST /sign-in']),
  ...rows(ANYONE, ['POST /sign-out'], { changes: true }),
  // Choosing the interface language: visitors by a link (a cookie), people with an account on their account page.
  ...rows(ANYONE, ['GET /language']),
  // The load balancer's check (@fastify/under-pressure's status route), answered however busy Hearth is.
  ...rows(ANYONE, ['GET /health']),
  // Browsers ask for the icon whatever a page links: a redirect to the static one.
  ...rows(ANYONE, ['GET /favicon.ico']),
  ...rows(SIGNED_IN, ['GET /account', 'POST /account/language']),

  // Links: whoever holds one (an invitation accepted by a member of another alliance makes them a member).
  ...rows(ANYONE, ['GET /invitations/:token', 'GET /password-reset/:token', 'POST /password-reset/:token']),
  ...rows(ANYONE, ['POST /invitations/:token'], { changes: true }),
  ...rows(ANYONE, ['GET /tell/:token', 'POST /tell/:token']),
  ...rows(ANYONE, [
    'GET /receipt/:token',
    'GET /receipt/:token/edit',
    'POST /receipt/:token/edit',
    'GET /receipt/:token/withdraw',
    'GET /receipt/:token/download',
    'GET /receipt/:token/download.json',
  ]),
  ...rows(ANYONE, ['POST /receipt/:token/withdraw'], { changes: true }),

  // Sense-making rounds, taking part.
  ...rows(ANYONE, ['GET /join', 'POST /join']),
  ...rows(PANEL, [
    'GET /rounds/:roundId/take-part',
    'GET /rounds/:roundId/take-part/stories/:storyId',
    'GET /rounds/:roundId/take-part/stories/:storyId/recording',
    'POST /rounds/:roundId/take-part/stories/:storyId/annotations',
    'GET /rounds/:roundId/take-part/vote',
    'POST /rounds/:roundId/take-part/vote',
    'GET /rounds/:roundId/take-part/results',
  ]),

  // The alliance and its members.
  ...rows(MEMBERS, [`GET ${A}`]),
  ...rows(COORDINATORS, [
    `GET ${A}/members`,
    `GET ${A}/members/:membershipId/remove`,
    `POST ${A}/organisations`,
    `GET ${A}/invitations`,
    `POST ${A}/invitations`,
    `GET ${A}/members/:membershipId/password-reset`,
    `GET ${A}/audit`,
  ]),
  ...rows(COORDINATORS, [`POST ${A}/members/:membershipId/role`], { fields: { role: 'reader' } }),
  ...rows(
    COORDINATORS,
    [
      `POST ${A}/members/:membershipId/remove`,
      `POST ${A}/invitations/:invitationId/revoke`,
      `POST ${A}/members/:membershipId/password-reset`,
      `POST ${A}/members/:membershipId/password-reset/:resetId/revoke`,
    ],
    { changes: true },
  ),

  // Inquiries and their interview guides.
  ...rows(STORY_WORKERS, [`GET ${A}/inquiries`, `GET ${INQ}`, `GET ${INQ}/paper`]),
  ...rows(COORDINATORS, [
    `GET ${A}/inquiries/new`,
    `POST ${A}/inquiries/new`,
    `GET ${INQ}/settings`,
    `POST ${INQ}/settings`,
  ]),
  ...rows(COORDINATORS, [`POST ${INQ}/public/open`, `POST ${INQ}/public/close`, `POST ${INQ}/public/renew`], {
    changes: true,
  }),
  // The ready set of questions the teller answers about their own story.
  ...rows(COORDINATORS, [`POST ${INQ}/questions/ready-set`], { changes: true }),
  ...(['domains/:domainId', 'questions/:questionId', 'attributes/:attributeId'] as const).flatMap((item) => {
    const list = item.split('/')[0];
    return [
      ...rows(COORDINATORS, [
        `GET ${INQ}/${list}/new`,
        `POST ${INQ}/${list}/new`,
        `GET ${INQ}/${item}`,
        `POST ${INQ}/${item}`,
        `GET ${INQ}/${item}/remove`,
      ]),
      ...rows(COORDINATORS, [`POST ${INQ}/${item}/move`], { fields: { direction: 'down' } }),
      ...rows(COORDINATORS, [`POST ${INQ}/${item}/remove`], { changes: true }),
    ];
  }),

  // Stories: the list, a story, recording and editing (the world's story was recorded by its interviewer), care.
  ...rows(STORY_WORKERS, [`GET ${INQ}/stories`, `GET ${STORY}`, `GET ${STORY}/versions`]),
  ...rows(RECORDERS, [
    `GET ${INQ}/interviews/new`,
    `POST ${INQ}/interviews`,
    `POST ${INQ}/interviews/autosave`,
    `GET ${STORY}/edit`,
    `POST ${STORY}`,
    `POST ${STORY}/autosave`,
    `GET ${STORY}/read-back`,
    `POST ${STORY}/read-back`,
    `GET ${STORY}/withdraw`,
    // Translating the story: whoever may edit it.
    `GET ${STORY}/translation`,
    `POST ${STORY}/translation`,
  ]),
  ...rows(RECORDERS, [`POST ${STORY}/withdraw`], { changes: true }),
  // Its recording and photos: played and seen by those who read stories, added and removed by those who record them.
  ...rows(STORY_WORKERS, [`GET ${STORY}/files/:fileId`]),
  ...rows(RECORDERS, [
    `GET ${STORY}/recordings`,
    `POST ${STORY}/recordings`,
    `GET ${STORY}/photos`,
    `POST ${STORY}/photos`,
    `GET ${STORY}/files/:fileId/remove`,
  ]),
  ...rows(RECORDERS, [`POST ${STORY}/files/:fileId/remove`], { changes: true }),
  // A draft transcript of the recording (the matrix's app has a speech-to-text command set): asked for, followed,
  // and corrected into the story's words by those who record stories; with no draft yet, the form sends back.
  ...rows(RECORDERS, [
    `POST ${STORY}/files/:fileId/transcript`,
    `GET ${STORY}/files/:fileId/transcript/status`,
    `GET ${STORY}/files/:fileId/transcript/correct`,
    `POST ${STORY}/files/:fileId/transcript/correct`,
  ]),
  // Interviews in the field: the installable app (service worker, manifest, start address), the field page and the
  // form kept on the phone, and the JSON the phone sends interviews to (a form post without an interview: 400).
  ...rows(ANYONE, ['GET /field-sw.js', 'GET /field/manifest.webmanifest']),
  ...rows(SIGNED_IN, ['GET /field']),
  ...rows(RECORDERS, [
    `GET ${A}/field`,
    `GET ${INQ}/field/interview`,
    `GET ${A}/field/session.json`,
    `POST ${INQ}/field/interviews`,
    // A recording or photo of an interview sent from the field (a form without a file: 422).
    `POST ${A}/field/stories/:storyDeviceId/recordings/:fileDeviceId`,
    `POST ${A}/field/stories/:storyDeviceId/photos/:fileDeviceId`,
  ]),
  ...rows(FACILITATORS, [`GET ${STORY}/verify`, `POST ${STORY}/verify`]),

  // Analysis: the codebook, tagging, suggestions, themes.
  ...rows(STORY_WORKERS, [`GET ${INQ}/codebook`, `GET ${INQ}/codebook/:tagId`]),
  ...rows(FACILITATORS, [
    `POST ${INQ}/codebook`,
    `POST ${INQ}/codebook/:tagId`,
    `GET ${INQ}/codebook/:tagId/merge`,
    `POST ${INQ}/codebook/:tagId/merge`,
    `GET ${INQ}/codebook/:tagId/delete`,
  ]),
  ...rows(FACILITATORS, [`POST ${INQ}/codebook/:tagId/delete`], { changes: true }),
  ...rows(STORY_WORKERS, [`GET ${STORY}/tags`, `POST ${STORY}/tags`]),
  ...rows(STORY_WORKERS, [`GET ${STORY}/passages/new`], { query: 'answer=:answer' }),
  ...rows(STORY_WORKERS, [`POST ${STORY}/passages`], { fields: { answer: ':answer' } }),
  ...rows(STORY_WORKERS, [`POST ${STORY}/tags/:storyTagId/remove`], { changes: true }),
  ...rows(STORY_WORKERS, [`POST ${STORY}/suggestions/term`], { fields: { term: 'harbour' } }),
  ...rows(STORY_WORKERS, [`POST ${STORY}/suggestions/tag`], { fields: { tagId: ':tagId' } }),
  ...rows(STORY_WORKERS, [
    `GET ${INQ}/themes`,
    `GET ${A}/themes/runs/:runId`,
    `GET ${A}/themes/runs/:runId/progress`,
    `GET ${A}/themes/runs/:runId/map`,
    `GET ${A}/themes/:themeId`,
  ]),
  ...rows(FACILITATORS, [
    `POST ${INQ}/themes`,
    `POST ${A}/themes/:themeId/rename`,
    `POST ${A}/themes/:themeId/keep`,
    `POST ${A}/themes/:themeId/discard`,
    `POST ${A}/themes/:themeId/unkeep`,
    `POST ${A}/themes/:themeId/merge`,
    `POST ${A}/themes/:themeId/split`,
    `POST ${A}/themes/:themeId/tag`,
  ]),

  // Patterns across stories: coordinators and facilitators (they lead back to the stories, never rank people).
  ...rows(FACILITATORS, [
    `GET ${INQ}/patterns`,
    `GET ${INQ}/patterns/:dimension`,
    `GET ${INQ}/patterns/:dimension/:by`,
    `GET ${INQ}/observations`,
    `GET ${INQ}/observations/:observationId`,
  ]),
  ...rows(FACILITATORS, [`GET ${INQ}/observations/new`], { query: 'pattern=domain' }),
  ...rows(FACILITATORS, [`POST ${INQ}/observations`], {
    fields: { pattern: 'domain', text: 'Most stories are from one domain' },
  }),
  ...rows(FACILITATORS, [`POST ${INQ}/observations/:observationId`], { fields: { text: 'Seen again' }, changes: true }),
  ...rows(FACILITATORS, [`POST ${INQ}/observations/:observationId/interpretations`], {
    fields: { interpretation: 'Another reading' },
    changes: true,
  }),
  ...rows(
    FACILITATORS,
    [
      `POST ${INQ}/observations/:observationId/interpretations/:interpretationId/remove`,
      `POST ${INQ}/observations/:observationId/remove`,
      `POST ${INQ}/observations/:observationId/learning`,
    ],
    { changes: true },
  ),

  // Rounds: setting up, running, tallies, decisions; feedback and the learning log (read by everyone).
  ...rows(FACILITATORS, [
    `GET ${INQ}/rounds`,
    `GET ${INQ}/rounds/new`,
    `POST ${INQ}/rounds/new`,
    `GET ${ROUND}`,
    `GET ${ROUND}/edit`,
    `POST ${ROUND}/edit`,
    `POST ${ROUND}/stage`,
    `GET ${ROUND}/stories`,
    `POST ${ROUND}/stories`,
    `GET ${ROUND}/tallies`,
    `GET ${ROUND}/tallies.json`,
    `POST ${ROUND}/reveal`,
    `GET ${ROUND}/paper`,
    `POST ${ROUND}/paper`,
    `GET ${ROUND}/decide`,
    `POST ${ROUND}/decide`,
    `POST ${ROUND}/feedback/sent`,
    `POST ${INQ}/learning`,
    `GET ${INQ}/learning/:itemId`,
    `POST ${INQ}/learning/:itemId`,
  ]),
  ...rows(FACILITATORS, [`POST ${ROUND}/participants`], { fields: { member: ':membershipId' } }),
  ...rows(MEMBERS, [`GET ${ROUND}/feedback`, `GET ${INQ}/learning`]),

  // Exports and imports: whole inquiries leave or enter Hearth, so coordinators only.
  ...rows(COORDINATORS, [
    `GET ${INQ}/export`,
    `GET ${INQ}/export/download`,
    `GET ${STORY}/export`,
    `GET ${INQ}/import`,
    `POST ${INQ}/import`,
    // A file waiting to be mapped is its uploader's: another coordinator gets 404 (test/exports/import.test.ts).
    `GET ${INQ}/import/:uploadId`,
    `POST ${INQ}/import/:uploadId`,
    `GET ${A}/import`,
    `POST ${A}/import`,
    `POST ${A}/import/zip`,
  ]),

  // Story packs, read-aloud and exhibits. (The PDF answers 503 here: the test app has no Chromium.)
  ...rows(FACILITATORS, [
    `GET ${ROUND}/pack/settings`,
    `GET ${ROUND}/pack`,
    `GET ${ROUND}/pack.pdf`,
    `POST ${ROUND}/pack.pdf`,
    `GET ${ROUND}/read-aloud/:n`,
    `GET ${INQ}/exhibits/:n`,
    `GET ${ROUND}/exhibits/:n`,
  ]),
  ...rows(STORY_WORKERS, [
    `GET ${INQ}/pack/settings`,
    `GET ${INQ}/pack`,
    `GET ${INQ}/pack.pdf`,
    `POST ${INQ}/pack.pdf`,
  ]),

  // The report: read by coordinators, facilitators and readers (funders); written and shared by coordinators.
  // A share link is opened by whoever holds it. (The PDFs answer 503 here: the test app has no Chromium.)
  ...rows(REPORT_READERS, [`GET ${A}/reports`, `GET ${INQ}/report`, `GET ${INQ}/report.pdf`, `POST ${INQ}/report.pdf`]),
  ...rows(COORDINATORS, [
    `GET ${INQ}/report/edit`,
    `POST ${INQ}/report/edit`,
    `GET ${INQ}/report/share`,
    `POST ${INQ}/report/share`,
    `GET ${INQ}/report/share/:linkId/revoke`,
  ]),
  ...rows(COORDINATORS, [`POST ${INQ}/report/share/:linkId/revoke`], { changes: true }),
  ...rows(ANYONE, ['GET /shared/:token', 'GET /shared/:token/report.pdf', 'POST /shared/:token/report.pdf']),
  // A share link's PDF job is the link's: anyone holding the link follows it. Only the runner prints it.
  ...rows(ANYONE, [
    'GET /shared/:token/pdf/:jobId',
    'GET /shared/:token/pdf/:jobId/progress',
    'GET /shared/:token/pdf/:jobId/download',
  ]),
  ...rows(NO_ONE, ['GET /shared-links/:linkId/report.pdf']),

  // A PDF job (printing/): its page and download are for the person who asked (here the coordinator) alone;
  // everyone else gets 404, as if it did not exist. Asking for one is a POST to the printable address, above.
  ...rows(ONLY_THE_ASKER, [
    `GET ${A}/printing/:jobId`,
    `GET ${A}/printing/:jobId/progress`,
    `GET ${A}/printing/:jobId/download`,
  ]),
];
