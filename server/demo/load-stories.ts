/**
 * The demo's inquiries and stories, made through the real stores (so codes, search entries, audit events and
 * consent are exactly as in use): an MSC inquiry with its public link open, a small Appreciative Inquiry, and an MSC
 * inquiry in each other template language, Spanish, French and Arabic (template, questions and stories all in it).
 * Each store call opens its own transaction, so this runs after the alliance's transaction has committed.
 */
import type { Actor } from '../audit/store.ts';
import { createInquiry, findInquiry, languagesOf, loadGuide, type Guide } from '../inquiries/inquiries-store.ts';
import { addReadySet } from '../inquiries/guide-store.ts';
import { questionLanguage, READY_SET, TEMPLATE_LANGUAGES, TEMPLATES, templateFor } from '../inquiries/templates.ts';
import { openPublicLink, updateSettings } from '../inquiries/settings-store.ts';
import type { Db } from '../db/database.ts';
import type { Alliance, Attribute, Inquiry, Question, Story, User } from '../db/schema.ts';
import { askedPrompt } from '../stories/capture.ts';
import { recordReadBack, recordVerification, withdrawStory } from '../stories/care-store.ts';
import { createStory, type StoryInput } from '../stories/store.ts';
import { demoSignification } from './signification-answers.ts';
import { DEMO_INQUIRIES, type DemoDomain, type DemoInquiry, type DemoPerson, type DemoStory } from './stories-data.ts';

export interface DemoStoryCounts {
  inquiries: number;
  /** Every story made, drafts and the withdrawn one included. */
  stories: number;
  drafts: number;
  withdrawn: number;
}

/** The template's domains in order (see templates.ts). */
const DOMAIN_POSITION: Record<DemoDomain, number> = { lives: 0, services: 1, other: 2 };

type Slot = 'story' | 'why' | 'title' | 'difference' | 'worse' | 'dream' | 'design' | 'deliver';
/** The MSC template's questions about the teller, in every template language: who, age band, place, in that order. */
const ATTRIBUTE_SLOTS = new Map(
  TEMPLATE_LANGUAGES.flatMap((language) =>
    templateFor('msc', language).attributes.map((a, i) => [a.label, (['who', 'age', 'place'] as const)[i]!] as const),
  ),
);

/** The demo data names a teller's choices as the English template does; this is the same choice in the inquiry's words. */
function choiceIn(attribute: Attribute, english: string): string {
  const options = JSON.parse(attribute.options) as string[];
  const index = TEMPLATES.msc.attributes.find((a) => a.options?.includes(english))?.options?.indexOf(english) ?? -1;
  return (index >= 0 && options[index]) || english;
}

export async function loadDemoStories(
  db: Db,
  demo: { alliance: Alliance; people: ReadonlyMap<string, User> },
  now = new Date(),
  /** Filled with each story made, by title, for the parts of the demo that add to them (load-files.ts). */
  made?: Map<string, Story>,
): Promise<DemoStoryCounts> {
  const person = (key: DemoPerson): User => {
    const user = [...demo.people.values()].find((u) => u.email.startsWith(`${key}@`));
    if (!user) throw new Error(`The demo has no ${key}.`);
    return user;
  };
  const coordinator = person('coordinator');
  const counts: DemoStoryCounts = { inquiries: 0, stories: 0, drafts: 0, withdrawn: 0 };
  for (const data of DEMO_INQUIRIES) {
    const created = await createInquiry(
      db,
      coordinator,
      demo.alliance.id,
      { title: data.title, method: data.method, language: data.language },
      now,
    );
    const inquiry = await setUpDemoInquiry(db, coordinator, created, data, now);
    // The English MSC inquiry asks the ready set about each story, so the pattern views have answers to show.
    if (data.method === 'msc' && !data.language) await addReadySet(db, coordinator, inquiry, READY_SET, now);
    const guide = await loadGuide(db, inquiry);
    counts.inquiries++;
    // Codes are handed out in the order the stories were told, as they would have been.
    const stories = [...data.stories].sort((a, b) => a.toldOn.localeCompare(b.toldOn));
    for (const story of stories) {
      const saved = await loadStory(db, guide, story, person, now);
      if (story.title) made?.set(story.title, saved);
      counts.stories++;
      if (story.status === 'draft') counts.drafts++;
      if (story.status === 'withdrawn') counts.withdrawn++;
    }
  }
  return counts;
}

