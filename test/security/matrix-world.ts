/**
 * A small Hearth for the authorisation matrix: an alliance with a member in every role and one of everything a
 * route can name (inquiry, domain, question, attribute, stories, a tag on a story, a finished theme run, a round
 * in voting with a guest who joined by its code, a learning item, an invitation, a password reset link, the public
 * storytelling link and a storyteller's receipt) — made the same way for each alliance, so the other alliance's
 * ids can be swapped into this alliance's addresses. Visitors are browsers for each of the seven roles.
 */
import { beginCsvUpload, completeCsvUpload, writeCsvChunk } from '../../server/exports/csv-upload-store.ts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createInvitation } from '../../server/accounts/invitations-store.ts';
import { addMember } from '../../server/accounts/members-store.ts';
import { createPasswordReset, findResetMember } from '../../server/accounts/password-resets-store.ts';
import { queueRun, finishRun } from '../../server/themes/runs-store.ts';
import { tagStory } from '../../server/codebook/tagging-store.ts';
import { createTag } from '../../server/codebook/tags-store.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { openPublicLink } from '../../server/inquiries/settings-store.ts';
import type { Db } from '../../server/db/database.ts';
import type { Alliance, Inquiry, Role as MemberRole, Story, User } from '../../server/db/schema.ts';
import { periodOf } from '../../server/learning/forms.ts';
import { createShareLink } from '../../server/reports/share-store.ts';
import { queuePdf } from '../../server/printing/jobs-store.ts';
import { addItem } from '../../server/learning/store.ts';
import { addObservation } from '../../server/observations/store.ts';
import { storeUpload } from '../../server/attachments/upload.ts';
import { wav } from '../attachments/fixtures.ts';
import { Agent, freshAddress, type Fields } from '../helpers/agent.ts';
import { makeAlliance, makePerson } from '../helpers/app.ts';
import { membershipId } from '../helpers/snapshot.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRoundStories, makeRound } from '../rounds/round-fixtures.ts';

/** Who is asking: the seven columns of the matrix. */
export const ROLES = [
  'signedOut',
  'guest',
  'reader',
  'interviewer',
  'facilitator',
  'coordinator',
  'otherAlliance',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * A browser: keeps its cookies and the CSRF token of the last form it saw. Each has its own address, so the
 * per-address limits on sign-in, links and receipts never decide an answer here.
 */
export class Visitor extends Agent {
  constructor(app: FastifyInstance) {
    super(app, { address: freshAddress(), checkHtml: false });
  }

  /** A form post carrying this session's CSRF token: the guard, not the token, decides the answer. */
  override async post(url: string, fields: Fields = {}): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/join'); // a page with a form, open to everyone
    return super.post(url, fields);
  }
}

/** One alliance and everything in it that an address can name. */
export interface AllianceWorld {
  alliance: Alliance;
  people: Record<MemberRole, User>;
  inquiry: Inquiry;
  stories: Story[];
  roundCode: string;
  /** Route parameter -> value: every :name an address can hold (tokens by the route they open). */
  params: Record<string, string>;
  /** Words that identify this alliance's stories: titles, codes, storytellers, the stories' own words. */
  secrets: string[];
  /** An interviewer's draft: only the interviewer pair and coordinators may see it. */
  draft: string[];
  /** A story in the round whose teller did not agree to panels: never on a take-part page. */
  notForPanels: string[];
  /**
   * What a reader (often a funder) must never see: a story whose teller did not agree to funders seeing it — read
   * by the round's panel, chosen there with reasons, linked from the learning log — and every teller's name.
   */
  notForFunders: string[];
}

let worlds = 0;
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A code prefix no other world in the run has (story codes must tell the alliances apart). */
function prefix(n: number): string {
  return `Q${LETTERS[Math.floor(n / LETTERS.length) % LETTERS.length]}${LETTERS[n % LETTERS.length]}`;
}

