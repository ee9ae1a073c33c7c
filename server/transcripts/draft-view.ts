/**
 * A recording's draft transcript as the story page shows it: a button to make one, where it is in the queue, the
 * draft itself (always labelled as a machine's draft), or why it could not be made. Only for those who may change
 * the story's words, and only where the recording itself is shown (the consent projection decides that).
 */
import { namesOf } from '../accounts/users-store.ts';
import type { Db } from '../db/database.ts';
import type { Membership, Story, Transcript } from '../db/schema.ts';
import { filesShown, type FileConsent } from '../stories/consent.ts';
import { canEdit } from '../stories/permissions.ts';
import { placeInQueue, storyTranscripts } from './transcripts-store.ts';

export interface DraftView {
  /** none: no draft yet; then the job's status. */
  state: 'none' | Transcript['status'];
  /** Where the button posts, the correction page, and the status for the page's script. */
  action: string;
  correctHref: string;
  statusHref: string;
  text: string;
  problem: string;
  detail: string;
  ahead: number;
  requestedAt: string | null;
  startedAt: string | null;
  seconds: number | null;
  correctedBy: string | null;
  correctedAt: string | null;
  fileId: number;
  /** The story page at this draft, for "check again" without JavaScript: a new address each time, so it reloads. */
  pageHref: string;
}

type StoryForDrafts = FileConsent & Pick<Story, 'id' | 'alliance_id' | 'interviewer_id' | 'partner_id'>;

export const recordingPath = (story: Pick<Story, 'id' | 'alliance_id'>, fileId: number) =>
  `/alliances/${story.alliance_id}/stories/${story.id}/files/${fileId}/transcript`;

export async function draftView(db: Db, story: Pick<Story, 'id' | 'alliance_id'>, fileId: number, job?: Transcript) {
  const base = recordingPath(story, fileId);
  const names = job ? await namesOf(db, [job.corrected_by]) : new Map<number, string>();
  const view: DraftView = {
    state: job?.status ?? 'none',
    action: base,
    correctHref: `${base}/correct`,
    statusHref: `${base}/status`,
    text: job?.status === 'done' ? job.text : '',
    problem: job?.problem ?? '',
    detail: job?.detail ?? '',
    ahead: job?.status === 'queued' ? await placeInQueue(db, job) : 0,
    requestedAt: job?.requested_at ?? null,
    startedAt: job?.started_at ?? null,
    seconds: job?.seconds ?? null,
    correctedBy: job?.corrected_by ? (names.get(job.corrected_by) ?? null) : null,
    correctedAt: job?.corrected_at ?? null,
    fileId,
    pageHref: `/alliances/${story.alliance_id}/stories/${story.id}?checked=${Date.now()}#transcript-${fileId}`,
  };
  return view;
}

/** Each shown recording's draft, by recording; empty when speech-to-text is off or this member may not use it. */
export async function recordingDrafts(
  db: Db,
  enabled: boolean,
  story: StoryForDrafts,
  membership: Pick<Membership, 'user_id' | 'role'>,
  recordingIds: number[],
): Promise<Map<number, DraftView>> {
  const drafts = new Map<number, DraftView>();
  if (!enabled || recordingIds.length === 0 || story.status === 'withdrawn' || !canEdit(membership, story))
    return drafts;
  if (!filesShown(story, 'story', 'team').recording) return drafts;
  const jobs = await storyTranscripts(db, story.id);
  for (const id of recordingIds) drafts.set(id, await draftView(db, story, id, jobs.get(id)));
  return drafts;
}
