import type { FastifyInstance } from 'fastify';

export async function decisionRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
