/**
 * Who is asking: loads the signed-in person from the session cookie, and guards routes by sign-in,
 * by alliance (someone outside an alliance gets 404, so its pages' existence is not revealed; someone removed from it
 * gets 403, saying so) and by role (403).
 */
import CSRF from '@fastify/csrf';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, User } from '../db/schema.ts';
import {
  findMembership,
  formerAlliance,
  listMyAlliances,
  type MembershipInAlliance,
  type MyAlliance,
} from '../accounts/members-store.ts';
import { findUserById } from '../accounts/users-store.ts';
import { forbidden, notFound } from './errors.ts';
import { noLongerMember } from './former-member.ts';
import { sentField } from './forms.ts';
import { translator } from './i18n.ts';
import { languageOf } from './language.ts';
import { paramsOf } from './params.ts';
import { parkForm } from './parked-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User | null;
    myAlliances?: MyAlliance[];
    membership?: MembershipInAlliance;
  }
  interface FastifyContextConfig {
    /** Who may use an alliance route. Every alliance route must say. */
    roles?: readonly Role[];
    /**
     * For forms people spend a long time on: when the post arrives after the session expired, keep what was typed
     * and show it again on this page after sign-in (to the same person only; see parkingOwner).
     */
    parkedFormPage?: (params: Record<string, string>) => string;
    /**
     * A route that answers JSON to a script (an interview sent from the field): signed out, it answers 401 with a
     * JSON message instead of sending the browser to sign in; its errors are JSON too (errors.ts).
     */
    answersJson?: boolean;
  }
  interface FastifyRequest {
    /** A signed-out post to keep for this person (whose session expired): set before the body is read. */
    parkFormFor?: number;
    /** The alliance of this route that the signed-in person was removed from: its form is answered, never run. */
    formerAlliance?: { id: number; name: string };
  }
}

/** onRequest hook: sets request.user from the session, if it is still valid. */
export async function loadUser(this: FastifyInstance, request: FastifyRequest): Promise<void> {
  const userId = request.session.get('userId');
  if (!userId) return;
  const user = await findUserById(this.db, userId);
  if (!user || user.session_version !== request.session.get('sv')) {
    request.session.delete();
    return;
  }
  request.user = user;
  request.myAlliances = await listMyAlliances(this.db, user.id);
}

/**
 * Only a local path may be a "return to" address, never another site. Control characters are refused too:
 * browsers drop tabs and newlines from addresses, so "/<tab>/evil.example" would lead to //evil.example.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])/.test(next) || /\p{Cc}/u.test(next)) return '/';
  // A Location header carries ASCII only: other characters go percent-encoded (a lone surrogate can't be: home).
  try {
    return next.replace(/[^\x21-\x7e]+/gu, (s) => encodeURIComponent(s));
  } catch {
    return '/';
  }
}

/**
 * The path of the page a form was posted from, or / when the Referer is missing or unusable. Any header can hold
 * anything (a port of 99999, "http://[", kilobytes of junk): a bad one must not turn a redirect into a 500.
 */
function refererPath(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (!referer || referer.length > 2000) return '/';
  try {
    return new URL(referer).pathname; // a Referer is a whole address: anything else is unusable
  } catch {
    return '/';
  }
}

/** 303 to sign-in, coming back to `next` (by default this page, or for a post the page it was sent from). */
export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply, next?: string): FastifyReply {
  next ??= request.method === 'GET' ? request.url : refererPath(request);
  return reply.redirect(`/sign-in?next=${encodeURIComponent(safeNext(next))}`, 303);
}

/** 401 for a script: sign in first (a page would be sent to the sign-in page instead). */
function signInFirst(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const message = translator(languageOf(request))('errors.signedOut');
  return reply.code(401).send({ status: 'signIn', error: 'errors.signedOut', message });
}

/** onRequest hook for routes that need a signed-in person. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
  if (!request.user) return redirectToSignIn(request, reply);
}

/**
 * Registers routes under /alliances/:allianceId: signed-in members of that alliance only, each route limited
 * to the roles its config names.
 */
