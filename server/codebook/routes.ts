/** The codebook and tagging pages, registered inside the alliance scope (prefix /alliances/:allianceId). */
import type { FastifyInstance } from 'fastify';
import { codebookPageRoutes } from './codebook-routes.ts';
import { taggingRoutes } from './tagging-routes.ts';

export async function codebookRoutes(app: FastifyInstance): Promise<void> {
  await app.register(codebookPageRoutes);
  await app.register(taggingRoutes);
}
