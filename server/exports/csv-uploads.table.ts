/**
 * CSV files uploaded for import, kept between the steps (map the columns, check, import) so the file never travels
 * back and forth in the form: any of several app servers can take the next step, and a file of any size streams in
 * once. Kept for a day at most; once imported, only the fact is kept (its bytes go). Table types only: no imports of stores.
 */
import type { Generated, Selectable } from 'kysely';

export interface CsvUploadsTable {
  id: Generated<number>;
  alliance_id: number;
  inquiry_id: number;
  /** Who uploaded it: the only person who may map, check or import it. */
  user_id: number;
  file_name: string;
  /** Bytes in all; 0 until the whole file has arrived and was read. */
  size: number;
  /** Rows of stories (the header not counted). */
  rows: number;
  /** The header's cells, as JSON. */
  header: string;
  /** The first rows' cells (JSON), for the mapping's samples and guesses. */
  sample: string;
  /** 0 while the file is arriving: only a complete upload can be mapped. */
  complete: number;
  /** Once imported: how many stories it gave (its bytes are gone); null before. */
  imported_stories: number | null;
  created_at: string;
}

export interface CsvUploadChunksTable {
  upload_id: number;
  /** 0, 1, 2… */
  seq: number;
  data: Buffer;
}

export type CsvUpload = Selectable<CsvUploadsTable>;
