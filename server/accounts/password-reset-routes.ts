/**
 * Password resets: a coordinator makes a one-time link for a member of their alliance (shown once, to copy and
 * hand over; no mail server needed) and can revoke it; the member opens it and chooses a new password.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { membershipOf, signedIn } from '../web/auth.ts';
import { HttpError, notFound } from '../web/errors.ts';
import { readForm, type FieldErrors } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { linkTo } from '../web/public-link.ts';
import { TokenParams } from '../web/schemas.ts';
import { NewAccountForm } from './forms.ts';
import { hashPassword } from './passwords.ts';
import { rolesFor } from './permissions.ts';
import {
  createPasswordReset,
  findPendingReset,
  findResetByToken,
  findResetMember,
  mayResetPassword,
  revokePasswordReset,
  usePasswordReset,
  type ResetMember,
  type ResetWithPerson,
} from './password-resets-store.ts';

const MANAGE = { roles: rolesFor('manageMembers') };
/** As for invitation links: long random tokens, so the limit makes guessing pointless and stops floods. */
const LINK_LIMIT = { max: 30, timeWindow: '1 minute' };
/** The same rules as choosing a password on sign-up. */
const NewPasswordForm = Type.Pick(NewAccountForm, ['password', 'repeatPassword']);

/** Under /alliances/:allianceId: making and revoking a member's reset link. */
export async function passwordResetRoutes(app: FastifyInstance): Promise<void> {
  async function member(request: FastifyRequest): Promise<ResetMember> {
    const found = await findResetMember(app.db, membershipOf(request).alliance_id, idParam(request, 'membershipId'));
    if (!found) throw notFound();
    return found;
  }

  async function linkPage(reply: FastifyReply, allianceId: number, person: ResetMember, link?: string) {
    return reply.page('accounts/reset-link', {
      member: person,
      resettable: await mayResetPassword(app.db, signedIn(reply.request).id, person.user_id),
      link,
      pending: await findPendingReset(app.db, allianceId, person.user_id),
    });
  }

  app.get('/members/:membershipId/password-reset', { config: MANAGE }, async (request, reply) =>
    linkPage(reply, membershipOf(request).alliance_id, await member(request)),
  );

  app.post('/members/:membershipId/password-reset', { config: MANAGE }, async (request, reply) => {
    const person = await member(request);
    const allianceId = membershipOf(request).alliance_id;
    if (!(await mayResetPassword(app.db, signedIn(request).id, person.user_id))) {
      request.session.set('flash', 'passwordReset.otherAlliance');
      return reply.redirect(`/alliances/${allianceId}/members`, 303);
    }
    const { token } = await createPasswordReset(app.db, signedIn(request), allianceId, person);
    return linkPage(reply.code(201), allianceId, person, linkTo(app, `/password-reset/${token}`));
  });

  app.post('/members/:membershipId/password-reset/:resetId/revoke', { config: MANAGE }, async (request, reply) => {
    const person = await member(request);
    const allianceId = membershipOf(request).alliance_id;
    if (!(await revokePasswordReset(app.db, signedIn(request), allianceId, person, idParam(request, 'resetId'))))
      throw notFound();
    request.session.set('flash', 'passwordReset.revoked');
    return reply.redirect(`/alliances/${allianceId}/members/${person.membership_id}/password-reset`, 303);
  });
}

/** /password-reset/:token, open to whoever holds the link (no sign-in needed). */
export async function passwordResetLinkRoutes(app: FastifyInstance): Promise<void> {
  /** The usable link; otherwise a page saying plainly that it no longer works (404 when there never was one). */
  async function usable(token: string): Promise<ResetWithPerson> {
    const found = await findResetByToken(app.db, token);
    if (found?.state !== 'usable') throw gone(found ? 410 : 404);
    return found.reset;
  }

  const gone = (status: number) => new HttpError(status, 'passwordReset.gone');
  const form = (reply: FastifyReply, reset: ResetWithPerson, errors: FieldErrors = {}) =>
    reply.page('accounts/reset', { person: { name: reset.name, email: reset.email }, errors });

  app.get<{ Params: TokenParams }>(
    '/password-reset/:token',
    { schema: { params: TokenParams }, config: { rateLimit: LINK_LIMIT } },
    async (request, reply) => {
      return form(reply, await usable(request.params.token));
    },
  );

  app.post<{ Params: TokenParams }>(
    '/password-reset/:token',
    { schema: { params: TokenParams }, config: { rateLimit: LINK_LIMIT, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const reset = await usable(request.params.token);
      const read = readForm(request, NewPasswordForm);
      const errors = read.ok ? {} : { ...read.errors };
      if (read.values.password !== read.values.repeatPassword && !errors.repeatPassword)
        errors.repeatPassword = 'forms.passwordsDiffer';
      // The passwords typed are never sent back: the form is shown empty, with the messages.
      if (!read.ok || Object.keys(errors).length > 0) return form(reply.code(422), reset, errors);
      const outcome = await usePasswordReset(app.db, reset, await hashPassword(read.value.password));
      if (outcome === 'gone') throw gone(410);
      // A fresh session: this person is now signed out everywhere, and on a shared device nobody else stays signed in.
      request.session.regenerate();
      request.session.set('flash', 'passwordReset.done');
      return reply.redirect('/sign-in', 303);
    },
  );
}
