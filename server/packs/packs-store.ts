/**
 * The stories a pack may print, and their words. A pack prints only stories whose teller consented to printing,
 * never a draft or a withdrawn one (storiesFor(…, 'packs')); a round's pack is also limited to the round's own
 * stories, which roundStories already limits to panel consent.
 */
import type { Db } from '../db/database.ts';
import type { Inquiry, QuestionKind, Round, StoryStatus } from '../db/schema.ts';
import { taggedStoryIds } from '../codebook/tagging-store.ts';
import { listTags } from '../codebook/tags-store.ts';
import { domainName, listDomains } from '../inquiries/inquiries-store.ts';
import { roundStories } from '../rounds/rounds-store.ts';
import { anonymousColumn, storiesFor, tellerColumn } from '../stories/consent.ts';
import { answersOf, storytellerAnswers } from '../stories/words-store.ts';

export interface PrintableStory {
  id: number;
  code: string;
  title: string;
  domain_id: number | null;
  domain_name: string | null;
  word_count: number;
  storyteller: string;
  anonymous: number;
  /** The language it was told in, so its words are marked as such in the pack. */
  language?: string;
}

export interface StoryWords {
  /** position: the answer's place in the story, by which a translation of it is found. */
  answers: { kind: QuestionKind; prompt: string; value: string; position?: number }[];
  attributes: { label: string; value: string }[];
}

/** Statuses an inquiry pack can be narrowed to (drafts and withdrawn stories are never printed). */
export const PACK_STATUSES = ['recorded', 'read_back', 'verified'] as const satisfies readonly StoryStatus[];
export type PackStatus = (typeof PACK_STATUSES)[number];

export interface InquiryFilters {
  domainId?: number;
  tagId?: number;
  status?: PackStatus;
}

function printable(db: Db, allianceId: number) {
  return storiesFor(db, allianceId, 'packs')
    .select([
      'stories.id',
      'stories.code',
      'stories.title',
      'stories.domain_id',
      'stories.word_count',
      'stories.language',
    ])
    .select((eb) => domainName(eb.ref('stories.domain_id')).as('domain_name'))
    .select([tellerColumn(), anonymousColumn()]);
}

function clean(row: PrintableStory): PrintableStory {
  return { ...row, word_count: Number(row.word_count), anonymous: Number(row.anonymous) };
}

/**
 * The round's stories that may be printed, in the round's order, and the codes of those in the round that may
 * not (no consent to print).
 */
export async function roundPackStories(
  db: Db,
  round: Round,
): Promise<{ stories: PrintableStory[]; notPrinted: string[] }> {
  const inRound = await roundStories(db, round);
  if (inRound.length === 0) return { stories: [], notPrinted: [] };
  const rows = await printable(db, round.alliance_id)
    .where(
      'stories.id',
      'in',
      inRound.map((s) => s.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, clean(r)]));
  return {
    stories: inRound.flatMap((s) => byId.get(s.id) ?? []),
    notPrinted: inRound.filter((s) => !byId.has(s.id)).map((s) => s.code),
  };
}

/** An inquiry's printable stories, narrowed by domain, tag and status, oldest first (by code). */
export async function inquiryPackStories(db: Db, inquiry: Inquiry, filters: InquiryFilters): Promise<PrintableStory[]> {
  let query = printable(db, inquiry.alliance_id).where('stories.inquiry_id', '=', inquiry.id);
  if (filters.domainId !== undefined) query = query.where('stories.domain_id', '=', filters.domainId);
  if (filters.status) query = query.where('stories.status', '=', filters.status);
  if (filters.tagId !== undefined) {
    const tagId = filters.tagId;
    query = query.where('stories.id', 'in', taggedStoryIds(tagId));
  }
  return (await query.orderBy('stories.id').execute()).map(clean);
}

/** Word kinds printed as the story (the title is the heading; choices and scales are not the teller's words). */
const PRINTED_KINDS: QuestionKind[] = ['story', 'long', 'short', 'why'];

/** The printed words of these stories (two queries, however many stories). Call only with printable stories. */
export async function wordsOf(db: Db, stories: PrintableStory[]): Promise<Map<number, StoryWords>> {
  const words = new Map<number, StoryWords>(stories.map((s) => [s.id, { answers: [], attributes: [] }]));
  if (stories.length === 0) return words;
  const ids = stories.map((s) => s.id);
  const [answers, attributes] = await Promise.all([answersOf(db, ids, PRINTED_KINDS), storytellerAnswers(db, ids)]);
  for (const a of answers)
    if (a.value.trim() !== '')
      words.get(a.story_id)?.answers.push({ kind: a.kind, prompt: a.prompt, value: a.value, position: a.position });
  for (const a of attributes) words.get(a.story_id)?.attributes.push({ label: a.label, value: a.value });
  return words;
}

/** Names in the database's plain order (as `ORDER BY name` gave them). */
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The inquiry's current domains and tags, for the pack's filters. */
export async function filterChoices(
  db: Db,
  inquiry: Inquiry,
): Promise<{ domains: { id: number; name: string }[]; tags: { id: number; name: string }[] }> {
  const [domains, tags] = await Promise.all([listDomains(db, inquiry), listTags(db, inquiry)]);
  return {
    domains: domains.filter((d) => !d.archived).map((d) => ({ id: d.id, name: d.name })),
    tags: [...tags].sort(byName).map((t) => ({ id: t.id, name: t.name })),
  };
}
