/** (being written) */
import type { FastifyInstance } from 'fastify';

export async function storyCareRoutes(_app: FastifyInstance): Promise<void> {}
