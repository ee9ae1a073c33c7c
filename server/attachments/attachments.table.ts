/**
 * Recordings and photos kept with a story. The bytes live in the database as a table of fixed-size chunks, so one
 * laptop, a backup and restore, and several app servers on one PostgreSQL all hold them without a shared disk.
 * Table types only: no imports of stores.
 */
import type { Generated, Selectable } from 'kysely';

/** A recording of the interview, or a photo or scan of the paper it was written on. */
export const ATTACHMENT_KINDS = ['recording', 'photo'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface AttachmentsTable {
  id: Generated<number>;
  alliance_id: number;
  story_id: number;
  kind: AttachmentKind;
  /** The type read from the bytes (never from the name or the browser's word): audio/wav, image/jpeg… */
  media_type: string;
  /** Bytes in all; 0 until the upload is complete. */
  size: number;
  /** Every chunk holds this many bytes except the last, so a range request reads only the chunks it needs. */
  chunk_size: number;
  /** A recording's length in seconds, when its container says (a phone's WebM recording may not). */
  duration_seconds: number | null;
  /** A photo's width and height as shown (after its orientation), when read from the image. */
  width: number | null;
  height: number | null;
  /** SHA-256 of the stored bytes, hex. */
  sha256: string;
  /** 0 while the bytes are arriving: nothing shows or serves it until 1. */
  complete: number;
  /** The id a phone in the field made for the file (unique; set when complete), so a resend stores it once. */
  device_id: Generated<string | null>;
  created_by: number | null;
  created_at: string;
}

export interface AttachmentChunksTable {
  attachment_id: number;
  /** 0, 1, 2… */
  seq: number;
  data: Buffer;
}

export type Attachment = Selectable<AttachmentsTable>;
