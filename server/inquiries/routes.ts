/** Inquiries and their guides, under /alliances/:allianceId (every route names the roles that may use it). */
import type { FastifyInstance } from 'fastify';
import { attributeRoutes } from './attribute-routes.ts';
import { domainRoutes } from './domain-routes.ts';
import { inquiryRoutes } from './inquiry-routes.ts';
import { questionRoutes } from './question-routes.ts';
import { settingsRoutes } from './settings-routes.ts';

export async function inquiriesRoutes(app: FastifyInstance): Promise<void> {
  await app.register(inquiryRoutes);
  await app.register(settingsRoutes);
  await app.register(domainRoutes);
  await app.register(questionRoutes);
  await app.register(attributeRoutes);
}
