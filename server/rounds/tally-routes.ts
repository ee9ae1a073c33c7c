import type { FastifyInstance } from 'fastify';

export async function tallyRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
