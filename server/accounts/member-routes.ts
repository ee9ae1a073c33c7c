/** Coordinators manage the alliance's people: roles, removal, organisations. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { OrganisationForm, RoleForm } from './forms.ts';
import { addOrganisation, changeRole, listMembers, listOrganisations, removeMember } from './members-store.ts';
import { inOtherAlliances } from './password-resets-store.ts';
import { rolesFor } from './permissions.ts';

const MANAGE = { roles: rolesFor('manageMembers') };

/** Each member's row has its own role menu, field-role-<id>: its errors are keyed to match. */
function rowErrors(errors: FieldErrors, membershipId: number): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field === 'role' ? `role-${membershipId}` : field, message]),
  );
}

export async function memberRoutes(app: FastifyInstance): Promise<void> {
  async function membersPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; values?: FormValues } = {},
  ) {
    const allianceId = membershipOf(request).alliance_id;
    const members = await listMembers(app.db, allianceId);
    // No reset link button for someone it would be refused for: they say why instead.
    const elsewhere = await inOtherAlliances(
      app.db,
      signedIn(request).id,
      members.map((m) => m.user_id),
    );
    return reply.page('accounts/members', {
      members: members.map((m) => ({ ...m, resettable: !elsewhere.has(m.user_id) })),
      organisations: await listOrganisations(app.db, allianceId),
      roles: ROLES,
      errors: extra.errors ?? {},
      values: extra.values ?? {},
    });
  }

  app.get('/members', { config: MANAGE }, (request, reply) => membersPage(request, reply));

  app.post('/members/:membershipId/role', { config: MANAGE }, async (request, reply) => {
    const membershipId = idParam(request, 'membershipId');
    const form = readForm(request, RoleForm);
    if (!form.ok) return membersPage(request, reply.code(422), { errors: rowErrors(form.errors, membershipId) });
    const user = signedIn(request);
    const result = await changeRole(app.db, user, membershipOf(request).alliance_id, membershipId, form.value.role);
    if (result === 'notFound') throw notFound();
    if (result === 'lastCoordinator')
      return membersPage(request, reply.code(422), {
        errors: rowErrors({ role: 'members.lastCoordinator' }, membershipId),
      });
    request.session.set('flash', 'members.roleChanged');
    return reply.redirect(`/alliances/${membershipOf(request).alliance_id}/members`, 303);
  });

  app.get('/members/:membershipId/remove', { config: MANAGE }, async (request, reply) => {
    const membershipId = idParam(request, 'membershipId');
    const member = (await listMembers(app.db, membershipOf(request).alliance_id)).find(
      (m) => m.membership_id === membershipId,
    );
    if (!member) throw notFound();
    return reply.page('accounts/remove-member', { member });
  });

  app.post('/members/:membershipId/remove', { config: MANAGE }, async (request, reply) => {
    const membershipId = idParam(request, 'membershipId');
    const allianceId = membershipOf(request).alliance_id;
    const result = await removeMember(app.db, signedIn(request), allianceId, membershipId);
    if (result === 'notFound') throw notFound();
    if (result === 'lastCoordinator')
      return membersPage(request, reply.code(422), {
        errors: rowErrors({ role: 'members.lastCoordinator' }, membershipId),
      });
    request.session.set('flash', 'members.removed');
    return reply.redirect(`/alliances/${allianceId}/members`, 303);
  });

  app.post('/organisations', { config: { ...MANAGE, keepsFormOnCsrfFailure: true } }, async (request, reply) => {
    const form = readForm(request, OrganisationForm);
    if (!form.ok) return membersPage(request, reply.code(422), form);
    const allianceId = membershipOf(request).alliance_id;
    const result = await addOrganisation(app.db, signedIn(request), allianceId, form.value.organisationName);
    if (result === 'duplicate')
      return membersPage(request, reply.code(422), {
        errors: { organisationName: 'members.duplicateOrganisation' },
        values: form.values,
      });
    request.session.set('flash', 'members.organisationAdded');
    return reply.redirect(`/alliances/${allianceId}/members#organisations`, 303);
  });
}
