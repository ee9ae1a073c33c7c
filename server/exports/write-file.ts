/** Writing an export to a file: a zip with files is streamed to disk, never held whole; a part-written file is removed. */
import { rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function writeExport(path: string, body: string | Buffer | Readable): Promise<void> {
  if (!(body instanceof Readable)) return writeFile(path, body);
  try {
    await pipeline(body, createWriteStream(path));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}
