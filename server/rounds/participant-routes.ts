import type { FastifyInstance } from 'fastify';

export async function participantRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
