/**
 * Importing a zip made by an export with files, from the web page, inside /alliances/:allianceId: the upload is
 * read as it streams (its own multipart registration, without buffering, unlike the JSON and CSV forms), so a zip
 * of long recordings is never held in memory. Coordinators only, as every import.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { fileAfterToken } from '../web/security.ts';
import type { Problem } from './import-csv.ts';
import { JSON_MAX_BYTES } from './import-routes.ts';
import { importZip } from './import-zip.ts';
import { languageOf, problemLines } from './problems-view.ts';

/** fflate writes no ZIP64, so a Hearth zip is under 4 GB; each file in it is held to the upload limit. */
const ZIP_MAX_BYTES = 4 * 1024 * 1024 * 1024 - 1;

export async function zipImportRoutes(app: FastifyInstance): Promise<void> {
  const { maxUploadBytes, maxRecordingSeconds } = app.config;
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: ZIP_MAX_BYTES, files: 1, fields: 2, parts: 3, fieldSize: 4096 },
  });

  function refuse(request: FastifyRequest, reply: FastifyReply, problems: Problem[]) {
    reply.header('connection', 'close');
    return reply.code(422).page('exports/import-json', {
      problems: problemLines(problems, languageOf(request)),
      maxMb: JSON_MAX_BYTES / 1024 / 1024,
    });
  }

  app.post(
    '/import/zip',
    { config: { roles: rolesFor('exportAndImport'), checksCsrfInStream: true } },
    async (request, reply) => {
      if (!request.isMultipart()) return refuse(request, reply, [{ key: 'exports.problems.noFile' }]);
      const upload = await fileAfterToken(request, reply);
      if (!upload) return refuse(request, reply, [{ key: 'exports.problems.noFile' }]);
      const allianceId = membershipOf(request).alliance_id;
      const limits = { maxBytes: maxUploadBytes, maxRecordingSeconds };
      const result = await importZip(
        app.db,
        signedIn(request),
        allianceId,
        upload.part.file,
        limits,
        languageOf(request),
      );
      upload.part.file.resume(); // whatever follows the zip's last file
      if (!result.ok) return refuse(request, reply, result.problems);
      const t = (key: string) => problemLines([{ key }], languageOf(request))[0]!.text;
      return reply.page('exports/import-zip-done', {
        inquiry: result.inquiry,
        inquiryHref: `/alliances/${allianceId}/inquiries/${result.inquiry.id}`,
        stories: result.stories,
        files: result.files,
        leftOut: result.refused.map((r) => ({ path: r.path, reason: t(r.key) })),
        // Said only when someone named in the file is not a member here, whose stories then have nobody.
        gatherers: result.gatherers.matched < result.gatherers.named ? result.gatherers : undefined,
      });
    },
  );
}