export async function allianceRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (!route.config?.roles) throw new Error(`${route.method} ${route.url}: an alliance route must list its roles`);
  });
  app.addHook('onRequest', async (request, reply) => {
    const parkedFormPage = request.routeOptions.config.parkedFormPage;
    if (!request.user && request.method === 'POST' && parkedFormPage) {
      const owner = await parkingOwner(app, request);
      if (owner === undefined) return redirectToSignIn(request, reply, parkedFormPage(paramsOf(request)));
      request.parkFormFor = owner; // the body is read next; the preHandler below keeps it
      return;
    }
    if (!request.user)
      return request.routeOptions.config.answersJson ? signInFirst(request, reply) : redirectToSignIn(request, reply);
    const allianceId = Number(paramsOf(request).allianceId);
    const membership = Number.isSafeInteger(allianceId)
      ? await findMembership(app.db, allianceId, request.user.id)
      : undefined;
    if (!membership) {
      // Removed from it (say while typing an interview): refused all the same, but told why, and a form's words are
      // shown to copy once its body is read (preValidation, before any check of it could refuse it first).
      const former =
        Number.isSafeInteger(allianceId) && !request.routeOptions.config.answersJson
          ? await formerAlliance(app.db, allianceId, request.user.id)
          : undefined;
      if (!former) throw notFound(); // never a member: as if it did not exist
      if (request.method !== 'POST') return noLongerMember(request, reply, former);
      request.formerAlliance = former;
      return;
    }
    request.membership = membership;
    if (!request.routeOptions.config.roles?.includes(membership.role)) throw forbidden();
  });
  app.addHook('preValidation', async (request, reply) => {
    if (request.formerAlliance) return noLongerMember(request, reply, request.formerAlliance, request.body);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.parkFormFor === undefined) return;
    const page = request.routeOptions.config.parkedFormPage!(paramsOf(request));
    // The form must carry a token made for the expired session: proof it was typed on a page Hearth gave this browser.
    const token = sentField(request, '_csrf');
    const fromOurPage = csrfTokens.verify(
      request.expiredSession?.csrfSecret ?? '',
      typeof token === 'string' ? token : '',
    );
    const parked = fromOurPage
      ? await parkForm(app.db, { page, body: request.body, userId: request.parkFormFor, address: request.ip })
      : undefined;
    if (!parked) return redirectToSignIn(request, reply, page); // over a limit: nothing kept, and the page won't say so
    request.session.set('parked', parked);
    return reply.redirect(`/sign-in?next=${encodeURIComponent(page)}&kept=1`, 303);
  });
}

/** The same tokens as security.ts's CSRF check (default options), to check a form against an expired session. */
const csrfTokens = CSRF();

/**
 * Who a signed-out post may be kept for: the person of this browser's expired but authentic session (the cookie
 * decrypted, its sign-out-everywhere version still current), when the browser says the post came from this site.
 * No cookie, a forged or ended one, or a cross-site post: nobody, so nothing is stored.
 */
async function parkingOwner(app: FastifyInstance, request: FastifyRequest): Promise<number | undefined> {
  const expired = request.expiredSession;
  if (!expired || !fromThisSite(request)) return undefined;
  const user = await findUserById(app.db, expired.userId);
  return user && user.session_version === expired.sv ? user.id : undefined;
}

/** False when the browser says the request came from another site (Sec-Fetch-Site, or an Origin of another host). */
function fromThisSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const from = new URL(origin);
    return new URL(`${from.protocol}//${request.host}`).host === from.host; // read alike, so ":80" counts as no port
  } catch {
    return false; // "null" (a sandboxed or privacy-sensitive context) or junk
  }
}

/** The alliance and membership of an alliance route (set by its guard). */
export function membershipOf(request: FastifyRequest): MembershipInAlliance {
  if (!request.membership) throw notFound();
  return request.membership;
}

/** The signed-in person on a route guarded by requireUser or allianceRoutes. */
export function signedIn(request: FastifyRequest): User {
  if (!request.user) throw forbidden();
  return request.user;
}