/** The settings a coordinator would have filled in, and the public link opened, through the same store as the pages. */
async function setUpDemoInquiry(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  data: DemoInquiry,
  now: Date,
): Promise<Inquiry> {
  await updateSettings(
    db,
    actor,
    inquiry,
    {
      title: inquiry.title,
      purpose: data.purpose,
      periodStart: data.period?.start ?? null,
      periodEnd: data.period?.end ?? null,
      periodWords: data.period?.words ?? inquiry.period_words,
      aiTopic: data.aiTopic ?? '',
      consentStatement: inquiry.consent_statement,
      languages: languagesOf(inquiry),
      codePrefix: inquiry.code_prefix,
    },
    now,
  );
  const updated = (await findInquiry(db, inquiry.alliance_id, inquiry.id))!;
  if (data.publicLink) await openPublicLink(db, actor, updated, now);
  return (await findInquiry(db, inquiry.alliance_id, inquiry.id))!;
}

/** Which part of the demo data answers a question: by kind, and for the optional long questions by phase or order. */
function slotsOf(guide: Guide): Map<Question, Slot> {
  const mscLong: Slot[] = ['difference', 'worse'];
  const slots = new Map<Question, Slot>();
  let long = 0;
  for (const q of guide.questions) {
    if (q.kind === 'story' || q.kind === 'why' || q.kind === 'title') slots.set(q, q.kind);
    else if (q.kind === 'long' && q.phase && q.phase !== 'discover') slots.set(q, q.phase);
    else if (q.kind === 'long' && mscLong[long]) slots.set(q, mscLong[long++]!);
  }
  return slots;
}

function answerFor(story: DemoStory, slot: Slot): string | undefined {
  return slot === 'story' ? story.story.join('\n\n') : story[slot];
}

/** The story as the interview form would have saved it (see toStoryInput): prompts as asked, blanks left out. */
export function demoStoryInput(guide: Guide, story: DemoStory): StoryInput {
  const domain = story.domain === undefined ? undefined : guide.domains[DOMAIN_POSITION[story.domain]];
  if (story.domain !== undefined && !domain) throw new Error(`The demo inquiry has no "${story.domain}" domain.`);
  const slots = slotsOf(guide);
  const answered = (['story', 'why', 'title', 'difference', 'worse', 'dream', 'design', 'deliver'] as const).filter(
    (s) => answerFor(story, s) !== undefined,
  );
  const unasked = answered.filter((s) => ![...slots.values()].includes(s));
  if (unasked.length) throw new Error(`The demo guide has no question for: ${unasked.join(', ')}.`);
  const answers: StoryInput['answers'] = [];
  for (const [q, slot] of slots) {
    const value = answerFor(story, slot);
    if (value)
      answers.push({ questionId: q.id, kind: q.kind, prompt: askedPrompt(guide, q, domain?.id ?? null), value });
  }
  for (const [position, q] of guide.questions.filter((q) => q.about_story).entries()) {
    const value = demoSignification(story, q, position);
    const asked = JSON.parse(q.options) as string[];
    if (value) answers.push({ questionId: q.id, kind: q.kind, prompt: askedPrompt(guide, q, null), value, asked });
  }
  const draft = story.status === 'draft';
  return {
    domainId: domain?.id ?? null,
    title: story.title ?? '',
    language: questionLanguage(guide.inquiry.languages),
    storyteller: story.teller.name,
    partnerId: null, // set by the caller, who knows the people
    toldOn: story.toldOn,
    toldWhere: story.toldWhere,
    consent: {
      panels: true,
      packs: true,
      quotes: true,
      funders: true,
      publish: false,
      anonymous: false,
      ...story.consent,
      // Consent is recorded when a story is, not while it is a draft.
      how: draft ? null : story.route === 'public' ? 'online' : story.route === 'paper' ? 'written' : 'spoken',
      on: draft ? null : story.toldOn,
    },
    answers,
    attributes: guide.attributes.map((a) => {
      const slot = ATTRIBUTE_SLOTS.get(a.label);
      const value = (slot && story.teller[slot]) || '';
      return { attributeId: a.id, label: a.label, value: value && a.kind === 'single' ? choiceIn(a, value) : value };
    }),
  };
}

async function loadStory(
  db: Db,
  guide: Guide,
  data: DemoStory,
  person: (key: DemoPerson) => User,
  now: Date,
): Promise<Story> {
  const interviewer = data.interviewer ? person(data.interviewer) : null;
  const input = { ...demoStoryInput(guide, data), partnerId: data.partner ? person(data.partner).id : null };
  const { story } = await createStory(
    db,
    interviewer,
    guide.inquiry,
    input,
    {
      status: data.status === 'draft' ? 'draft' : 'recorded',
      route: data.route,
      interviewerId: interviewer?.id ?? null,
      withReceipt: data.route === 'public',
    },
    now,
  );
  if (data.readBack) await recordReadBack(db, interviewer ?? person('coordinator'), story, data.readBack, now);
  if (data.verified) await recordVerification(db, person(data.verified.by), story, data.verified, now);
  if (data.withdrawnBy) {
    const actor = person(data.withdrawnBy);
    await withdrawStory(db, actor, actor.name, story, now);
  }
  return story;
}
