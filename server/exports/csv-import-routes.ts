/**
 * Importing stories from a CSV file into an inquiry, inside /alliances/:allianceId: upload (streamed into the
 * database, any size up to HEARTH_MAX_IMPORT_MB), map the columns, check every row, import all or nothing. The file
 * is kept between the steps (csv_uploads), so any of several app servers can take the next one, and the pages
 * carry only its id. Coordinators only, like every import; an upload is seen only by the person who sent it.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import type { Inquiry } from '../db/schema.ts';
import { loadGuide } from '../inquiries/inquiries-store.ts';
import { inquiryOf, inquiryPath } from '../inquiries/route-helpers.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { FormBody } from '../web/schemas.ts';
import { fileAfterToken } from '../web/security.ts';
import { streamCsv } from './csv-stream.ts';
import { storeCsvUpload } from './csv-upload.ts';
import { csvUploadBytes, findCsvUpload, type KeptCsv, type UploadOwner } from './csv-upload-store.ts';
import { guessMapping, targets, type Problem } from './import-csv.ts';
import { importContext, importCsv } from './import-store.ts';
import { listed } from './import-routes.ts';
import { languageOf, problemLines } from './problems-view.ts';

const IMPORTERS = { roles: rolesFor('exportAndImport') };
/** Characters of the first row shown per column: enough to recognise it; a longer cell ends in an ellipsis. */
const PREVIEW = 80;
const preview = (cell: string) => {
  const chars = [...cell]; // by character, so an emoji or accented letter is never cut in half
  return chars.length > PREVIEW ? `${chars.slice(0, PREVIEW - 1).join('')}…` : cell;
};
/** Room for the form's token and the multipart framing around the file. */
const FORM_ALLOWANCE = 64 * 1024;

