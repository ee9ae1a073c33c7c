/**
 * A story's recording and photos as its pages show them: the story page (player, photos, adding and removing),
 * the edit page (the player beside the words being typed), and a round's reading page (the player, where the
 * teller agreed to panels hearing it). What each may show is the consent projection's decision (filesShown,
 * hearableStories); this only lays it out.
 */
import { namesOf } from '../accounts/users-store.ts';
import type { Db } from '../db/database.ts';
import type { Attachment, Membership, Round, Story } from '../db/schema.ts';
import { filesShown, type FileConsent } from '../stories/consent.ts';
import { canEdit, canSee } from '../stories/permissions.ts';
import { hearableRecording, listFiles } from './attachments-store.ts';

type StoryForFiles = FileConsent & Pick<Story, 'id' | 'alliance_id' | 'interviewer_id' | 'partner_id'>;

export interface FileView {
  id: number;
  src: string;
  type: string;
  /** A scan of the paper as a PDF: a link to open it, where a photo shows as an image. */
  pdf: boolean;
  /** Whole minutes and the seconds after them, when the recording says how long it is. */
  duration: { minutes: number; seconds: number } | null;
  /** A photo's place among the story's photos, for its description. */
  n: number;
  of: number;
  width: number | null;
  height: number | null;
  addedOn: string;
  addedBy: string | null;
  removeHref: string | null;
}

export const storyPath = (story: Pick<Story, 'id' | 'alliance_id'>) =>
  `/alliances/${story.alliance_id}/stories/${story.id}`;

function fileView(
  file: Attachment,
  src: string,
  names: Map<number, string>,
  removeHref: string | null,
  place = { n: 1, of: 1 },
): FileView {
  const duration = file.duration_seconds === null ? null : Math.round(Number(file.duration_seconds));
  return {
    id: file.id,
    src,
    type: file.media_type,
    pdf: file.media_type === 'application/pdf',
    duration: duration === null ? null : { minutes: Math.floor(duration / 60), seconds: duration % 60 },
    ...place,
    width: file.width,
    height: file.height,
    addedOn: file.created_at,
    addedBy: file.created_by === null ? null : (names.get(file.created_by) ?? null),
    removeHref,
  };
}

/** The story page's section: what may be played and seen, and whether this member may add or remove files. */
export async function storyFiles(db: Db, story: StoryForFiles, membership: Pick<Membership, 'user_id' | 'role'>) {
  const shown = filesShown(story, 'story', 'team');
  if (!canSee(membership, story) || !(shown.recording || shown.photos)) {
    return { recordings: [], photos: [], canAdd: false, recordingConsent: false, base: storyPath(story) };
  }
  const files = await listFiles(db, story.id);
  const names = await namesOf(
    db,
    files.map((f) => f.created_by),
  );
  const editor = story.status !== 'withdrawn' && canEdit(membership, story);
  const base = storyPath(story);
  const view = (f: Attachment, i: number, all: Attachment[]) =>
    fileView(f, `${base}/files/${f.id}`, names, editor ? `${base}/files/${f.id}/remove` : null, {
      n: i + 1,
      of: all.length,
    });
  return {
    recordings: shown.recording ? files.filter((f) => f.kind === 'recording').map(view) : [],
    photos: shown.photos ? files.filter((f) => f.kind === 'photo').map(view) : [],
    canAdd: editor,
    recordingConsent: shown.recording,
    base,
  };
}

/** The recording a panel member may play on a round's reading page, or undefined. */
export async function panelRecording(
  db: Db,
  round: Pick<Round, 'id' | 'alliance_id'>,
  storyId: number,
  audience: 'team' | 'funders',
): Promise<FileView | undefined> {
  const file = await hearableRecording(db, round.alliance_id, storyId, audience);
  if (!file) return undefined;
  return fileView(file, `/rounds/${round.id}/take-part/stories/${storyId}/recording`, new Map(), null);
}
