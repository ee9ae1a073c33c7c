/**
 * Stories: saving them with their answers, storyteller attributes, versions and search entry, and reading them.
 * Reading back, verifying and withdrawing them is in ./care-store.ts; which stories an output may show, and what
 * of each, is decided in ./consent.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { userName } from '../accounts/users-store.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type {
  ConsentUse,
  ConsentWay,
  Inquiry,
  QuestionKind,
  RecordingUse,
  Story,
  StoryAnswer,
  StoryAttribute,
  StoryRoute,
  StoryStatus,
  StoryVersion,
} from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { domainName } from '../inquiries/inquiries-store.ts';
import { inquiryTitle, takeStoryNumber } from '../inquiries/inquiries-store.ts';
import { storyEdited, storySaved } from './hooks.ts';
import { indexStory } from './search.ts';
import { readingWords, searchableText } from './text.ts';

export interface AnswerInput {
  questionId: number | null;
  kind: QuestionKind;
  /** The question as asked, placeholders filled. */
  prompt: string;
  value: string;
  /** A question about the teller's own story: its options or a slider's ends as asked. */
  asked?: string[];
}

export interface StoryInput {
  domainId: number | null;
  title: string;
  language: string;
  storyteller: string;
  partnerId: number | null;
  toldOn: string | null;
  toldWhere: string;
  /** The recording uses are left out where they are not asked (the public link, imports): then they stay as they were. */
  consent: Record<ConsentUse | 'anonymous', boolean> &
    Partial<Record<RecordingUse, boolean>> & { how: ConsentWay | null; on: string | null };
  answers: AnswerInput[];
  attributes: { attributeId: number | null; label: string; value: string }[];
}

export interface FullStory extends Story {
  domain_name: string | null;
  interviewer_name: string | null;
  partner_name: string | null;
  inquiry_title: string;
  answers: StoryAnswer[];
  attributes: StoryAttribute[];
}