export async function csvImportRoutes(app: FastifyInstance): Promise<void> {
  const { maxImportBytes } = app.config;
  await app.register(multipart, {
    throwFileSizeLimit: false,
    // One more byte than allowed, so a file over the limit is seen to be (and refused) rather than cut short.
    limits: { fileSize: maxImportBytes + 1, files: 1, fields: 2, parts: 3, fieldSize: 4096 },
  });

  const maxMb = Math.round(maxImportBytes / 1024 / 1024);

  function uploadPage(request: FastifyRequest, reply: FastifyReply, inquiry: Inquiry, problems: Problem[] = []) {
    return reply.page('exports/import', {
      inquiry,
      base: inquiryPath(inquiry),
      problems: problemLines(listed(problems), languageOf(request)),
      problemsTotal: problems.length,
      maxMb,
    });
  }

  /** An answer sent before the whole upload was read: the connection closes, so the rest is never read. */
  function refuseUpload(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    inquiry: Inquiry,
    problem: Problem,
  ) {
    reply.header('connection', 'close');
    return uploadPage(request, reply.code(status), inquiry, [problem]);
  }

  const ownerOf = (request: FastifyRequest, inquiry: Inquiry): UploadOwner => ({
    allianceId: membershipOf(request).alliance_id,
    inquiryId: inquiry.id,
    userId: signedIn(request).id,
  });

  async function uploadOf(request: FastifyRequest, inquiry: Inquiry): Promise<KeptCsv> {
    const upload = await findCsvUpload(app.db, ownerOf(request, inquiry), idParam(request, 'uploadId'));
    if (!upload) throw notFound();
    return upload;
  }

  async function mappingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    inquiry: Inquiry,
    upload: KeptCsv,
    mapping: string[],
    outcome: { problems?: Problem[]; total?: number; ready?: number; formError?: string } = {},
  ) {
    const guide = await loadGuide(app.db, inquiry);
    const options = targets(guide);
    const titleQuestion = guide.questions.find((q) => q.kind === 'title');
    const columns = upload.header.map((name, i) => ({
      index: i,
      name,
      sample: preview(upload.sample[0]?.[i] ?? ''),
      options: options.map((o) => ({ ...o, selected: o.value === mapping[i] })),
    }));
    return reply.page('exports/mapping', {
      inquiry,
      base: inquiryPath(inquiry),
      action: `${inquiryPath(inquiry)}/import/${upload.id}`,
      filename: upload.file_name,
      rows: upload.rows,
      columns,
      // How "Title" and the question asking the teller for one differ, on a guide that has the question.
      titleQuestion: titleQuestion && options.find((o) => o.value === `q${titleQuestion.id}`)?.label,
      mapping: mapping.map((value, i) => ({ index: i, value })),
      problems: problemLines(listed(outcome.problems ?? [], outcome.total), languageOf(request)),
      problemsTotal: outcome.total ?? 0,
      ready: outcome.ready,
      formError: outcome.formError,
    });
  }

  app.get('/inquiries/:inquiryId/import', { config: IMPORTERS }, async (request, reply) =>
    uploadPage(request, reply, await inquiryOf(app, request)),
  );

  app.post(
    '/inquiries/:inquiryId/import',
    { config: { ...IMPORTERS, checksCsrfInStream: true } },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      if (!request.isMultipart())
        return uploadPage(request, reply.code(422), inquiry, [{ key: 'exports.problems.noFile' }]);
      const tooLarge = { key: 'exports.problems.tooLarge', params: { mb: maxMb } };
      if (Number(request.headers['content-length']) > maxImportBytes + FORM_ALLOWANCE)
        return refuseUpload(request, reply, 413, inquiry, tooLarge);
      const sent = await fileAfterToken(request, reply, 'file');
      if (!sent) return refuseUpload(request, reply, 422, inquiry, { key: 'exports.problems.noFile' });
      const stored = await storeCsvUpload(
        app.db,
        sent.part.file,
        ownerOf(request, inquiry),
        sent.part.filename,
        maxImportBytes,
      );
      if (!stored.ok) return refuseUpload(request, reply, stored.status, inquiry, stored.problem);
      for await (const extra of sent.rest) if (extra.type === 'file') extra.file.resume();
      return reply.redirect(`${inquiryPath(inquiry)}/import/${stored.uploadId}`, 303);
    },
  );

  /** A file imported already (a second press of Import, a form sent again): to its stories, saying so. */
  function importedAlready(request: FastifyRequest, reply: FastifyReply, inquiry: Inquiry, stories: number) {
    request.session.set('flash', stories === 1 ? 'exports.import.alreadyOne' : 'exports.import.already');
    return reply.redirect(`${inquiryPath(inquiry)}/stories`, 303);
  }

  /** The columns, with a first guess at what each is. */
  app.get('/inquiries/:inquiryId/import/:uploadId', { config: IMPORTERS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const upload = await uploadOf(request, inquiry);
    if (upload.imported_stories !== null) return importedAlready(request, reply, inquiry, upload.imported_stories);
    const table = { header: upload.header, rows: upload.sample.map((cells, i) => ({ line: i + 2, cells })) };
    return mappingPage(request, reply, inquiry, upload, guessMapping(table, await loadGuide(app.db, inquiry)));
  });

  /** Check every row against the mapping chosen, or import them all (checked again as they are written). */
  app.post<{ Body: FormBody }>(
    '/inquiries/:inquiryId/import/:uploadId',
    { schema: { body: FormBody }, config: { ...IMPORTERS, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      const upload = await uploadOf(request, inquiry);
      if (upload.imported_stories !== null) return importedAlready(request, reply, inquiry, upload.imported_stories);
      const body = request.body ?? {};
      const mapping = upload.header.map((_, i) => {
        const column = body[`map-${i}`];
        return typeof column === 'string' ? column : 'ignore';
      });
      if (request.csrfValid === false)
        return mappingPage(request, reply.code(422), inquiry, upload, mapping, { formError: 'forms.csrf' });
      const write = body.intent === 'import';
      const result = await importCsv(
        app.db,
        signedIn(request),
        inquiry,
        (trx) => streamCsv(csvUploadBytes(trx, upload)),
        mapping,
        { file: upload.file_name, write, context: await importContext(app.db, inquiry), uploadId: upload.id },
      );
      if (!result.ok)
        return mappingPage(request, reply.code(422), inquiry, upload, mapping, {
          problems: result.problems,
          total: result.total,
        });
      if (!write) return mappingPage(request, reply, inquiry, upload, mapping, { ready: result.count });
      if (result.already) return importedAlready(request, reply, inquiry, result.count);
      request.session.set('flash', result.count === 1 ? 'exports.import.doneOne' : 'exports.import.done');
      return reply.redirect(`${inquiryPath(inquiry)}/stories`, 303);
    },
  );
}
