/** (being written) */
import type { FastifyInstance } from 'fastify';

export async function collectionsRoutes(_app: FastifyInstance): Promise<void> {}
