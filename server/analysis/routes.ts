/** The codebook and tagging pages, registered inside the alliance scope (prefix /alliances/:allianceId). */
import type { FastifyInstance } from 'fastify';
import { codebookRoutes } from './codebook-routes.ts';
import { taggingRoutes } from './tagging-routes.ts';

export async function analysisRoutes(app: FastifyInstance): Promise<void> {
  await app.register(codebookRoutes);
  await app.register(taggingRoutes);
}
