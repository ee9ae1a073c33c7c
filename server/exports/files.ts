/**
 * The recordings and photos an export carries: only those the consent projection lets that export's audience have
 * (filesShown with the 'export' output), each named by its place in the zip, which the JSON gives beside the story.
 */
import type { Db } from '../db/database.ts';
import type { Attachment, Inquiry } from '../db/schema.ts';
import { extensionOf } from '../attachments/serve.ts';
import { fileBytes, filesForExport } from '../attachments/transfer-store.ts';
import { FILE_CONSENT_COLUMNS, filesShown, storiesFor, type Audience, type FileConsent } from '../stories/consent.ts';
import type { ExportStory, HearthExport } from './format.ts';
import type { ZipEntry } from './zip-stream.ts';

/** A file as an export names it. */
export interface ExportedFile {
  code: string;
  path: string;
  file: Attachment;
}

/** What a file is, in a reader's words: a recording, a photo of the paper, or a scan of it (PDF). */
export const fileLabel = (file: Pick<Attachment, 'kind' | 'media_type'>) =>
  file.kind === 'recording' ? 'recording' : file.media_type === 'application/pdf' ? 'scan' : 'photo';

/** Codes can come from an imported file: only letters, digits, dashes and underscores make a folder name. */
const folder = (code: string) => code.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || 'story';

/** The files of these stories this audience may have, each with its path in the zip (files/MSC-0042/recording-1.webm). */
export async function chooseFiles(
  db: Db,
  stories: (FileConsent & { id: number; code: string })[],
  audience: Audience,
): Promise<ExportedFile[]> {
  const allowed = new Map(stories.map((s) => [s.id, { story: s, shown: filesShown(s, 'export', audience) }]));
  const files = await filesForExport(
    db,
    stories.filter((s) => allowed.get(s.id)!.shown.recording || allowed.get(s.id)!.shown.photos).map((s) => s.id),
  );
  const folders = new Map<number, string>();
  const taken = new Set<string>();
  const counts = new Map<string, number>();
  const chosen: ExportedFile[] = [];
  for (const file of files) {
    const { story, shown } = allowed.get(file.story_id)!;
    if (!(file.kind === 'recording' ? shown.recording : shown.photos)) continue;
    if (!folders.has(story.id)) {
      let name = `files/${folder(story.code)}`;
      while (taken.has(name)) name += '_';
      taken.add(name);
      folders.set(story.id, name);
    }
    const label = `${folders.get(story.id)}/${fileLabel(file)}`;
    const n = (counts.get(label) ?? 0) + 1;
    counts.set(label, n);
    chosen.push({ code: story.code, path: `${label}-${n}.${extensionOf(file.media_type)}`, file });
  }
  return chosen;
}

/** The export's stories, each listing its files by their paths in the zip. */
export function withFileList(doc: HearthExport, files: ExportedFile[]): HearthExport {
  const byCode = new Map<string, ExportStory['files']>();
  for (const f of files) {
    const list = byCode.get(f.code) ?? [];
    list.push({
      path: f.path,
      kind: f.file.kind,
      media_type: f.file.media_type,
      size: Number(f.file.size),
      sha256: f.file.sha256,
      duration_seconds: f.file.duration_seconds === null ? null : Number(f.file.duration_seconds),
      added_at: f.file.created_at,
    });
    byCode.set(f.code, list);
  }
  return { ...doc, stories: doc.stories.map((s) => ({ ...s, files: byCode.get(s.code) ?? [] })) };
}

/** A file as a zip entry, its bytes read from the database as the zip is sent. */
export function fileEntry(db: Db, f: ExportedFile, path = f.path): ZipEntry {
  return { path, compress: false, modified: new Date(f.file.created_at), bytes: () => fileBytes(db, f.file) };
}

/** How many files, and how many bytes, a team's and a funders' export with files would carry. */
export async function fileTotals(db: Db, inquiry: Inquiry) {
  const total = async (audience: Audience) => {
    const stories = await storiesFor(db, inquiry.alliance_id, undefined, audience)
      .select(['stories.id', 'stories.code', ...FILE_CONSENT_COLUMNS])
      .where('stories.inquiry_id', '=', inquiry.id)
      .execute();
    const files = await chooseFiles(db, stories, audience);
    return { count: files.length, bytes: files.reduce((sum, f) => sum + Number(f.file.size), 0) };
  };
  return { team: await total('team'), funders: await total('funders') };
}
