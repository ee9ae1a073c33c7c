/** The audit log page: coordinators read every change in their alliance, newest first, in their own words. */
import type { FastifyInstance } from 'fastify';
import type { TFunction } from 'i18next';
import { rolesFor } from '../accounts/permissions.ts';
import type { AuditEvent } from '../db/schema.ts';
import { membershipOf } from '../web/auth.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { describeFacts } from './facts.ts';
import { lookups, type Lookups } from './lookups.ts';
import { actionText, actorText, detailOf } from './words.ts';
import { listAudit } from './store.ts';
import { describeSubject } from './subjects.ts';

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { before?: string } }>(
    '/audit',
    { config: { roles: rolesFor('readAuditLog') } },
    async (request, reply) => {
      const before = /^[0-9]{1,12}$/.test(request.query.before ?? '') ? Number(request.query.before) : undefined;
      const membership = membershipOf(request);
      const page = await listAudit(app.db, membership.alliance_id, before);
      const lang = languageOf(request);
      const t = translator(lang);
      const look = lookups(app.db, membership.alliance_id);
      const base = `/alliances/${membership.alliance_id}`;
      const events = [];
      // One at a time: SQLite has one connection, and each loader remembers what it found for the rows after.
      for (const event of page.events)
        events.push(await describeEvent(event, look, t, lang, base, membership.alliance_name));
      return reply.page('audit/log', { events, nextBefore: page.nextBefore });
    },
  );
}

async function describeEvent(
  event: AuditEvent,
  look: Lookups,
  t: TFunction,
  lang: string,
  base: string,
  allianceName: string,
) {
  const detail = detailOf(event);
  const joined = event.action === 'member.added' && event.actor_user_id === detail.userId;
  const subject = await describeSubject(event, detail, look, t, base, allianceName);
  return {
    created_at: event.created_at,
    actor_name: actorText(event, t),
    action: actionText(event, detail, t),
    subject,
    // Joining says its role in the sentence already.
    facts: joined ? [] : await describeFacts(event, detail, look, t, lang, subject.text),
  };
}
