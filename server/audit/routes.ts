/** The audit log page: coordinators read every change in their alliance, newest first. */
import type { FastifyInstance } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { membershipOf } from '../web/auth.ts';
import { listAudit } from './store.ts';

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { before?: string } }>(
    '/audit',
    { config: { roles: rolesFor('readAuditLog') } },
    async (request, reply) => {
      const before = /^[0-9]{1,12}$/.test(request.query.before ?? '') ? Number(request.query.before) : undefined;
      const page = await listAudit(app.db, membershipOf(request).alliance_id, before);
      return reply.page('audit/log', {
        events: page.events.map((e) => ({ ...e, facts: facts(e.detail) })),
        nextBefore: page.nextBefore,
      });
    },
  );
}

/** The event's detail as "key: value" pairs for reading. */
function facts(detail: string): { key: string; value: string }[] {
  try {
    return Object.entries(JSON.parse(detail) as Record<string, unknown>).map(([key, value]) => ({
      key,
      value: value === null ? '—' : String(value),
    }));
  } catch {
    return [];
  }
}
