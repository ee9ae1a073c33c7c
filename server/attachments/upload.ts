/**
 * Taking in one uploaded file as it streams: its first bytes say what it is (nothing is stored for a file of the
 * wrong kind), then it is written to the database chunk by chunk — a photo through the metadata stripper — while
 * its size is counted against the limit. A recording is then checked for being sound, and for its length. A file
 * that fails any check, or an upload cut off part way, leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import { fileKept } from '../stories/consent.ts';
import type { Attachment, AttachmentKind } from '../db/schema.ts';
import { abandonUpload, beginUpload, CHUNK_SIZE, completeUpload, writeChunk } from './attachments-store.ts';
import { audioFacts } from './audio-facts.ts';
import { storedBytes } from './file-stream.ts';
import { DamagedPdf, PdfCleaner, PdfTooLarge } from './pdf-metadata.ts';
import { DamagedImage, stripperFor, type MetadataStripper } from './photo-metadata.ts';
import { HEAD_BYTES, sniff } from './sniff.ts';
import { webmLeastSeconds } from './webm-tracks.ts';

export interface UploadLimits {
  maxBytes: number;
  maxRecordingSeconds: number;
}

export interface UploadTarget {
  allianceId: number;
  storyId: number;
  kind: AttachmentKind;
  actor: Actor;
  /** The phone's id for a file sent from the field: stored once however often it is sent. */
  deviceId?: string;
}

/** A message (a translation key) for the file field, and the status to answer with. */
export interface UploadProblem {
  status: 409 | 413 | 422;
  key: string;
}

export type UploadResult = { ok: true; file: Attachment } | { ok: false; problem: UploadProblem };

class TooLarge extends Error {}

const refuse = (status: UploadProblem['status'], key: string): UploadResult => ({
  ok: false,
  problem: { status, key },
});

export async function storeUpload(
  db: Db,
  input: AsyncIterable<Buffer>,
  target: UploadTarget,
  limits: UploadLimits,
): Promise<UploadResult> {
  const tooLarge = () => refuse(413, 'attachments.errors.tooLarge');
  const iterator = input[Symbol.asyncIterator]();
  let received = 0;
  const next = async (): Promise<Buffer | undefined> => {
    const step = await iterator.next();
    if (step.done) return undefined;
    received += step.value.length;
    if (received > limits.maxBytes) throw new TooLarge();
    return step.value;
  };

  // What it is, from the first bytes: nothing is written for a file of the wrong kind.
  const headParts: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  try {
    while (headLength < HEAD_BYTES) {
      const part = await next();
      if (!part) {
        ended = true;
        break;
      }
      headParts.push(part);
      headLength += part.length;
    }
  } catch (err) {
    if (err instanceof TooLarge) return tooLarge();
    throw err;
  }
  const head = Buffer.concat(headParts);
  if (head.length === 0) return refuse(422, 'attachments.errors.empty');
  const mediaType = await sniff(head, target.kind);
  if (!mediaType)
    return refuse(422, target.kind === 'recording' ? 'attachments.errors.notAudio' : 'attachments.errors.notPhoto');

  const id = await beginUpload(db, {
    allianceId: target.allianceId,
    storyId: target.storyId,
    kind: target.kind,
    mediaType,
    createdBy: target.actor.id,
  });
  try {
    const stripper: MetadataStripper | PdfCleaner | undefined =
      target.kind !== 'photo' ? undefined : mediaType === 'application/pdf' ? new PdfCleaner() : stripperFor(mediaType);
    const writer = new ChunkWriter(db, id);
    const pass = async (data: Buffer) => {
      for (const bytes of stripper ? stripper.push(data) : [data]) await writer.write(bytes);
    };
    await pass(head);
    if (!ended) for (let part = await next(); part; part = await next()) await pass(part);
    if (stripper) for (const bytes of await stripper.end()) await writer.write(bytes);
    const stored = await writer.end();

    let durationSeconds: number | null = null;
    if (target.kind === 'recording') {
      const sound = await audioFacts(
        storedBytes(db, { id, chunk_size: CHUNK_SIZE, ...stored }),
        mediaType,
        stored.size,
        head,
      );
      if (!sound.ok) {
        await abandonUpload(db, id);
        const key = sound.video ? 'video' : sound.empty ? 'noSound' : 'notAudio';
        return refuse(422, `attachments.errors.${key}`);
      }
      // A browser's live WebM does not say how long it is: it lasts at least until its last cluster begins.
      const least =
        sound.durationSeconds ??
        (mediaType === 'audio/webm' ? await webmSecondsAtLeast(db, id, stored.size) : undefined) ??
        null;
      if (least !== null && least > limits.maxRecordingSeconds) {
        await abandonUpload(db, id);
        return refuse(413, 'attachments.errors.tooLong');
      }
      durationSeconds = sound.durationSeconds;
    }
    const photo = stripper?.facts();
    const file = await completeUpload(db, target.actor, id, {
      ...stored,
      durationSeconds,
      width: photo?.width ?? null,
      height: photo?.height ?? null,
      deviceId: target.deviceId,
    });
    // Withdrawn while it was arriving, or the teller stopped agreeing to the recording: nothing was kept.
    if (!file) return refuse(409, 'attachments.errors.notKept');
    return { ok: true, file };
  } catch (err) {
    await abandonUpload(db, id).catch(() => undefined);
    if (err instanceof TooLarge) return tooLarge();
    if (err instanceof PdfTooLarge) return refuse(413, 'attachments.errors.pdfTooLarge');
    if (err instanceof DamagedPdf) return refuse(422, 'attachments.errors.damagedPdf');
    if (err instanceof DamagedImage) return refuse(422, 'attachments.errors.damagedPhoto');
    // Withdrawn while the file arrived (its rows went with the words, so writing the next chunk failed).
    if (!(await fileKept(db, target.storyId, target.kind))) return refuse(409, 'attachments.errors.notKept');
    throw err;
  }
}

/** The end of the file is enough to find the last cluster of a WebM (MediaRecorder writes one every few seconds). */
const WEBM_TAIL_BYTES = 512 * 1024;

async function webmSecondsAtLeast(db: Db, id: number, size: number): Promise<number | undefined> {
  const parts: Buffer[] = [];
  const from = Math.max(0, size - WEBM_TAIL_BYTES);
  for await (const part of storedBytes(db, { id, chunk_size: CHUNK_SIZE, size }, from)) parts.push(part as Buffer);
  return webmLeastSeconds(Buffer.concat(parts));
}

/** Cuts what arrives into chunks of exactly CHUNK_SIZE bytes (the last one shorter) and writes each as it fills. */
class ChunkWriter {
  private parts: Buffer[] = [];
  private held = 0;
  private seq = 0;
  private size = 0;
  private hash = createHash('sha256');

  constructor(
    private db: Db,
    private id: number,
  ) {}

  async write(data: Buffer): Promise<void> {
    this.hash.update(data);
    this.size += data.length;
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(CHUNK_SIZE - this.held, data.length - offset);
      this.parts.push(data.subarray(offset, offset + take));
      this.held += take;
      offset += take;
      if (this.held === CHUNK_SIZE) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.held === 0) return;
    await writeChunk(this.db, this.id, this.seq++, Buffer.concat(this.parts, this.held));
    this.parts = [];
    this.held = 0;
  }

  async end(): Promise<{ size: number; sha256: string }> {
    await this.flush();
    return { size: this.size, sha256: this.hash.digest('hex') };
  }
}
