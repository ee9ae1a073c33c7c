/**
 * Taking in a CSV file for import as it streams: each megabyte is stored as it arrives while the rows are read and
 * counted, so a file of any size is checked (UTF-8, well formed, a header and stories) without being held in
 * memory. A file that fails, is too large or is cut off part way leaves nothing behind.
 */
import type { Db } from '../db/database.ts';
import { CsvProblem, streamCsv } from './csv-stream.ts';
import {
  beginCsvUpload,
  completeCsvUpload,
  CSV_CHUNK,
  deleteCsvUpload,
  writeCsvChunk,
  type UploadOwner,
} from './csv-upload-store.ts';
import type { Problem } from './import-csv.ts';

/** Rows kept for the mapping page: its samples, and the guess of which column holds story codes. */
export const SAMPLE_ROWS = 20;

export type StoredCsv = { ok: true; uploadId: number } | { ok: false; status: 413 | 422; problem: Problem };

class TooLarge extends Error {}

export async function storeCsvUpload(
  db: Db,
  input: AsyncIterable<Buffer>,
  owner: UploadOwner,
  fileName: string,
  maxBytes: number,
): Promise<StoredCsv> {
  const uploadId = await beginCsvUpload(db, owner, fileName);
  let size = 0;
  // The bytes pass through to the reader of rows, and are stored a megabyte at a time on their way: every chunk
  // but the last holds exactly CSV_CHUNK bytes, as csvUploadBytes expects.
  async function* stored(): AsyncGenerator<Buffer> {
    let held: Buffer[] = [];
    let heldBytes = 0;
    let seq = 0;
    for await (const bytes of input) {
      size += bytes.length;
      if (size > maxBytes) throw new TooLarge();
      held.push(bytes);
      heldBytes += bytes.length;
      while (heldBytes >= CSV_CHUNK) {
        const all = Buffer.concat(held);
        await writeCsvChunk(db, uploadId, seq++, all.subarray(0, CSV_CHUNK));
        held = [all.subarray(CSV_CHUNK)];
        heldBytes = all.length - CSV_CHUNK;
      }
      yield bytes;
    }
    if (heldBytes) await writeCsvChunk(db, uploadId, seq, Buffer.concat(held));
  }
  try {
    let header: string[] = [];
    const sample: string[][] = [];
    let rows = -1;
    for await (const row of streamCsv(stored())) {
      if (rows === -1) header = row.cells;
      else if (sample.length < SAMPLE_ROWS) sample.push(row.cells);
      rows++;
    }
    await completeCsvUpload(db, uploadId, { size, rows, header, sample });
    return { ok: true, uploadId };
  } catch (err) {
    await deleteCsvUpload(db, uploadId);
    if (err instanceof TooLarge)
      return {
        ok: false,
        status: 413,
        problem: { key: 'exports.problems.tooLarge', params: { mb: Math.round(maxBytes / 1024 / 1024) } },
      };
    if (err instanceof CsvProblem)
      return { ok: false, status: 422, problem: size === 0 ? { key: 'exports.problems.emptyFile' } : err.problem };
    throw err;
  }
}
