/**
 * Importing a Hearth JSON export as a new inquiry (a CSV file's stories are imported by csv-import-routes.ts), and
 * what both imports' pages share.
 */
import type { FastifyInstance } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { inquiryPath } from '../inquiries/route-helpers.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { decodeUpload, PROBLEMS_LISTED, type Problem } from './import-csv.ts';
import { readExport } from './import-json.ts';
import { importExport } from './import-json-store.ts';
import { uploadOf, type Upload } from './upload.ts';
import { languageOf, problemLines } from './problems-view.ts';

const IMPORTERS = { roles: rolesFor('exportAndImport') };
const FORM = { ...IMPORTERS, keepsFormOnCsrfFailure: true };
export const JSON_MAX_BYTES = 50 * 1024 * 1024;

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
  // A browser sends an empty part with no name when no file was chosen.
  if (!upload || upload.filename === '') return { problem: { key: 'exports.problems.noFile' } };
  if (upload.bytes.length === 0) return { problem: { key: 'exports.problems.emptyFile' } };
  if (upload.truncated)
    return { problem: { key: 'exports.problems.tooLarge', params: { mb: Math.round(max / 1024 / 1024) } } };
  const text = decodeUpload(upload.bytes);
  return text.ok ? { text: text.value, filename: upload.filename } : { problem: text.problem };
}

export async function jsonImportRoutes(app: FastifyInstance): Promise<void> {
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
    const { inquiry, gatherers } = await importExport(app.db, signedIn(request), allianceId, doc.value, {
      language: languageOf(request),
    });
    const some = gatherers.matched < gatherers.named;
    request.session.set('flash', some ? 'exports.importJson.doneUnmatched' : 'exports.importJson.done');
    return reply.redirect(inquiryPath(inquiry), 303);
  });
}
