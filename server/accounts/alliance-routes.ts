/** An alliance's home page: who you are in it, what your role lets you do, and (for coordinators) its people. */
import type { FastifyInstance } from 'fastify';
import { listAudit } from '../audit/store.ts';
import { actionText, detailOf } from '../audit/words.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { membershipOf } from '../web/auth.ts';
import { listPendingInvitations } from './invitations-store.ts';
import { countMembers, listOrganisations } from './members-store.ts';
import { can, rolesFor } from './permissions.ts';

export async function allianceOverviewRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { roles: rolesFor('seeAlliance') } }, async (request, reply) => {
    const membership = membershipOf(request);
    const allianceId = membership.alliance_id;
    const t = translator(languageOf(request));
    const recent = can(membership.role, 'readAuditLog') ? (await listAudit(app.db, allianceId)).events.slice(0, 5) : [];
    return reply.page('accounts/overview', {
      counts: await countMembers(app.db, allianceId),
      organisations: await listOrganisations(app.db, allianceId),
      pendingInvitations: can(membership.role, 'manageMembers')
        ? (await listPendingInvitations(app.db, allianceId)).length
        : 0,
      recent: recent.map((event) => ({ ...event, text: actionText(event, detailOf(event), t) })),
    });
  });
}
