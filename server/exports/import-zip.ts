/**
 * Importing a Hearth export with files (the zip `hearth export --files` makes) as a new inquiry: export.json first,
 * with the same checks and all-or-nothing import as a JSON file, then each file it lists, stored with its story
 * through the same checks as an upload (its bytes read for what it is, metadata taken out, the teller's consent to
 * keep a recording). The zip is read as it streams (fflate's Unzip), a file's bytes passed on as they come, so a
 * 200 MB recording is never held whole. A file that fails its checks is left out and named; the stories stay.
 */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import type { UploadLimits } from '../attachments/upload.ts';
import { storeUpload } from '../attachments/upload.ts';
import type { Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { AttachmentKind, Inquiry } from '../db/schema.ts';
import { storyIdsByCode } from '../stories/transfer-store.ts';
import type { Problem } from './import-csv.ts';
import { readExport } from './import-json.ts';
import { importExport, type Gatherers } from './import-json-store.ts';

/** The JSON in a zip is read whole to be checked, like an uploaded JSON file. */
const JSON_MAX_BYTES = 50 * 1024 * 1024;

export type ZipImport =
  | { ok: false; problems: Problem[] }
  | {
      ok: true;
      inquiry: Inquiry;
      stories: number;
      files: number;
      refused: { path: string; key: string }[];
      gatherers: Gatherers;
    };

/** One file's bytes handed from the unzipper to the upload as they come; the unzipper waits while it is full. */
class Pipe implements AsyncIterable<Buffer> {
  private parts: Buffer[] = [];
  private ended = false;
  private closed = false;
  private broken = false;
  private wake: (() => void) | undefined;
  private emptied: (() => void) | undefined;

  push(data: Uint8Array): void {
    if (this.closed) return; // the upload stopped reading (refused): the rest is dropped
    this.parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.parts = [];
    this.emptied?.();
  }

  /** The zip stopped part way through this file: the upload fails, so nothing of it is kept. */
  fail(): void {
    this.broken = true;
    this.wake?.();
  }

  /** Resolves once the reader has taken everything pushed so far (or stopped reading). */
  drained(): Promise<void> {
    if (this.closed || this.parts.length === 0) return Promise.resolve();
    return new Promise((resolve) => (this.emptied = resolve));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.broken) throw new Error('The zip stopped part way through this file');
      const next = this.parts.shift();
      if (next) {
        yield next;
        continue;
      }
      this.emptied?.();
      if (this.ended || this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

type Event = { name: string; data: Uint8Array; final: boolean; start: boolean } | { error: Error };

export async function importZip(
  db: Db,
  actor: Actor,
  allianceId: number,
  input: AsyncIterable<Uint8Array>,
  limits: UploadLimits,
  language?: string,
): Promise<ZipImport> {
  const events: Event[] = [];
  const unzip = new Unzip((file) => {
    events.push({ name: file.name, data: new Uint8Array(0), final: false, start: true });
    file.ondata = (err, data, final) =>
      events.push(err ? { error: err } : { name: file.name, data, final, start: false });
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);

  const notZip = (): ZipImport => ({ ok: false, problems: [{ key: 'exports.problems.notHearthZip' }] });
  let json: Buffer[] | undefined;
  let jsonSize = 0;
  let imported: {
    inquiry: Inquiry;
    stories: number;
    gatherers: Gatherers;
    listed: Map<string, { storyId: number; kind: AttachmentKind }>;
  };
  let current: { pipe: Pipe; upload: Promise<unknown>; path: string } | undefined;
  let stored = 0;
  const refused: { path: string; key: string }[] = [];
  let failed: ZipImport | undefined;

  async function handle(event: Event): Promise<void> {
    if ('error' in event) throw event.error;
    if (event.start) {
      if (!imported && event.name !== 'export.json') failed ??= notZip();
      if (event.name === 'export.json') json = [];
      else if (imported) {
        const target = imported.listed.get(event.name);
        if (!target) return void refused.push({ path: event.name, key: 'exports.importZip.notListed' });
        const pipe = new Pipe();
        const upload = storeUpload(
          db,
          pipe,
          { allianceId, storyId: target.storyId, kind: target.kind, actor },
          limits,
        ).then((result) => {
          pipe.close();
          if (result.ok) stored += 1;
          else refused.push({ path: event.name, key: result.problem.key });
        });
        current = { pipe, upload, path: event.name };
      }
      return;
    }
    if (event.name === 'export.json' && json) {
      jsonSize += event.data.length;
      if (jsonSize > JSON_MAX_BYTES) return void (failed ??= notZip());
      json.push(Buffer.from(event.data));
      if (event.final) await importJson(Buffer.concat(json).toString('utf8'));
      return;
    }
    if (!current || current.path !== event.name) return;
    current.pipe.push(event.data);
    await Promise.race([current.pipe.drained(), current.upload]);
    if (event.final) {
      current.pipe.end();
      await current.upload;
      current = undefined;
    }
  }

  async function importJson(text: string): Promise<void> {
    const doc = readExport(text);
    if (!doc.ok) return void (failed = { ok: false, problems: doc.problems ?? [doc.problem] });
    const { inquiry, gatherers } = await importExport(db, actor, allianceId, doc.value, { language });
    const ids = await storyIdsByCode(db, inquiry);
    const listed = new Map<string, { storyId: number; kind: AttachmentKind }>();
    for (const s of doc.value.stories)
      for (const f of s.files ?? []) listed.set(f.path, { storyId: ids.get(s.code)!, kind: f.kind });
    imported = { inquiry, stories: doc.value.stories.length, gatherers, listed };
  }

  try {
    for await (const chunk of input) {
      unzip.push(chunk);
      while (events.length && !failed) await handle(events.shift()!);
      if (failed) break;
    }
    if (!failed) {
      unzip.push(new Uint8Array(0), true);
      while (events.length && !failed) await handle(events.shift()!);
    }
  } catch {
    failed ??= notZip();
  } finally {
    if (current) {
      refused.push({ path: current.path, key: 'exports.importZip.cutOff' });
      current.pipe.fail();
      await current.upload.catch(() => undefined);
    }
  }
  // A zip cut off before export.json was read whole imports nothing.
  if (failed && !imported!) return failed;
  if (!imported!) return notZip();
  const { inquiry, stories, gatherers } = imported;
  return { ok: true, inquiry, stories, files: stored, refused, gatherers };
}
