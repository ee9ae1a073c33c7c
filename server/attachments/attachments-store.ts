/**
 * Recordings and photos: the only code that touches the attachments and attachment_chunks tables. A file is
 * written a chunk at a time as it arrives (short statements, so a slow upload never holds the database), marked
 * complete only at the end, and deleted with its story's words on withdrawal, in the same transaction (its story
 * hook below).
 */
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Attachment, AttachmentKind } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { fileKept, hearableStories, type Audience } from '../stories/consent.ts';
import { isUniqueViolation } from '../stories/device-store.ts';
import { onStory } from '../stories/hooks.ts';

/** Bytes per stored chunk: small enough to hold a few in memory, large enough that a recording is few rows. */
export const CHUNK_SIZE = 256 * 1024;
/** An upload that has not finished in this long was cut off (a closed laptop, a server restart): its bytes go. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export interface NewUpload {
  allianceId: number;
  storyId: number;
  kind: AttachmentKind;
  mediaType: string;
  createdBy: number | null;
}

/** Starts a file (not shown anywhere until completed), clearing away uploads abandoned long ago. */
export async function beginUpload(db: Db, upload: NewUpload, now = new Date()): Promise<number> {
  await db
    .deleteFrom('attachments')
    .where('complete', '=', 0)
    .where('created_at', '<', iso(new Date(now.getTime() - ABANDONED_AFTER_MS)))
    .execute();
  const row = await db
    .insertInto('attachments')
    .values({
      alliance_id: upload.allianceId,
      story_id: upload.storyId,
      kind: upload.kind,
      media_type: upload.mediaType,
      size: 0,
      chunk_size: CHUNK_SIZE,
      duration_seconds: null,
      width: null,
      height: null,
      sha256: '',
      complete: 0,
      created_by: upload.createdBy,
      created_at: iso(now),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function writeChunk(db: Db, attachmentId: number, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('attachment_chunks').values({ attachment_id: attachmentId, seq, data }).execute();
}

export interface FileFacts {
  size: number;
  sha256: string;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  /** The phone's id for the file, when it came from the field. */
  deviceId?: string;
}

/**
 * Marks a file complete, so it is shown and served. Refused (and the bytes deleted) when the story was withdrawn
 * meanwhile, or, for a recording, when its teller no longer agrees to it being kept. A file from the field whose
 * device id another upload completed first (two phones, a retry racing the first try) gives way to that one.
 */
export async function completeUpload(
  db: Db,
  actor: Actor,
  attachmentId: number,
  facts: FileFacts,
  now = new Date(),
): Promise<Attachment | undefined> {
  try {
    return await completeOnce(db, actor, attachmentId, facts, now);
  } catch (error) {
    if (!facts.deviceId || !isUniqueViolation(error)) throw error;
    await abandonUpload(db, attachmentId);
    return findFileByDeviceId(db, facts.deviceId);
  }
}

async function completeOnce(db: Db, actor: Actor, attachmentId: number, facts: FileFacts, now: Date) {
  const done = await db.transaction().execute(async (trx) => {
    const file = await trx
      .updateTable('attachments')
      .set({
        size: facts.size,
        sha256: facts.sha256,
        duration_seconds: facts.durationSeconds,
        width: facts.width,
        height: facts.height,
        complete: 1,
        ...(facts.deviceId ? { device_id: facts.deviceId } : {}),
      })
      .where('id', '=', attachmentId)
      .where('complete', '=', 0)
      .returningAll()
      .executeTakeFirst();
    if (!file) return undefined;
    if (!(await fileKept(trx, file.story_id, file.kind))) return undefined;
    await recordAudit(
      trx,
      {
        allianceId: file.alliance_id,
        actor,
        action: file.kind === 'recording' ? 'story.recording_added' : 'story.photo_added',
        subjectType: 'story',
        subjectId: file.story_id,
        detail: { file: file.id, type: file.media_type, bytes: file.size },
      },
      now,
    );
    return file;
  });
  if (!done) await abandonUpload(db, attachmentId);
  return done;
}

/** Deletes an upload that failed or was refused, with whatever bytes of it arrived. */
export async function abandonUpload(db: Db, attachmentId: number): Promise<void> {
  await db.deleteFrom('attachment_chunks').where('attachment_id', '=', attachmentId).execute();
  await db.deleteFrom('attachments').where('id', '=', attachmentId).execute();
}

/** The complete file a phone sent with this device id, in whichever story (the route decides what to say). */
export function findFileByDeviceId(db: Db, deviceId: string): Promise<Attachment | undefined> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('complete', '=', 1)
    .executeTakeFirst();
}

/** A story's complete files, recordings first, each kind in the order added. */
export function listFiles(db: Db, storyId: number): Promise<Attachment[]> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('story_id', '=', storyId)
    .where('complete', '=', 1)
    .orderBy('kind', 'desc')
    .orderBy('id')
    .execute();
}

/** One complete file of a story of this alliance. */
export function findFile(db: Db, allianceId: number, storyId: number, fileId: number): Promise<Attachment | undefined> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('story_id', '=', storyId)
    .where('id', '=', fileId)
    .where('complete', '=', 1)
    .executeTakeFirst();
}

/** The recording a panel may hear of this story, as the consent projection decides; the first one kept. */
export function hearableRecording(
  db: Db,
  allianceId: number,
  storyId: number,
  audience: Audience,
): Promise<Attachment | undefined> {
  return hearableStories(db, allianceId, audience)
    .innerJoin('attachments', 'attachments.story_id', 'stories.id')
    .selectAll('attachments')
    .where('stories.id', '=', storyId)
    .where('attachments.kind', '=', 'recording')
    .where('attachments.complete', '=', 1)
    .orderBy('attachments.id')
    .executeTakeFirst();
}

/** One stored chunk of a file, or undefined once the file is gone (withdrawn while being sent). */
export async function readChunk(db: Db, attachmentId: number, seq: number): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('attachment_chunks')
    .select('data')
    .where('attachment_id', '=', attachmentId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row ? Buffer.from(row.data) : undefined;
}

/** Removes one file (a wrong photo, a recording the teller wants gone), noted in the audit log. */
export async function removeFile(db: Db, actor: Actor, file: Attachment, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('attachment_chunks').where('attachment_id', '=', file.id).execute();
    await trx.deleteFrom('attachments').where('id', '=', file.id).execute();
    await recordAudit(
      trx,
      {
        allianceId: file.alliance_id,
        actor,
        action: 'story.file_removed',
        subjectType: 'story',
        subjectId: file.story_id,
        detail: { file: file.id, kind: file.kind },
      },
      now,
    );
  });
}

/** Deletes a story's files (of one kind, or all), finished or still arriving, bytes included. */
async function deleteStoryFiles(db: Db, storyId: number, kind?: AttachmentKind): Promise<void> {
  let files = db.selectFrom('attachments').select('id').where('story_id', '=', storyId);
  if (kind) files = files.where('kind', '=', kind);
  await db.deleteFrom('attachment_chunks').where('attachment_id', 'in', files).execute();
  let rows = db.deleteFrom('attachments').where('story_id', '=', storyId);
  if (kind) rows = rows.where('kind', '=', kind);
  await rows.execute();
}

onStory('attachments', {
  // A teller who no longer agrees to the recording being kept: it goes, whoever changed the consent.
  saved: async (trx, story) => {
    if (!(await fileKept(trx, story.id, 'recording'))) await deleteStoryFiles(trx, story.id, 'recording');
  },
  // A new story has no files yet: nothing to keep or let go.
  created: async () => {},
  withdrawn: (trx, storyId) => deleteStoryFiles(trx, storyId),
});
