/** A stored file's bytes (or a range of them) as a stream, read from the database one chunk at a time. */
import { Readable } from 'node:stream';
import type { Db } from '../db/database.ts';
import type { Attachment } from '../db/schema.ts';
import { readChunk } from './attachments-store.ts';

/** Bytes start..end (inclusive) of the file; the whole file by default. Fails if the file goes while it is read. */
export function storedBytes(
  db: Db,
  file: Pick<Attachment, 'id' | 'chunk_size' | 'size'>,
  start = 0,
  end = file.size - 1,
): Readable {
  const size = file.chunk_size;
  async function* chunks() {
    if (end < start) return;
    const first = Math.floor(start / size);
    const last = Math.floor(end / size);
    for (let seq = first; seq <= last; seq++) {
      const chunk = await readChunk(db, file.id, seq);
      if (!chunk) throw new Error('The file was removed while it was being read');
      yield chunk.subarray(seq === first ? start - seq * size : 0, seq === last ? end - seq * size + 1 : chunk.length);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
