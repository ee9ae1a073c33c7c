/**
 * Who is asking: loads the signed-in person from the session cookie, and guards routes by sign-in,
 * by alliance (someone outside an alliance gets 404, so its pages' existence is not revealed) and by role (403).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, User } from '../db/schema.ts';
import { findMembership, listMyAlliances, type MembershipInAlliance, type MyAlliance } from '../accounts/members-store.ts';
import { findUserById } from '../accounts/users-store.ts';
import { forbidden, notFound } from './errors.ts';
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
     * and show it again on this page after sign-in.
     */
    parkedFormPage?: (params: Record<string, string>) => string;
  }
  interface FastifyRequest {
    parkForm?: boolean;
  }
}

export const EVERY_ROLE: readonly Role[] = ['coordinator', 'interviewer', 'facilitator', 'reader'];

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

export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = request.method === 'GET' ? request.url : (request.headers.referer && new URL(request.headers.referer, 'http://x').pathname) || '/';
  return reply.redirect(`/sign-in?next=${encodeURIComponent(safeNext(next))}`, 303);
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
    if (!request.user && request.method === 'POST' && request.routeOptions.config.parkedFormPage) {
      request.parkForm = true; // the body is read next; the preHandler below keeps it
      return;
    }
    if (!request.user) return redirectToSignIn(request, reply);
    const allianceId = Number((request.params as { allianceId?: string }).allianceId);
    const membership = Number.isSafeInteger(allianceId) ? await findMembership(app.db, allianceId, request.user.id) : undefined;
    if (!membership) throw notFound();
    request.membership = membership;
    if (!request.routeOptions.config.roles?.includes(membership.role)) throw forbidden();
  });
  app.addHook('preHandler', async (request, reply) => {
    if (!request.parkForm) return;
    const page = request.routeOptions.config.parkedFormPage!(request.params as Record<string, string>);
    request.session.set('parked', await parkForm(app.db, page, request.body));
    return reply.redirect(`/sign-in?next=${encodeURIComponent(page)}&kept=1`, 303);
  });
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
