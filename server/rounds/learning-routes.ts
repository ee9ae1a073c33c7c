import type { FastifyInstance } from 'fastify';

export async function learningRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
