/** (being written) */
import type { FastifyInstance } from 'fastify';

export async function storyListRoutes(_app: FastifyInstance): Promise<void> {}
