import type { FastifyInstance } from 'fastify';

export async function feedbackRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
