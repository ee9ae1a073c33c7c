/**
 * What the story page shows of tagging: the story's tags, each answer's tagged passages marked in its words, and
 * passages that could not be found again after an edit. Only recorded, not withdrawn stories are tagged.
 */
import type { Db } from '../db/database.ts';
import type { Story, StoryAnswer } from '../db/schema.ts';
import { WORD_KINDS } from '../stories/text.ts';
import { tagOptions } from './codebook-view.ts';
import { segments, type Segment } from './passages.ts';
import { listStoryTags, type StoryTagRow } from './tagging-store.ts';
import { listTags } from './tags-store.ts';

/** Tags and passages go on stories that are recorded and still there. */
export function taggable(story: Pick<Story, 'status' | 'withdrawn_at'>): boolean {
  return story.status !== 'draft' && story.status !== 'withdrawn' && story.withdrawn_at === null;
}

/** An answer a passage can be taken from: the teller's own words, not a choice, a scale or a date. */
export function wordsAnswer(answer: Pick<StoryAnswer, 'kind' | 'value'> | undefined): answer is StoryAnswer {
  return answer !== undefined && WORD_KINDS.includes(answer.kind) && answer.value.trim() !== '';
}

const SHORT = 140;
const shortQuote = (quote: string) =>
  quote.length > SHORT ? `${quote.slice(0, SHORT).replace(/\s\S*$/, '')}…` : quote;

function tagLink(row: StoryTagRow, codebook: string) {
  return { id: row.id, name: row.tag_name, href: `${codebook}/${row.tag_id}`, quote: shortQuote(row.quote) };
}

export interface AnswerTagging {
  position: number;
  /** A passage of it can be tagged. */
  taggable: boolean;
  /** The words cut into plain and marked pieces, when some passage of it is tagged. */
  segments: Segment[] | null;
  passages: ReturnType<typeof tagLink>[];
}

export type StoryTagging = Awaited<ReturnType<typeof storyTagging>>;

export async function storyTagging(db: Db, story: Story & { answers: StoryAnswer[] }) {
  if (!taggable(story)) return undefined;
  const [tags, rows] = await Promise.all([listTags(db, { id: story.inquiry_id }), listStoryTags(db, story.id)]);
  const codebook = `/alliances/${story.alliance_id}/inquiries/${story.inquiry_id}/codebook`;
  const attached = rows.filter((r) => r.answer_position !== null && r.start_offset !== null && r.end_offset !== null);
  const answers: AnswerTagging[] = story.answers.map((answer) => {
    const mine = attached.filter((r) => r.answer_position === answer.position);
    return {
      position: answer.position,
      taggable: wordsAnswer(answer),
      segments:
        mine.length > 0
          ? segments(
              answer.value,
              mine.map((r) => ({ start: r.start_offset!, end: r.end_offset! })),
            )
          : null,
      passages: mine.map((r) => tagLink(r, codebook)),
    };
  });
  return {
    codebook,
    storyPath: `/alliances/${story.alliance_id}/stories/${story.id}`,
    options: tagOptions(tags),
    whole: rows.filter((r) => r.answer_position === null).map((r) => tagLink(r, codebook)),
    detached: rows
      .filter((r) => r.answer_position !== null && r.start_offset === null)
      .map((r) => tagLink(r, codebook)),
    answers,
    /** The tags on this story anywhere, so suggestions leave them out. */
    tagIds: new Set(rows.map((r) => r.tag_id)),
  };
}

/** The story page's answers with their passages marked (by position in the list, as storyView keeps it). */
export function withPassages<V extends { answers: object[] }>(view: V, tagging: StoryTagging | undefined): V {
  if (!tagging) return view;
  return { ...view, answers: view.answers.map((answer, i) => ({ ...answer, tagging: tagging.answers[i] })) };
}
