/**
 * What `hearth export` and `hearth import` share: finding the alliance and inquiry named on the command line (or
 * the only one there is), and importing a file with the same checks as the web pages.
 */
import type { Actor } from '../audit/store.ts';
import { listMembers } from '../accounts/members-store.ts';
import { listAlliances } from '../accounts/transfer-store.ts';
import { listInquiries, loadGuide } from '../inquiries/inquiries-store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { streamCsv } from './csv-stream.ts';
import { decodeUpload, guessMapping } from './import-csv.ts';
import type { Config } from '../config.ts';
import { translator } from '../web/i18n.ts';
import { readExport } from './import-json.ts';
import { importZip } from './import-zip.ts';
import { importExport, type Gatherers } from './import-json-store.ts';
import { importCsv } from './import-store.ts';
import { problemLines } from './problems-view.ts';

async function chooseAlliance(db: Db, alliance: string | undefined): Promise<number> {
  const alliances = await listAlliances(db);
  const list = alliances.map((a) => `  ${a.id}: ${a.name}`).join('\n');
  if (alliance !== undefined) {
    const found = alliances.find((a) => String(a.id) === alliance || a.name.toLowerCase() === alliance.toLowerCase());
    if (!found) throw new Error(`There is no alliance "${alliance}". The alliances are:\n${list}`);
    return found.id;
  }
  if (alliances.length === 0) throw new Error('There is no alliance yet: create one with `hearth create-admin`.');
  if (alliances.length > 1) throw new Error(`There are several alliances: say which with --alliance ID.\n${list}`);
  return alliances[0]!.id;
}

export async function chooseInquiry(
  db: Db,
  alliance: string | undefined,
  inquiry: string | undefined,
): Promise<Inquiry> {
  const allianceId = await chooseAlliance(db, alliance);
  // Oldest first, as numbered in the list shown.
  const inquiries = (await listInquiries(db, allianceId)).reverse();
  const list = inquiries.map((i) => `  ${i.id}: ${i.title}`).join('\n');
  if (inquiry !== undefined) {
    const found = inquiries.filter((i) => String(i.id) === inquiry || i.title.toLowerCase() === inquiry.toLowerCase());
    if (found.length === 1) return found[0]!;
    throw new Error(
      `${found.length ? `Several inquiries are called "${inquiry}": give its number` : `There is no inquiry "${inquiry}"`}. The inquiries are:\n${list}`,
    );
  }
  if (inquiries.length === 0) throw new Error('This alliance has no inquiries yet.');
  if (inquiries.length > 1)
    throw new Error(`There are several inquiries: say which with --inquiry ID (or its title).\n${list}`);
  return inquiries[0]!;
}

async function actorFor(db: Db, allianceId: number): Promise<Actor> {
  // The alliance's longest-standing coordinator, who a command-line import is recorded as.
  const coordinator = (await listMembers(db, allianceId))
    .filter((m) => m.role === 'coordinator')
    .sort((a, b) => a.membership_id - b.membership_id)[0];
  if (!coordinator) throw new Error('This alliance has no coordinator to import as.');
  return { id: coordinator.user_id, name: `${coordinator.name} (command line)` };
}

export async function importFile(
  db: Db,
  bytes: Uint8Array,
  format: 'json' | 'csv',
  alliance: string | undefined,
  inquiryName: string | undefined,
): Promise<{ ok: boolean; lines: string[] }> {
  const text = decodeUpload(bytes);
  if (!text.ok) return { ok: false, lines: problemLines([text.problem], 'en').map((p) => p.text) };
  const show = (problems: Parameters<typeof problemLines>[0]) =>
    problemLines(problems, 'en').map((p) => (p.row ? `Row ${p.row} (line ${p.line}): ${p.text}` : p.text));
  if (format === 'json') {
    const allianceId = await chooseAlliance(db, alliance);
    const doc = readExport(text.value);
    if (!doc.ok) return { ok: false, lines: show(doc.problems ?? [doc.problem]) };
    const { inquiry, gatherers } = await importExport(db, await actorFor(db, allianceId), allianceId, doc.value);
    return {
      ok: true,
      lines: [
        `Imported "${inquiry.title}" with ${doc.value.stories.length} stories as inquiry ${inquiry.id}.`,
        ...gatherersLine(gatherers),
      ],
    };
  }
  return importCsvFile(db, [bytes], alliance, inquiryName);
}

/** How many of the interviewers and partners the file names were found among the members, when not all were. */
function gatherersLine({ named, matched }: Gatherers): string[] {
  return matched < named ? [translator('en')('exports.importZipDone.gatherers', { matched, named })] : [];
}

const FILE_PROBLEMS = new Set(['notUtf8', 'malformed', 'columns', 'empty'].map((k) => `exports.problems.${k}`));

/** `hearth import FILE.csv`: stories into an inquiry, read as the file streams, columns guessed from their names. */
export async function importCsvFile(
  db: Db,
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  alliance: string | undefined,
  inquiryName: string | undefined,
): Promise<{ ok: boolean; lines: string[] }> {
  const show = (problems: Parameters<typeof problemLines>[0]) =>
    problemLines(problems, 'en').map((p) => (p.row ? `Row ${p.row} (line ${p.line}): ${p.text}` : p.text));
  const inquiry = await chooseInquiry(db, alliance, inquiryName);
  const guide = await loadGuide(db, inquiry);
  const actor = await actorFor(db, inquiry.alliance_id);
  const result = await importCsv(db, actor, inquiry, streamCsv(input), (table) => guessMapping(table, guide), {
    file: 'command line',
  });
  if (!result.ok)
    return {
      ok: false,
      lines: [
        // A problem with the file as a whole says so itself.
        ...(FILE_PROBLEMS.has(result.problems[0]?.key ?? '') ? [] : ['Nothing was imported:']),
        ...show(result.problems),
        ...(result.total > result.problems.length ? [`${result.total} problems in all.`] : []),
      ],
    };
  return { ok: true, lines: [`Imported ${result.count} stories into "${inquiry.title}".`] };
}

/** `hearth import FILE.zip`: an export made with --files, as a new inquiry with its files, read as it streams. */
export async function importZipFile(
  db: Db,
  input: AsyncIterable<Uint8Array>,
  alliance: string | undefined,
  config: Pick<Config, 'maxUploadBytes' | 'maxRecordingSeconds'>,
): Promise<{ ok: boolean; lines: string[] }> {
  const allianceId = await chooseAlliance(db, alliance);
  const result = await importZip(db, await actorFor(db, allianceId), allianceId, input, {
    maxBytes: config.maxUploadBytes,
    maxRecordingSeconds: config.maxRecordingSeconds,
  });
  if (!result.ok) return { ok: false, lines: problemLines(result.problems, 'en').map((p) => p.text) };
  const t = translator('en');
  return {
    ok: true,
    lines: [
      `Imported "${result.inquiry.title}" with ${result.stories} stories and ${result.files} recordings and photos as inquiry ${result.inquiry.id}.`,
      ...gatherersLine(result.gatherers),
      ...result.refused.map((r) => `Left out ${r.path}: ${t(r.key)}`),
    ],
  };
}
