/**
 * Exports that carry files: a zip holding the JSON export (export.json, each story listing its files by path)
 * beside the recordings and photos, or a REFI-QDA project whose sources include them. Both are streamed: the
 * files' bytes are read from the database as the zip is sent.
 */
import type { Readable } from 'node:stream';
import { strToU8 } from 'fflate';
import type { Db } from '../db/database.ts';
import type { Audience } from '../stories/consent.ts';
import type { InquiryData } from './export-store.ts';
import { chooseFiles, fileEntry, withFileList } from './files.ts';
import type { HearthExport } from './format.ts';
import { qdpxProject } from './qdpx.ts';
import { zipStream, type ZipEntry } from './zip-stream.ts';

const textEntry = (path: string, body: string | Uint8Array, modified: Date): ZipEntry => ({
  path,
  compress: true,
  modified,
  bytes: () => [typeof body === 'string' ? strToU8(body) : body],
});

/** The zip (or .qdpx) with files, and how many files it holds. */
export async function zipWithFiles(
  db: Db,
  data: InquiryData,
  doc: HearthExport,
  format: 'json' | 'qdpx',
  audience: Audience,
  now: Date,
): Promise<{ body: Readable; files: number }> {
  const files = await chooseFiles(db, data.stories, audience);
  if (format === 'json') {
    const json = `${JSON.stringify(withFileList(doc, files), null, 2)}\n`;
    const entries = [textEntry('export.json', json, now), ...files.map((f) => fileEntry(db, f))];
    return { body: zipStream(entries), files: files.length };
  }
  const project = qdpxProject(doc, files);
  const entries = [
    textEntry('project.qde', project.xml, now),
    ...Object.entries(project.texts).map(([path, bytes]) => textEntry(path, bytes, now)),
    ...files.map((f) => fileEntry(db, f, project.mediaPaths.get(f)!)),
  ];
  return { body: zipStream(entries), files: files.length };
}
