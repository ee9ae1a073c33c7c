/**
 * Invitations: coordinators make one-time links (shown once, to copy; no mail server needed) and revoke them;
 * the person invited opens the link and creates an account, or joins with the account they have.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { linkTo } from '../web/public-link.ts';
import { TokenParams } from '../web/schemas.ts';
import { InvitationForm, NewAccountForm } from './forms.ts';
import {
  createInvitation,
  findUsableInvitation,
  listPendingInvitations,
  revokeInvitation,
  spentInvitation,
  useInvitation,
} from './invitations-store.ts';
import { findOrganisation, listOrganisations } from './members-store.ts';
import { hashPassword } from './passwords.ts';
import { rolesFor } from './permissions.ts';
import { startSession } from './session-user.ts';
import { findUserByEmail, insertUser } from './users-store.ts';
import { withoutPasswords } from './welcome-routes.ts';

const MANAGE = { roles: rolesFor('manageMembers') };
/** Invitation links are long random tokens; the limit makes guessing pointless and stops floods. */
const LINK_LIMIT = { max: 30, timeWindow: '1 minute' };

/** Under /alliances/:allianceId: a coordinator's list of pending invitations, and making and revoking them. */
export async function invitationRoutes(app: FastifyInstance): Promise<void> {
  async function invitationsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; values?: FormValues; link?: string } = {},
  ) {
    const allianceId = membershipOf(request).alliance_id;
    return reply.page('accounts/invitations', {
      invitations: await listPendingInvitations(app.db, allianceId),
      organisations: await listOrganisations(app.db, allianceId),
      roles: ROLES,
      errors: extra.errors ?? {},
      values: extra.values ?? { role: 'interviewer' },
      link: extra.link,
    });
  }

  app.get('/invitations', { config: MANAGE }, (request, reply) => invitationsPage(request, reply));

  app.post('/invitations', { config: { ...MANAGE, keepsFormOnCsrfFailure: true } }, async (request, reply) => {
    const form = readForm(request, InvitationForm);
    if (!form.ok) return invitationsPage(request, reply.code(422), form);
    const allianceId = membershipOf(request).alliance_id;
    const organisationId = form.value.organisationId ? Number(form.value.organisationId) : null;
    if (organisationId && !(await findOrganisation(app.db, allianceId, organisationId))) {
      return invitationsPage(request, reply.code(422), {
        errors: { organisationId: 'forms.organisation' },
        values: form.values,
      });
    }
    const { token } = await createInvitation(app.db, signedIn(request), allianceId, {
      invitee: form.value.invitee,
      role: form.value.role,
      organisationId,
    });
    const link = linkTo(app, `/invitations/${token}`);
    return invitationsPage(request, reply.code(201), { link, values: { role: 'interviewer' } });
  });

  app.post('/invitations/:invitationId/revoke', { config: MANAGE }, async (request, reply) => {
    const allianceId = membershipOf(request).alliance_id;
    if (!(await revokeInvitation(app.db, signedIn(request), allianceId, idParam(request, 'invitationId'))))
      throw notFound();
    request.session.set('flash', 'invitations.revoked');
    return reply.redirect(`/alliances/${allianceId}/invitations`, 303);
  });
}

class LinkSpent extends Error {}

/** /invitations/:token, open to anyone holding the link. */
export async function invitationLinkRoutes(app: FastifyInstance): Promise<void> {
  // A link opened again after it was used, withdrawn or expired says so and when (410), not "Page not found".
  async function spentPage(reply: FastifyReply, token: string) {
    const spent = await spentInvitation(app.db, token);
    if (!spent) throw notFound();
    return reply.code(410).page('accounts/invitation-spent', spent);
  }

  app.get<{ Params: TokenParams }>(
    '/invitations/:token',
    { schema: { params: TokenParams }, config: { rateLimit: LINK_LIMIT } },
    async (request, reply) => {
      const invitation = await findUsableInvitation(app.db, request.params.token);
      if (!invitation) return spentPage(reply, request.params.token);
      return reply.page('accounts/accept-invitation', {
        invitation,
        values: {},
        errors: {},
        encodedPath: encodeURIComponent(request.url),
      });
    },
  );

  app.post<{ Params: TokenParams }>(
    '/invitations/:token',
    { schema: { params: TokenParams }, config: { rateLimit: LINK_LIMIT, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const invitation = await findUsableInvitation(app.db, request.params.token);
      if (!invitation) return spentPage(reply, request.params.token);
      const alliancePage = `/alliances/${invitation.alliance_id}`;

      if (request.user) {
        if (request.csrfValid === false)
          return reply
            .code(422)
            .page('accounts/accept-invitation', { invitation, values: {}, errors: { _form: 'forms.csrf' } });
        const user = request.user;
        const outcome = await app.db.transaction().execute((trx) => useInvitation(trx, invitation, user));
        if (outcome === 'gone') return spentPage(reply, request.params.token);
        request.session.set('flash', outcome === 'joined' ? 'invitations.joined' : 'invitations.alreadyMember');
        return reply.redirect(alliancePage, 303);
      }

      const form = readForm(request, NewAccountForm);
      const errors = form.ok ? {} : { ...form.errors };
      if (form.values.password !== form.values.repeatPassword && !errors.repeatPassword)
        errors.repeatPassword = 'forms.passwordsDiffer';
      if (form.ok && (await findUserByEmail(app.db, form.value.email))) errors.email = 'invitations.emailTaken';
      if (!form.ok || Object.keys(errors).length > 0) {
        return reply.code(422).page('accounts/accept-invitation', {
          invitation,
          values: withoutPasswords(form.values),
          errors,
          encodedPath: encodeURIComponent(request.url),
        });
      }
      const passwordHash = await hashPassword(form.value.password);
      const { name, email } = form.value;
      const user = await app.db
        .transaction()
        .execute(async (trx) => {
          const created = await insertUser(trx, { email, name, passwordHash, language: languageOf(request) });
          // Someone else used the link first: throwing rolls the new account back too.
          if ((await useInvitation(trx, invitation, created)) !== 'joined') throw new LinkSpent();
          return created;
        })
        .catch((error: unknown) => {
          if (error instanceof LinkSpent) return undefined;
          throw error;
        });
      if (!user) return spentPage(reply, request.params.token);
      startSession(request, user, 'invitations.welcome');
      return reply.redirect(alliancePage, 303);
    },
  );
}