export async function makeAllianceWorld(db: Db, label: string): Promise<AllianceWorld> {
  const n = ++worlds;
  const mark = `${label}${n}`; // e.g. "Harbour1": in every title and story, so a page that shows one is caught
  const { alliance, ...people } = await makeAlliance(db, `${mark} Alliance`);
  const { coordinator, interviewer } = people;

  // A second reader: the member that member routes (role, remove, password reset) act on.
  const spare = await makePerson(db, `${mark} spare`);
  await addMember(db, coordinator, alliance.id, spare.id, 'reader', null);
  const spareMembership = await membershipId(db, alliance.id, spare.id);
  const { invitation, token: invitationToken } = await createInvitation(db, coordinator, alliance.id, {
    invitee: `${mark} friend`,
    role: 'reader',
    organisationId: null,
  });
  const resetMember = await findResetMember(db, alliance.id, spareMembership);
  const { token: resetToken, reset } = await createPasswordReset(db, coordinator, alliance.id, resetMember!);

  const made = await makeInquiry(db, alliance, coordinator, 'msc', `${mark} changes`);
  await db
    .updateTable('inquiries')
    .set({ code_prefix: prefix(n) })
    .where('id', '=', made.id)
    .execute();
  await openPublicLink(db, coordinator, { ...made, code_prefix: prefix(n) });
  const inquiry = await db.selectFrom('inquiries').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
  const guide = await loadGuide(db, inquiry);

  const stories: Story[] = [];
  for (const [i, topic] of ['bench by the harbour', 'cooking club', 'bus that came back'].entries()) {
    stories.push(
      await makeStory(db, inquiry, {
        title: `${mark} story of the ${topic}`,
        words: `${mark} words: the ${topic} changed how I see my street, and we talk to each other now.`,
        storyteller: `${mark} Teller ${i + 1}`,
        interviewer,
        domain: 0,
        consent: { recording: true, hearing: true },
      }),
    );
  }
  // A story told through the public link, with its teller's receipt (the hash as the store keeps it).
  const receipt = await makeStory(db, inquiry, {
    title: `${mark} story told online`,
    words: `${mark} words told online.`,
    storyteller: `${mark} Online Teller`,
    interviewer,
  });
  const receiptToken = randomBytes(32).toString('base64url');
  await db
    .updateTable('stories')
    .set({
      route: 'public',
      interviewer_id: null,
      receipt_hash: createHash('sha256').update(receiptToken).digest('hex'),
    })
    .where('id', '=', receipt.id)
    .execute();
  stories.push(receipt);
  const [main] = stories;
  // The main story came from a phone in the field: its files are sent under its device id.
  const mainDeviceId = randomUUID();
  await db.updateTable('stories').set({ device_id: mainDeviceId }).where('id', '=', main!.id).execute();
  // A recording of the main story's interview, which panels may hear.
  const recording = await storeUpload(
    db,
    Readable.from([wav(1, n)]),
    { allianceId: alliance.id, storyId: main!.id, kind: 'recording', actor: interviewer, deviceId: randomUUID() },
    { maxBytes: 1_000_000, maxRecordingSeconds: 600 },
  );
  if (!recording.ok) throw new Error(`the world's recording was refused: ${recording.problem.key}`);

  const draft = await makeStory(db, inquiry, {
    title: `${mark} draft half told`,
    words: `${mark} unfinished draft words.`,
    storyteller: `${mark} Draft Teller`,
    interviewer,
    status: 'draft',
  });
  const noPanels = await makeStory(db, inquiry, {
    title: `${mark} story not for panels`,
    words: `${mark} words no panel may read.`,
    storyteller: `${mark} Private Teller`,
    interviewer,
    consent: { panels: false },
  });

  const tag = await createTag(db, coordinator, inquiry, { name: `${mark} tag`, description: '', parentId: null });
  await tagStory(db, coordinator, inquiry, main!, { tag }, null);
  const storyTag = await db
    .selectFrom('story_tags')
    .select('id')
    .where('story_id', '=', main!.id)
    .executeTakeFirstOrThrow();

  // A finished theme run, written as the engine would (the engine itself is tested elsewhere).
  const run = await queueRun(db, coordinator, inquiry, { k: 2, seed: 1, domainId: null });
  const ids = stories.map((s) => String(s.id));
  await finishRun(db, run, {
    k: 2,
    themes: [
      { label: 'harbour · bench', terms: ['harbour', 'bench'], stories: ids.slice(0, 2), examples: ids.slice(0, 1) },
      { label: 'cooking · bus', terms: ['cooking', 'bus'], stories: ids.slice(2), examples: ids.slice(2, 3) },
    ],
    points: ids.map((id, i) => ({ id, x: i, y: i, theme: i < 2 ? 0 : 1 })),
  });
  const theme = await db
    .selectFrom('themes')
    .select('id')
    .where('run_id', '=', run.id)
    .orderBy('position')
    .executeTakeFirstOrThrow();

  const noFunders = await makeStory(db, inquiry, {
    title: `${mark} story kept from funders`,
    words: `${mark} words funders may not read.`,
    storyteller: `${mark} Guarded Teller`,
    interviewer,
    domain: 0,
    consent: { funders: false },
  });

  const round = await makeRound(db, alliance.id, inquiry.id, { name: `${mark} round` });
  await addRoundStories(db, round.id, [...stories.slice(0, 3).map((s) => s.id), noPanels.id, noFunders.id]);
  // The panel chose the story kept from funders, with reasons, and the feedback was sent.
  const decided = new Date().toISOString();
  const decision = await db
    .insertInto('decisions')
    .values({
      round_id: round.id,
      domain_id: noFunders.domain_id,
      outcome: 'chosen',
      reasons: 'Chosen for how it shows trust.',
      criteria: '',
      dissent: '',
      recorded_by: null,
      decided_at: decided,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('selections')
    .values({ decision_id: decision.id, round_id: round.id, story_id: noFunders.id, votes: 3 })
    .execute();
  await db.updateTable('rounds').set({ feedback_sent_at: decided }).where('id', '=', round.id).execute();
  const item = await addItem(
    db,
    coordinator,
    inquiry,
    {
      kind: 'learned',
      text: `${mark} we learned to listen`,
      owner: '',
      status: 'open',
      storyIds: [main!.id, noFunders.id],
      roundIds: [round.id],
    },
    periodOf(inquiry),
  );

  const observation = await addObservation(db, coordinator, inquiry, {
    pattern: 'domain',
    filters: '',
    title: 'Domain',
    text: `${mark} observed`,
    interpretations: [`${mark} one reading`],
  });
  const { id: interpretationId } = await db
    .selectFrom('interpretations')
    .select('id')
    .where('observation_id', '=', observation.id)
    .executeTakeFirstOrThrow();

  const { link: shareLink, token: shareToken } = await createShareLink(db, coordinator, inquiry, {
    label: `${mark} funder`,
    days: 30,
    period: { from: '2000-01-01', to: '2100-12-31' },
  });

  // A PDF the coordinator asked for: theirs alone to see.
  // A CSV file the coordinator uploaded for import, waiting to be mapped.
  const csvUpload = await beginCsvUpload(
    db,
    { allianceId: alliance.id, inquiryId: inquiry.id, userId: coordinator.id },
    'x.csv',
  );
  const csvBytes = Buffer.from('Title,Name\nA title,Mo\n');
  await writeCsvChunk(db, csvUpload, 0, csvBytes);
  await completeCsvUpload(db, csvUpload, {
    size: csvBytes.length,
    rows: 1,
    header: ['Title', 'Name'],
    sample: [['A title', 'Mo']],
  });
  const pdfJob = await queuePdf(db, {
    allianceId: alliance.id,
    userId: coordinator.id,
    kind: 'report',
    address: `/alliances/${alliance.id}/inquiries/${inquiry.id}/report.pdf`,
    back: `/alliances/${alliance.id}/inquiries/${inquiry.id}/report`,
    permissions: ['readReports'],
  });

  // One asked through the share link: anyone holding the link may follow it.
  const sharedPdfJob = await queuePdf(db, {
    allianceId: alliance.id,
    userId: null,
    shareLinkId: shareLink.id,
    kind: 'report',
    address: `/shared-links/${shareLink.id}/report.pdf?lang=en`,
    back: '',
    permissions: [],
  });

  const { position: answer } = await db
    .selectFrom('story_answers')
    .select('position')
    .where('story_id', '=', main!.id)
    .where('kind', '=', 'story')
    .executeTakeFirstOrThrow();
  const codes = (await db.selectFrom('stories').select('code').where('inquiry_id', '=', inquiry.id).execute()).map(
    (s) => s.code,
  );
  return {
    alliance,
    people,
    inquiry,
    stories,
    roundCode: round.join_code,
    params: {
      allianceId: String(alliance.id),
      membershipId: String(spareMembership),
      invitationId: String(invitation.id),
      resetId: String(reset.id),
      inquiryId: String(inquiry.id),
      domainId: String(guide.domains[0]!.id),
      questionId: String(guide.questions[0]!.id),
      attributeId: String(guide.attributes[0]!.id),
      storyId: String(main!.id),
      fileId: String(recording.file.id),
      storyDeviceId: mainDeviceId,
      fileDeviceId: recording.file.device_id!,
      tagId: String(tag.id),
      storyTagId: String(storyTag.id),
      runId: String(run.id),
      themeId: String(theme.id),
      roundId: String(round.id),
      itemId: String(item.id),
      observationId: String(observation.id),
      interpretationId: String(interpretationId),
      linkId: String(shareLink.id),
      jobId: String(pdfJob.id),
      uploadId: String(csvUpload),
      n: '1',
      /** Pattern dimensions every inquiry with domains has: its domain and the stories' length. */
      'patterns/:dimension': 'domain',
      by: 'length',
      /** The position of the main story's own words among its answers (where passages are marked). */
      answer: String(answer),
      'invitations/:token': invitationToken,
      'password-reset/:token': resetToken,
      'tell/:token': inquiry.public_token!,
      'receipt/:token': receiptToken,
      'shared/:token': shareToken,
      'pdf/:jobId': String(sharedPdfJob.id),
    },
    secrets: [
      ...[...stories, draft, noPanels, noFunders].flatMap((s) => [s.title, s.storyteller]),
      ...codes,
      `${mark} words`,
      `${mark} unfinished`,
    ],
    draft: [draft.title, draft.storyteller, draft.code, `${mark} unfinished`],
    notForPanels: [noPanels.title, noPanels.storyteller, noPanels.code, `${mark} words no panel`],
    notForFunders: [
      noFunders.title,
      noFunders.code,
      `${mark} words funders`,
      ...[...stories, draft, noPanels, noFunders].map((s) => s.storyteller),
    ],
  };
}

/** The address of a route pattern in this world, e.g. "/alliances/:allianceId/stories/:storyId" -> "/alliances/3/stories/17". */
export function addressIn(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/([a-z-]+\/)?:([A-Za-z]+)/g, (whole, before: string | undefined, name: string) => {
    const value = (before && params[`${before}:${name}`]) ?? params[name];
    if (value === undefined) throw new Error(`${pattern}: the world has no value for :${name}`);
    return `${before ?? ''}${encodeURIComponent(value)}`;
  });
}

/** A browser for a role in this alliance; the other alliance's member is `outsider`. */
export async function visitorFor(
  app: FastifyInstance,
  db: Db,
  role: Role,
  world: AllianceWorld,
  outsider: User,
): Promise<Visitor> {
  const visitor = new Visitor(app);
  if (role === 'guest') {
    await visitor.get('/join');
    const res = await visitor.post('/join', { code: world.roundCode, name: 'Sam' });
    if (res.statusCode !== 303)
      throw new Error(`joining round ${world.roundCode} as a guest failed: ${res.statusCode}`);
    return visitor;
  }
  if (role !== 'signedOut') {
    // A signed-in session as sign-in makes one (sign-in itself is tested elsewhere, and is rate-limited).
    const person = role === 'otherAlliance' ? outsider : world.people[role];
    const { session_version } = await db
      .selectFrom('users')
      .select('session_version')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    visitor.setCookie(
      'hearth_session',
      app.encodeSecureSession(app.createSecureSession({ userId: person.id, sv: session_version })),
    );
  }
  await visitor.get('/join'); // a CSRF token for this session
  // Members who may join a panel sit on the round's, as they would by pressing its "Join this round" button.
  if (role === 'interviewer' || role === 'facilitator' || role === 'coordinator') {
    const res = await visitor.post('/join', { code: world.roundCode, name: world.people[role].name });
    if (res.statusCode !== 303)
      throw new Error(`joining round ${world.roundCode} as ${role} failed: ${res.statusCode}`);
  }
  return visitor;
}
