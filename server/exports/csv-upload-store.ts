/**
 * The csv_uploads and csv_upload_chunks tables: a CSV file kept between the steps of an import, written a chunk at
 * a time as it arrives and read back the same way, so no step holds the whole file.
 */
import type { Db } from '../db/database.ts';
import type { CsvUpload } from '../db/schema.ts';
import { iso } from '../db/time.ts';

/** Bytes per stored chunk. */
export const CSV_CHUNK = 1024 * 1024;
/** An upload not imported within a day is deleted: the file is still on the uploader's computer. */
const KEPT_FOR_MS = 24 * 60 * 60 * 1000;

export interface UploadOwner {
  allianceId: number;
  inquiryId: number;
  userId: number;
}

/** Starts an upload, first clearing away those older than a day. */
export async function beginCsvUpload(db: Db, owner: UploadOwner, fileName: string, now = new Date()): Promise<number> {
  await db
    .deleteFrom('csv_uploads')
    .where('created_at', '<', iso(new Date(now.getTime() - KEPT_FOR_MS)))
    .execute();
  const row = await db
    .insertInto('csv_uploads')
    .values({
      alliance_id: owner.allianceId,
      inquiry_id: owner.inquiryId,
      user_id: owner.userId,
      file_name: fileName.slice(0, 200),
      size: 0,
      rows: 0,
      header: '[]',
      sample: '[]',
      complete: 0,
      imported_stories: null,
      created_at: iso(now),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function writeCsvChunk(db: Db, uploadId: number, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('csv_upload_chunks').values({ upload_id: uploadId, seq, data }).execute();
}

/** Marks the upload whole, with what the mapping step shows of it. */
export async function completeCsvUpload(
  db: Db,
  uploadId: number,
  facts: { size: number; rows: number; header: string[]; sample: string[][] },
): Promise<void> {
  await db
    .updateTable('csv_uploads')
    .set({
      size: facts.size,
      rows: facts.rows,
      header: JSON.stringify(facts.header),
      sample: JSON.stringify(facts.sample),
      complete: 1,
    })
    .where('id', '=', uploadId)
    .execute();
}

/**
 * Takes the upload for an import, inside the import's transaction: false if it was imported meanwhile. The row stays
 * locked until the transaction ends (on PostgreSQL a second import of it waits here, then finds it imported; SQLite
 * runs one writing transaction at a time).
 */
export async function claimCsvUpload(trx: Db, uploadId: number): Promise<boolean> {
  const result = await trx
    .updateTable('csv_uploads')
    .set({ complete: 1 })
    .where('id', '=', uploadId)
    .where('complete', '=', 1)
    .where('imported_stories', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes an upload and its bytes (the chunks go with it). */
export async function deleteCsvUpload(db: Db, uploadId: number): Promise<void> {
  await db.deleteFrom('csv_uploads').where('id', '=', uploadId).execute();
}

/** How many stories the upload gave when imported (0 if it is gone). */
export async function importedStories(db: Db, uploadId: number): Promise<number> {
  const row = await db
    .selectFrom('csv_uploads')
    .select('imported_stories')
    .where('id', '=', uploadId)
    .executeTakeFirst();
  return row?.imported_stories ?? 0;
}

/** Marks the upload imported, in the import's transaction, and lets its bytes go. */
export async function markCsvImported(trx: Db, uploadId: number, stories: number): Promise<void> {
  await trx.updateTable('csv_uploads').set({ imported_stories: stories }).where('id', '=', uploadId).execute();
  await trx.deleteFrom('csv_upload_chunks').where('upload_id', '=', uploadId).execute();
}

/** An upload as the steps use it: its header and first rows read back from their JSON. */
export type KeptCsv = Omit<CsvUpload, 'header' | 'sample'> & { header: string[]; sample: string[][] };

/** A complete upload (or one imported already), only for the person who uploaded it and only in its own inquiry. */
export async function findCsvUpload(db: Db, owner: UploadOwner, uploadId: number): Promise<KeptCsv | undefined> {
  const row = await db
    .selectFrom('csv_uploads')
    .selectAll()
    .where('id', '=', uploadId)
    .where('alliance_id', '=', owner.allianceId)
    .where('inquiry_id', '=', owner.inquiryId)
    .where('user_id', '=', owner.userId)
    .where('complete', '=', 1)
    .executeTakeFirst();
  return row && { ...row, header: JSON.parse(row.header) as string[], sample: JSON.parse(row.sample) as string[][] };
}

/** The file's bytes, a chunk at a time. Fails if the upload is deleted while it is read, rather than end short. */
export async function* csvUploadBytes(db: Db, upload: Pick<CsvUpload, 'id' | 'size'>): AsyncGenerator<Buffer> {
  const chunks = Math.ceil(upload.size / CSV_CHUNK);
  for (let seq = 0; seq < chunks; seq++) {
    const chunk = await db
      .selectFrom('csv_upload_chunks')
      .select('data')
      .where('upload_id', '=', upload.id)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!chunk) throw new Error('The file was deleted while it was being read');
    yield Buffer.from(chunk.data);
  }
}
