/**
 * Imports: stories from a CSV file into an inquiry (upload, map the columns, dry run, import all or nothing), and a
 * Hearth JSON export as a new inquiry. Between the steps the file travels in the form itself (base64 in a hidden
 * field), so nothing is left on disk and any of several app servers can take the next step.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { loadGuide } from '../inquiries/inquiries-store.ts';
import { inquiryOf, inquiryPath } from '../inquiries/route-helpers.ts';
import type { Inquiry } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import {
  CSV_MAX_BYTES,
  decodeUpload,
  dryRun,
  guessMapping,
  PROBLEMS_LISTED,
  readCsv,
  targets,
  type CsvTable,
  type Problem,
} from './import-csv.ts';
import { streamCsv } from './csv-stream.ts';
import { readExport } from './import-json.ts';
import { importInquiry } from './import-json-store.ts';
import { importContext, importCsv } from './import-store.ts';
import { uploadOf, type Upload } from './upload.ts';
import { problemLines } from './problems-view.ts';
import { DEFAULT_LANGUAGE } from '../web/i18n.ts';
import { FormBody } from '../web/schemas.ts';

const languageOf = (request: FastifyRequest) => request.user?.language ?? DEFAULT_LANGUAGE;

const IMPORTERS = { roles: rolesFor('exportAndImport') };
const FORM = { ...IMPORTERS, keepsFormOnCsrfFailure: true };
export const JSON_MAX_BYTES = 50 * 1024 * 1024;
// The mapping form carries the file (base64: 4/3 of its size) and the choices.
const MAPPING_BODY_LIMIT = Math.ceil((CSV_MAX_BYTES * 4) / 3) + 256 * 1024;

/** The first problems, and a last line saying how many there are in all when that is more. */
export function listed(problems: Problem[], total = problems.length): Problem[] {
  const shown = problems.slice(0, PROBLEMS_LISTED);
  return total > shown.length
    ? [...shown, { key: 'exports.problems.more', params: { shown: shown.length, count: total } }]
    : shown;
}

/** The upload, as text, or the problem with it (none sent, too big, not UTF-8). */
function uploadedText(
  upload: Upload | undefined,
  max: number,
): { text: string; filename: string } | { problem: Problem } {
  if (!upload || upload.bytes.length === 0) return { problem: { key: 'exports.problems.noFile' } };
  if (upload.truncated)
    return { problem: { key: 'exports.problems.tooLarge', params: { mb: Math.round(max / 1024 / 1024) } } };
  const text = decodeUpload(upload.bytes);
  return text.ok ? { text: text.value, filename: upload.filename } : { problem: text.problem };
}

