/**
 * Choosing and making a download: which format, for whom, with or without the recordings and photos, and the file
 * itself (recorded in the audit log).
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, Story } from '../db/schema.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import { downloadName } from '../stories/receipt-download.ts';
import { notFound } from '../web/errors.ts';
import { toCsv } from './csv.ts';
import type { Audience } from '../stories/consent.ts';
import { exportCounts, readInquiry } from './export-store.ts';
import { recordExport } from './import-store.ts';
import { buildExport } from './json.ts';
import { toQdpx } from './qdpx.ts';
import { zipWithFiles } from './with-files.ts';

export const FORMATS = ['csv', 'json', 'qdpx'] as const;
export type Format = (typeof FORMATS)[number];

export interface ExportFile {
  name: string;
  type: string;
  body: string | Buffer | Readable;
  stories: number;
  /** How many recordings and photos it carries (an export with files). */
  files?: number;
}

export interface ExportChoice {
  format: Format;
  audience: Audience;
  /** Include the recordings and photos this audience may have (JSON becomes a zip; .qdpx gets them as sources). */
  files?: boolean;
}

export function countsFor(db: Db, inquiry: Inquiry) {
  return exportCounts(db, inquiry);
}

type Choice =
  { ok: true; value: ExportChoice } | { ok: false; errors: Record<string, string>; values: Record<string, string> };

export function parseDownload(query: unknown): Choice {
  const q = (query ?? {}) as Record<string, unknown>;
  const format = typeof q.format === 'string' ? q.format : '';
  const audience = q.audience === 'funders' ? 'funders' : 'team';
  const files = q.files === 'yes';
  const values = { format, audience, ...(files ? { files: 'yes' } : {}) };
  if (!(FORMATS as readonly string[]).includes(format))
    return { ok: false, errors: { format: 'exports.export.formatMissing' }, values };
  if (q.audience !== undefined && q.audience !== 'funders' && q.audience !== 'team')
    return { ok: false, errors: { audience: 'forms.invalid' }, values };
  if (q.files !== undefined && !files) return { ok: false, errors: { files: 'forms.invalid' }, values };
  // A spreadsheet has no place for a recording: files go with the JSON (in a zip) or the REFI-QDA project.
  if (files && format === 'csv') return { ok: false, errors: { files: 'exports.export.filesNotCsv' }, values };
  return { ok: true, value: { format: format as Format, audience, files } };
}

/** A file name from the inquiry's title: letters and digits, the rest dashes. */
export function fileName(
  inquiry: Pick<Inquiry, 'title'>,
  audience: Audience,
  extension: string,
  now = new Date(),
): string {
  const slug =
    inquiry.title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'inquiry';
  return `${slug}${audience === 'funders' ? '-for-funders' : ''}-${now.toISOString().slice(0, 10)}.${extension}`;
}

/** The export itself, as a file. Each export is recorded in the audit log (format, audience, how many stories). */
export async function makeExport(
  db: Db,
  inquiry: Inquiry,
  choice: ExportChoice,
  storyIds?: number[],
  now = new Date(),
): Promise<ExportFile> {
  const data = await readInquiry(db, inquiry, choice.audience, storyIds);
  const doc = buildExport(data, choice.audience, now);
  const stories = doc.stories.length;
  if (choice.files && choice.format !== 'csv') {
    const zip = await zipWithFiles(db, data, doc, choice.format, choice.audience, now);
    const extension = choice.format === 'qdpx' ? 'qdpx' : 'zip';
    return { name: fileName(inquiry, choice.audience, extension, now), type: 'application/zip', stories, ...zip };
  }
  if (choice.format === 'csv')
    return {
      name: fileName(inquiry, choice.audience, 'csv', now),
      type: 'text/csv; charset=utf-8',
      body: toCsv(doc),
      stories,
    };
  if (choice.format === 'qdpx')
    return {
      name: fileName(inquiry, choice.audience, 'qdpx', now),
      type: 'application/zip',
      body: Buffer.from(toQdpx(doc)),
      stories,
    };
  return {
    name: fileName(inquiry, choice.audience, 'json', now),
    type: 'application/json; charset=utf-8',
    body: `${JSON.stringify(doc, null, 2)}\n`,
    stories,
  };
}

export async function downloadFile(db: Db, actor: Actor, inquiry: Inquiry, choice: ExportChoice): Promise<ExportFile> {
  const file = await makeExport(db, inquiry, choice);
  await recordExport(db, actor, inquiry, {
    format: choice.format,
    audience: choice.audience,
    stories: file.stories,
    ...(file.files === undefined ? {} : { files: file.files }),
  });
  return file;
}

export async function singleStoryExport(
  db: Db,
  actor: Actor,
  allianceId: number,
  story: Pick<Story, 'id' | 'inquiry_id' | 'code'>,
): Promise<ExportFile> {
  const inquiry = await findInquiry(db, allianceId, story.inquiry_id);
  if (!inquiry) throw notFound();
  const file = await makeExport(db, inquiry, { format: 'json', audience: 'team' }, [story.id]);
  await recordExport(db, actor, inquiry, {
    format: 'json',
    audience: 'team',
    stories: file.stories,
    story: story.code,
  });
  // Codes can come from an imported file: never let one name a path or break out of the header's quotes.
  return { ...file, name: downloadName(story.code, 'json') };
}
