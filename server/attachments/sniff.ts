/**
 * What a file is, read from its first bytes (file-type), never from its name or the type the browser claims: a
 * text file called interview.mp3 is not a recording. Only audio a browser can play is kept as a recording, and only
 * JPEG, PNG and PDF as a photo or scan of the paper (the formats whose camera, location and author metadata Hearth
 * knows how to take out).
 */
import { fileTypeFromBuffer } from 'file-type';
import type { AttachmentKind } from './attachments.table.ts';

/** Enough of the start of a file for every format below to be told apart. */
export const HEAD_BYTES = 64 * 1024;

/** The type file-type reads -> the type Hearth serves it as. WebM and MP4 are checked for a video track later. */
const RECORDING_TYPES: Record<string, string> = {
  'audio/mpeg': 'audio/mpeg',
  'audio/wav': 'audio/wav',
  'audio/ogg': 'audio/ogg',
  'audio/ogg; codecs=opus': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'audio/flac': 'audio/flac',
  'audio/aac': 'audio/aac',
  'audio/mp4': 'audio/mp4',
  'audio/x-m4a': 'audio/mp4',
  // What browsers' MediaRecorder makes: Chromium and Firefox WebM (Opus), Safari MP4 (AAC).
  'video/webm': 'audio/webm',
  'audio/webm': 'audio/webm',
  'video/mp4': 'audio/mp4',
};

/** Photos of the paper, and scans of it as PDF (file-type knows a PDF by its `%PDF` start). */
const PHOTO_TYPES: Record<string, string> = {
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'application/pdf': 'application/pdf',
};

/** The media type to keep the file as, or undefined when its bytes are not of that kind. */
export async function sniff(head: Uint8Array, kind: AttachmentKind): Promise<string | undefined> {
  if (head.length === 0) return undefined;
  const found = await fileTypeFromBuffer(head);
  if (!found) return undefined;
  return (kind === 'recording' ? RECORDING_TYPES : PHOTO_TYPES)[found.mime];
}