export async function csvImportRoutes(app: FastifyInstance): Promise<void> {
  function uploadPage(request: FastifyRequest, reply: FastifyReply, inquiry: Inquiry, problems: Problem[] = []) {
    return reply.page('exports/import', {
      inquiry,
      base: inquiryPath(inquiry),
      problems: problemLines(listed(problems), languageOf(request)),
      problemsTotal: problems.length,
      maxMb: CSV_MAX_BYTES / 1024 / 1024,
    });
  }

  async function mappingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    inquiry: Inquiry,
    file: { csv: string; filename: string; table: CsvTable },
    mapping: string[],
    outcome: { problems?: Problem[]; ready?: number; formError?: string } = {},
  ) {
    const guide = await loadGuide(app.db, inquiry);
    const options = targets(guide);
    const columns = file.table.header.map((name, i) => ({
      index: i,
      name,
      sample: file.table.rows[0]?.cells[i]?.slice(0, 80) ?? '',
      options: options.map((o) => ({ ...o, selected: o.value === mapping[i] })),
    }));
    return reply.page('exports/mapping', {
      inquiry,
      base: inquiryPath(inquiry),
      csv: file.csv,
      filename: file.filename,
      rows: file.table.rows.length,
      columns,
      mapping: mapping.map((value, i) => ({ index: i, value })),
      problems: problemLines(listed(outcome.problems ?? []), languageOf(request)),
      problemsTotal: outcome.problems?.length ?? 0,
      ready: outcome.ready,
      formError: outcome.formError,
    });
  }

  app.get('/inquiries/:inquiryId/import', { config: IMPORTERS }, async (request, reply) =>
    uploadPage(request, reply, await inquiryOf(app, request)),
  );

  app.post('/inquiries/:inquiryId/import', { config: FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    if (request.csrfValid === false) return uploadPage(request, reply.code(422), inquiry, [{ key: 'forms.csrf' }]);
    const upload = uploadedText(uploadOf(request), CSV_MAX_BYTES);
    if ('problem' in upload)
      return uploadPage(request, reply.code(upload.problem.key === 'exports.problems.tooLarge' ? 413 : 422), inquiry, [
        upload.problem,
      ]);
    const table = readCsv(upload.text);
    if (!table.ok) return uploadPage(request, reply.code(422), inquiry, [table.problem]);
    const guide = await loadGuide(app.db, inquiry);
    const csv = Buffer.from(upload.text, 'utf8').toString('base64');
    return mappingPage(
      request,
      reply,
      inquiry,
      { csv, filename: upload.filename, table: table.value },
      guessMapping(table.value, guide),
    );
  });

  app.post<{ Body: FormBody }>(
    '/inquiries/:inquiryId/import/check',
    { schema: { body: FormBody }, config: FORM, bodyLimit: MAPPING_BODY_LIMIT },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      const body = request.body ?? {};
      const csv = typeof body.csv === 'string' ? body.csv : '';
      const filename = typeof body.filename === 'string' ? body.filename.slice(0, 200) : '';
      const text = decodeUpload(Buffer.from(csv, 'base64'));
      const table = text.ok ? readCsv(text.value) : text;
      if (!table.ok) return uploadPage(request, reply.code(422), inquiry, [table.problem]);
      const mapping = table.value.header.map((_, i) => {
        const column = body[`map-${i}`];
        return typeof column === 'string' ? column : 'ignore';
      });
      const file = { csv, filename, table: table.value };
      if (request.csrfValid === false)
        return mappingPage(request, reply.code(422), inquiry, file, mapping, { formError: 'forms.csrf' });

      const guide = await loadGuide(app.db, inquiry);
      const plan = dryRun(guide, table.value, mapping, await importContext(app.db, inquiry));
      if (plan.problems.length)
        return mappingPage(request, reply.code(422), inquiry, file, mapping, { problems: plan.problems });
      if (body.intent !== 'import')
        return mappingPage(request, reply, inquiry, file, mapping, { ready: plan.stories.length });
      // Written in batches, all or nothing (the rows were checked above, and are checked again as they are written).
      const bytes = Buffer.from(csv, 'base64');
      const result = await importCsv(app.db, signedIn(request), inquiry, streamCsv([bytes]), mapping, {
        file: filename,
      });
      if (!result.ok)
        return mappingPage(request, reply.code(422), inquiry, file, mapping, { problems: result.problems });
      const count = result.count;
      request.session.set('flash', count === 1 ? 'exports.import.doneOne' : 'exports.import.done');
      return reply.redirect(`${inquiryPath(inquiry)}/stories`, 303);
    },
  );

  /* ---------- A Hearth JSON export, as a new inquiry ---------- */

  const jsonUpload = {
    ...FORM,
    multipartOptions: { limits: { fileSize: JSON_MAX_BYTES, files: 1, fields: 10, parts: 20 } },
  };

  app.get('/import', { config: IMPORTERS }, (_request, reply) =>
    reply.page('exports/import-json', { problems: [], maxMb: JSON_MAX_BYTES / 1024 / 1024 }),
  );

  app.post('/import', { config: jsonUpload }, async (request, reply) => {
    const page = (problems: Problem[], status = 422) =>
      reply.code(status).page('exports/import-json', {
        problems: problemLines(problems, languageOf(request)),
        maxMb: JSON_MAX_BYTES / 1024 / 1024,
      });
    if (request.csrfValid === false) return page([{ key: 'forms.csrf' }]);
    const upload = uploadedText(uploadOf(request), JSON_MAX_BYTES);
    if ('problem' in upload)
      return page([upload.problem], upload.problem.key === 'exports.problems.tooLarge' ? 413 : 422);
    const doc = readExport(upload.text);
    if (!doc.ok) return page(doc.problems ?? [doc.problem]);
    const allianceId = membershipOf(request).alliance_id;
    const inquiry = await importInquiry(app.db, signedIn(request), allianceId, doc.value);
    request.session.set('flash', 'exports.importJson.done');
    return reply.redirect(inquiryPath(inquiry), 303);
  });
}