function hashReceipt(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function consentColumns(input: StoryInput, recordedBy: number | null) {
  const c = input.consent;
  return {
    consent_panels: c.panels ? 1 : 0,
    consent_packs: c.packs ? 1 : 0,
    consent_quotes: c.quotes ? 1 : 0,
    consent_funders: c.funders ? 1 : 0,
    consent_publish: c.publish ? 1 : 0,
    ...(c.recording === undefined ? {} : { consent_recording: c.recording ? 1 : 0 }),
    ...(c.hearing === undefined ? {} : { consent_hearing: c.hearing ? 1 : 0 }),
    anonymous: c.anonymous ? 1 : 0,
    consent_how: c.how,
    consent_on: c.on,
    consent_recorded_by: c.how ? recordedBy : null,
  };
}

export function storyColumns(input: StoryInput) {
  return {
    domain_id: input.domainId,
    title: input.title,
    language: input.language,
    storyteller: input.storyteller,
    partner_id: input.partnerId,
    told_on: input.toldOn,
    told_where: input.toldWhere,
    word_count: readingWords(input.answers),
  };
}

/** The rows of a story's answers, in the order asked. */
export function answerRows(storyId: number, input: StoryInput) {
  return input.answers.map((a, position) => ({
    story_id: storyId,
    question_id: a.questionId,
    position,
    kind: a.kind,
    prompt: a.prompt,
    value: a.value,
    asked: a.asked ? JSON.stringify(a.asked) : null,
  }));
}

/** The rows of the teller's answers about themselves; blank ones are not kept. */
export function attributeRows(storyId: number, input: StoryInput) {
  return input.attributes
    .filter((a) => a.value !== '')
    .map((a) => ({ story_id: storyId, attribute_id: a.attributeId, label: a.label, value: a.value }));
}

/** Writes a story's answers and attributes, replacing any it had (a new story has none to replace). */
async function writeAnswers(db: Db, storyId: number, input: StoryInput, fresh = false): Promise<void> {
  if (!fresh) {
    await db.deleteFrom('story_answers').where('story_id', '=', storyId).execute();
    await db.deleteFrom('story_attributes').where('story_id', '=', storyId).execute();
  }
  // One statement each, in order: ids follow the order given, as attributes are shown by id.
  const answers = answerRows(storyId, input);
  if (answers.length > 0) await db.insertInto('story_answers').values(answers).execute();
  const attributes = attributeRows(storyId, input);
  if (attributes.length > 0) await db.insertInto('story_attributes').values(attributes).execute();
}

export interface NewStory {
  status: Extract<StoryStatus, 'draft' | 'recorded'>;
  route: StoryRoute;
  interviewerId: number | null;
  /** Give the storyteller a private receipt link (public route). */
  withReceipt?: boolean;
  /** The id the phone gave an interview recorded in the field: a second story with it is refused by the database. */
  deviceId?: string;
}

/** A new story's row: nothing read back, verified or withdrawn yet. */
export function newStoryRow(
  actor: Actor | null,
  inquiry: Inquiry,
  input: StoryInput,
  how: Pick<NewStory, 'status' | 'route' | 'interviewerId' | 'deviceId'> & {
    code: string;
    receiptHash: string | null;
    now: Date;
  },
) {
  return {
    alliance_id: inquiry.alliance_id,
    inquiry_id: inquiry.id,
    code: how.code,
    status: how.status,
    route: how.route,
    interviewer_id: how.interviewerId,
    ...storyColumns(input),
    ...consentColumns(input, actor?.id ?? null),
    read_back_on: null,
    read_back_by: null,
    read_back_changes: null,
    verified_on: null,
    verified_by: null,
    verification_note: '',
    withdrawn_at: null,
    receipt_hash: how.receiptHash,
    device_id: how.deviceId ?? null,
    created_by: actor?.id ?? null,
    created_at: iso(how.now),
    updated_at: iso(how.now),
  };
}

/** Saves a new story (or draft). Returns it, with the receipt token when one was asked for (shown once). */
export async function createStory(
  db: Db,
  actor: Actor | null,
  inquiry: Inquiry,
  input: StoryInput,
  how: NewStory,
  now = new Date(),
): Promise<{ story: Story; receipt?: string }> {
  const receipt = how.withReceipt ? randomBytes(32).toString('base64url') : undefined;
  return db.transaction().execute(async (trx) => {
    // The inquiry's counter (which numbers the code) is taken last: its row stays locked until the commit, and
    // stories told at the same moment wait for each other only that long.
    const pending = await trx
      .insertInto('stories')
      .values(
        newStoryRow(actor, inquiry, input, {
          ...how,
          code: `pending-${randomBytes(12).toString('base64url')}`,
          receiptHash: receipt ? hashReceipt(receipt) : null,
          now,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAnswers(trx, pending.id, input, true);
    await indexStory(trx, pending.id, searchableText(input.title, input.answers), input.language, true);
    await storySaved(
      trx,
      { id: pending.id, inquiry_id: inquiry.id, status: how.status, language: input.language },
      searchableText(input.title, input.answers),
      now,
    );
    const number = await takeStoryNumber(trx, inquiry.id);
    const code = `${inquiry.code_prefix}-${String(number).padStart(4, '0')}`;
    const story = await trx
      .updateTable('stories')
      .set({ code })
      .where('id', '=', pending.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: how.status === 'draft' ? 'story.drafted' : 'story.recorded',
        subjectType: 'story',
        subjectId: story.id,
        detail: { code, route: how.route },
      },
      now,
    );
    return { story, receipt };
  });
}

/**
 * Saves changes to a story. Once a story is past draft, any change to its words keeps the previous words as a
 * version (who, when), so no edit is ever silent.
 */
export async function updateStory(
  db: Db,
  editor: Actor | null,
  editorName: string,
  story: Story,
  input: StoryInput,
  changes: { status?: StoryStatus; note?: string } = {},
  now = new Date(),
): Promise<Story> {
  return db.transaction().execute(async (trx) => {
    const before = await wordsOf(trx, story);
    const after = { title: input.title, answers: input.answers.map((a) => ({ prompt: a.prompt, value: a.value })) };
    const wordsChanged = JSON.stringify(before) !== JSON.stringify(after);
    if (wordsChanged && story.status !== 'draft') {
      const last = await trx
        .selectFrom('story_versions')
        .select(trx.fn.max('number').as('n'))
        .where('story_id', '=', story.id)
        .executeTakeFirst();
      await trx
        .insertInto('story_versions')
        .values({
          story_id: story.id,
          number: Number(last?.n ?? 0) + 1,
          content: JSON.stringify(before),
          edited_by: editor?.id ?? null,
          editor_name: editorName,
          edited_at: iso(now),
          note: changes.note ?? '',
        })
        .execute();
    }
    const updated = await trx
      .updateTable('stories')
      .set({
        ...storyColumns(input),
        ...consentColumns(
          input,
          story.consent_how === input.consent.how ? story.consent_recorded_by : (editor?.id ?? null),
        ),
        status: changes.status ?? story.status,
        updated_at: iso(now),
      })
      .where('id', '=', story.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAnswers(trx, story.id, input);
    await indexStory(trx, story.id, searchableText(input.title, input.answers), input.language);
    await storySaved(trx, updated, searchableText(input.title, input.answers), now);
    await storyEdited(trx, story.id);
    const action =
      story.status === 'draft' && updated.status !== 'draft'
        ? 'story.recorded'
        : wordsChanged
          ? 'story.edited'
          : 'story.updated';
    await recordAudit(
      trx,
      {
        allianceId: story.alliance_id,
        actor: editor ?? { id: 0, name: editorName },
        action,
        subjectType: 'story',
        subjectId: story.id,
        detail: { code: story.code },
      },
      now,
    );
    return updated;
  });
}

/** The title and answers as they stand, in the shape versions keep. */
async function wordsOf(db: Db, story: Story): Promise<{ title: string; answers: { prompt: string; value: string }[] }> {
  const answers = await db
    .selectFrom('story_answers')
    .select(['prompt', 'value'])
    .where('story_id', '=', story.id)
    .orderBy('position')
    .execute();
  return { title: story.title, answers };
}

/** A story of this alliance, whatever its status (the routes decide who may see drafts and withdrawn ones). */
export async function findStory(db: Db, allianceId: number, storyId: number): Promise<FullStory | undefined> {
  const story = await db
    .selectFrom('stories')
    .selectAll('stories')
    .select((eb) => [
      domainName(eb.ref('stories.domain_id')).as('domain_name'),
      userName(eb.ref('stories.interviewer_id')).as('interviewer_name'),
      userName(eb.ref('stories.partner_id')).as('partner_name'),
      inquiryTitle(eb.ref('stories.inquiry_id')).as('inquiry_title'),
    ])
    .where('stories.alliance_id', '=', allianceId)
    .where('stories.id', '=', storyId)
    .executeTakeFirst();
  if (!story) return undefined;
  // Every story belongs to an inquiry (a foreign key), so its title is always found.
  return { ...story, inquiry_title: story.inquiry_title ?? '', ...(await answersAndAttributes(db, story.id)) };
}

export async function findStoryByReceipt(db: Db, token: string): Promise<FullStory | undefined> {
  const row = await db
    .selectFrom('stories')
    .select(['id', 'alliance_id'])
    .where('receipt_hash', '=', hashReceipt(token))
    .executeTakeFirst();
  return row ? findStory(db, row.alliance_id, row.id) : undefined;
}

/** A story's answers in the order asked (the caller has already found the story, through storiesFor where it shows it). */
export function storyAnswers(db: Db, storyId: number): Promise<StoryAnswer[]> {
  return db.selectFrom('story_answers').selectAll().where('story_id', '=', storyId).orderBy('position').execute();
}

async function answersAndAttributes(
  db: Db,
  storyId: number,
): Promise<{ answers: StoryAnswer[]; attributes: StoryAttribute[] }> {
  const [answers, attributes] = await Promise.all([
    storyAnswers(db, storyId),
    db.selectFrom('story_attributes').selectAll().where('story_id', '=', storyId).orderBy('id').execute(),
  ]);
  return { answers, attributes };
}

export function listVersions(db: Db, storyId: number): Promise<StoryVersion[]> {
  return db
    .selectFrom('story_versions')
    .selectAll()
    .where('story_id', '=', storyId)
    .orderBy('number', 'desc')
    .execute();
}
