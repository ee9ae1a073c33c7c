/**
 * Recordings and photos as exports take them out and imports bring them back: the files of some stories (which
 * of them an export may carry is the consent projection's decision, made by the caller), their bytes as a stream,
 * and a file stored again from an imported zip.
 */
import type { Readable } from 'node:stream';
import type { Db } from '../db/database.ts';
import type { Attachment } from '../db/schema.ts';
import { storedBytes } from './file-stream.ts';

/** The complete files of these stories, in the order the story page lists them. */
export async function filesForExport(db: Db, storyIds: number[]): Promise<Attachment[]> {
  const files: Attachment[] = [];
  // In batches: a database takes only so many values in one query.
  for (let i = 0; i < storyIds.length; i += 5000) {
    const rows = await db
      .selectFrom('attachments')
      .selectAll()
      .where('story_id', 'in', storyIds.slice(i, i + 5000))
      .where('complete', '=', 1)
      .orderBy('story_id')
      .orderBy('kind', 'desc')
      .orderBy('id')
      .execute();
    files.push(...rows);
  }
  return files;
}

/** A file's bytes, read a chunk at a time, so a 200 MB recording is never held whole. */
export function fileBytes(db: Db, file: Pick<Attachment, 'id' | 'chunk_size' | 'size'>): Readable {
  return storedBytes(db, file);
}
