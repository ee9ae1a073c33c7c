/** Sends a stored file, whole or the byte range asked for, streamed from the database chunk by chunk. */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Attachment } from '../db/schema.ts';
import { storedBytes } from './file-stream.ts';
import { parseRange } from './ranges.ts';

const EXTENSIONS: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/webm': 'webm',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

/** The usual file extension of a stored file's type, for its name when downloaded or exported. */
export const extensionOf = (mediaType: string) => EXTENSIONS[mediaType] ?? 'bin';

/** `name` is the file's name without extension, e.g. the story code and what it is (ASCII). */
export function sendFile(db: Db, request: FastifyRequest, reply: FastifyReply, file: Attachment, name: string) {
  const filename = `${name.replace(/[^\w.-]+/g, '-')}.${extensionOf(file.media_type)}`;
  reply
    .header('accept-ranges', 'bytes')
    .header('content-disposition', `inline; filename="${filename}"`)
    .type(file.media_type);
  const range = parseRange(request.headers.range, file.size);
  if (range.kind === 'unsatisfiable')
    return reply.code(416).header('content-range', `bytes */${file.size}`).type('text/plain; charset=utf-8').send('');
  const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, file.size - 1];
  if (range.kind === 'part') reply.code(206).header('content-range', `bytes ${start}-${end}/${file.size}`);
  reply.header('content-length', end - start + 1);
  // HEAD: the headers alone (Fastify drains a stream for HEAD; an empty one reads nothing from the database).
  if (request.method === 'HEAD') return reply.send(Readable.from([]));
  return reply.send(storedBytes(db, file, start, end));
}
