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

/** A fact's value as words: a list or a set of filters spelt out ("domainId 2, status recorded"), never "[object Object]". */
function readable(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(readable).join(', ') : '—';
  if (typeof value === 'object') {
    const parts = Object.entries(value).filter(
      ([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && !v.length),
    );
    return parts.length ? parts.map(([k, v]) => `${k} ${readable(v)}`).join(', ') : '—';
  }
  return String(value);
}

/** The event's detail as "key: value" pairs for reading. */
function facts(detail: string): { key: string; value: string }[] {
  try {
    return Object.entries(JSON.parse(detail) as Record<string, unknown>).map(([key, value]) => ({
      key,
      value: readable(value),
    }));
  } catch {
    return [];
  }
}
