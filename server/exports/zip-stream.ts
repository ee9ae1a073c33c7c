/**
 * A zip made as it is sent: each entry's bytes are pulled from its source (a file's chunks in the database) only
 * when the reader wants more, so a 200 MB recording passes through a few chunks at a time and is never held whole.
 * Recordings, photos and PDF scans are already compressed, so they are stored as they are (ZipPassThrough); text
 * is deflated.
 */
import { Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  path: string;
  /** Deflate it (text); otherwise it is stored as it is. */
  compress: boolean;
  modified: Date;
  bytes: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

async function* zipChunks(entries: Iterable<ZipEntry>): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else ready.push(data);
  });
  function* drain() {
    if (failure) throw failure;
    while (ready.length) yield ready.shift()!;
  }
  for (const entry of entries) {
    const file = entry.compress ? new ZipDeflate(entry.path, { level: 6 }) : new ZipPassThrough(entry.path);
    file.mtime = entry.modified;
    zip.add(file);
    for await (const chunk of entry.bytes()) {
      file.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));
      yield* drain();
    }
    file.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** The zip as a stream to send or write; an entry whose source fails (a file withdrawn meanwhile) fails the stream. */
export function zipStream(entries: Iterable<ZipEntry>): Readable {
  return Readable.from(zipChunks(entries), { objectMode: false });
}
