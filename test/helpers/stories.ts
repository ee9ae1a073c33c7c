/** Inquiries and stories for tests, made through the real stores (so search, versions and audit are as in use). */
import '../../server/capabilities.ts';
import { createInquiry, loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { fillPrompt } from '../../server/inquiries/templates.ts';
import type { Db } from '../../server/db/database.ts';
import type {
  Alliance,
  ConsentUse,
  Inquiry,
  Method,
  RecordingUse,
  Story,
  StoryStatus,
  User,
} from '../../server/db/schema.ts';
import { recordReadBack, recordVerification, withdrawStory } from '../../server/stories/care-store.ts';
import { createStory, updateStory, type StoryInput } from '../../server/stories/store.ts';

export async function makeInquiry(
  db: Db,
  alliance: Alliance,
  coordinator: User,
  method: Method = 'msc',
  title = 'What changed this year',
): Promise<Inquiry> {
  return createInquiry(db, coordinator, alliance.id, { title, method });
}

export interface StoryOptions {
  /** The story in the teller's words (the answer to the guide's story question). */
  words?: string;
  title?: string;
  why?: string;
  /** A domain by name or position in the guide; the first one by default (MSC), none if the guide has none. */
  domain?: string | number | null;
  status?: StoryStatus;
  consent?: Partial<Record<ConsentUse | RecordingUse | 'anonymous', boolean>>;
  /** The interviewer; the inquiry's creator by default. */
  interviewer?: Pick<User, 'id' | 'name'>;
  partner?: Pick<User, 'id' | 'name'>;
  toldOn?: string | null;
  storyteller?: string;
  /** Storyteller attributes by label, e.g. { 'Who are you?': 'Worker' }. */
  attributes?: Record<string, string>;
  /** The language the story was told in; English by default. */
  language?: string;
}

let made = 0;

/** A story with the given words and status (drafts and recorded ones made directly; the rest by the real steps). */
export async function makeStory(db: Db, inquiry: Inquiry, options: StoryOptions = {}): Promise<Story> {
  const guide = await loadGuide(db, inquiry);
  const n = ++made;
  const title = options.title ?? `Story number ${n}`;
  const text: Record<string, string> = {
    story: options.words ?? `Something changed for me, story ${n}.`,
    why: options.why ?? 'Because it mattered to me.',
    title,
  };
  const domain =
    options.domain === null
      ? undefined
      : typeof options.domain === 'string'
        ? guide.domains.find((d) => d.name === options.domain)
        : guide.domains[options.domain ?? 0];
  const consent = {
    panels: true,
    packs: true,
    quotes: true,
    funders: true,
    publish: false,
    anonymous: false,
    ...options.consent,
  };
  const input: StoryInput = {
    domainId: domain?.id ?? null,
    title,
    language: options.language ?? 'en',
    storyteller: options.storyteller ?? `Teller ${n}`,
    partnerId: options.partner?.id ?? null,
    toldOn: options.toldOn === undefined ? '2026-01-15' : options.toldOn,
    toldWhere: 'The community centre',
    consent: { ...consent, how: 'spoken', on: '2026-01-15' },
    answers: guide.questions
      .filter((q) => text[q.kind] !== undefined)
      .map((q) => ({
        questionId: q.id,
        kind: q.kind,
        prompt: fillPrompt(q.prompt, { period: inquiry.period_words, domain: domain?.name, topic: inquiry.ai_topic }),
        value: text[q.kind]!,
      })),
    attributes: Object.entries(options.attributes ?? {}).map(([label, value]) => ({
      attributeId: guide.attributes.find((a) => a.label === label)?.id ?? null,
      label,
      value,
    })),
  };
  const interviewer = options.interviewer ?? { id: inquiry.created_by, name: 'Interviewer' };
  const status = options.status ?? 'recorded';
  const { story } = await createStory(db, interviewer, inquiry, input, {
    status: status === 'draft' ? 'draft' : 'recorded',
    route: 'interview',
    interviewerId: interviewer.id,
  });
  if (status === 'read_back' || status === 'verified')
    await recordReadBack(db, interviewer, story, { on: '2026-01-20', changes: '' });
  if (status === 'verified')
    await recordVerification(
      db,
      interviewer,
      { ...story, status: 'read_back' },
      { on: '2026-01-25', note: 'Checked with the interviewer.' },
    );
  if (status === 'withdrawn') await withdrawStory(db, interviewer, interviewer.name, story);
  return db.selectFrom('stories').selectAll().where('id', '=', story.id).executeTakeFirstOrThrow();
}

/** Edits a recorded story's words as an editor would (keeping the earlier words as a version): a new title and/or story answer. */
export async function editStory(
  db: Db,
  story: Story,
  editor: Pick<User, 'id' | 'name'>,
  change: { words?: string; title?: string; note?: string },
): Promise<Story> {
  const answers = await db
    .selectFrom('story_answers')
    .selectAll()
    .where('story_id', '=', story.id)
    .orderBy('position')
    .execute();
  const attributes = await db
    .selectFrom('story_attributes')
    .selectAll()
    .where('story_id', '=', story.id)
    .orderBy('id')
    .execute();
  const input: StoryInput = {
    domainId: story.domain_id,
    title: change.title ?? story.title,
    language: story.language,
    storyteller: story.storyteller,
    partnerId: story.partner_id,
    toldOn: story.told_on,
    toldWhere: story.told_where,
    consent: {
      panels: story.consent_panels === 1,
      packs: story.consent_packs === 1,
      quotes: story.consent_quotes === 1,
      funders: story.consent_funders === 1,
      publish: story.consent_publish === 1,
      anonymous: story.anonymous === 1,
      how: story.consent_how,
      on: story.consent_on,
    },
    answers: answers.map((a) => ({
      questionId: a.question_id,
      kind: a.kind,
      prompt: a.prompt,
      value: a.kind === 'story' && change.words !== undefined ? change.words : a.value,
    })),
    attributes: attributes.map((a) => ({ attributeId: a.attribute_id, label: a.label, value: a.value })),
  };
  return updateStory(db, editor, editor.name, story, input, { note: change.note });
}
