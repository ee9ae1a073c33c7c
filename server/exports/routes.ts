/**
 * Exports and imports, inside /alliances/:allianceId. Coordinators only: an export takes stories out of Hearth,
 * where consent can no longer be enforced or a withdrawal carried out, so one accountable role decides it (the
 * coordinator sets up the consent wording and runs the cycle); imports add stories to an inquiry wholesale.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { inquiryOf, inquiryPath } from '../inquiries/route-helpers.ts';
import { countsFor, downloadFile, parseDownload, singleStoryExport } from './download.ts';
import { fileTotals } from './files.ts';
import { jsonImportRoutes } from './import-routes.ts';
import { findStory } from '../stories/store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { JSON_MAX_BYTES } from './import-routes.ts';
import type { Upload } from './upload.ts';

const EXPORTERS = { roles: rolesFor('exportAndImport') };

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: JSON_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024 * 1024 },
    async onFile(part) {
      const bytes = await part.toBuffer();
      (part as unknown as { value: Upload }).value = { bytes, truncated: part.file.truncated, filename: part.filename };
    },
  });

  async function exportPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Record<string, string>; values?: Record<string, string> } = {},
  ) {
    const inquiry = await inquiryOf(app, request);
    const files = await fileTotals(app.db, inquiry);
    // Megabytes to one decimal place: enough to judge whether the download will fit.
    const mb = (bytes: number) => Math.round(bytes / 100_000) / 10;
    return reply.page('exports/export', {
      inquiry,
      base: inquiryPath(inquiry),
      counts: await countsFor(app.db, inquiry),
      files: {
        team: { count: files.team.count, mb: mb(files.team.bytes) },
        funders: { count: files.funders.count, mb: mb(files.funders.bytes) },
      },
      errors: extra.errors ?? {},
      values: extra.values ?? { format: 'csv' },
    });
  }

  app.get('/inquiries/:inquiryId/export', { config: EXPORTERS }, (request, reply) => exportPage(request, reply));

  app.get('/inquiries/:inquiryId/export/download', { config: EXPORTERS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const choice = parseDownload(request.query);
    if (!choice.ok) return exportPage(request, reply.code(422), { errors: choice.errors, values: choice.values });
    const file = await downloadFile(app.db, signedIn(request), inquiry, choice.value);
    return reply.header('content-disposition', `attachment; filename="${file.name}"`).type(file.type).send(file.body);
  });

  /** One story as a Hearth JSON export; a withdrawn story or a draft says why it cannot be. */
  app.get('/stories/:storyId/export', { config: EXPORTERS }, async (request, reply) => {
    const allianceId = membershipOf(request).alliance_id;
    const state = await findStory(app.db, allianceId, idParam(request, 'storyId'));
    if (!state) throw notFound();
    if (state.withdrawn_at || state.status === 'withdrawn' || state.status === 'draft') {
      const reason = state.status === 'draft' ? 'draft' : 'withdrawn';
      return reply.code(reason === 'draft' ? 409 : 410).page('exports/not-exported', {
        code: state.code,
        reason,
        storyPath: `/alliances/${allianceId}/stories/${state.id}`,
      });
    }
    const file = await singleStoryExport(app.db, signedIn(request), allianceId, state);
    return reply.header('content-disposition', `attachment; filename="${file.name}"`).type(file.type).send(file.body);
  });

  await app.register(jsonImportRoutes);
}
