/**
 * Who is taking part on /rounds/:roundId/take-part/…: a guest by the participants their browser's session holds,
 * or a signed-in member of the round's alliance who joined it. Opening the pages joins nobody: a member not yet on
 * the panel is offered a "Join this round" button (while it can be joined), and any other page sends them there. A
 * reader (often a funder) takes part only once a facilitator has added them to the panel, and reads as funders do.
 * Someone with neither is sent to sign in; a guest reaching into a round they did not join, or anyone outside the
 * alliance, gets 404. A closed round answers 410 "This round has closed" and accepts nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findMembership } from '../accounts/members-store.ts';
import { can } from '../accounts/permissions.ts';
import type { Round, RoundParticipant } from '../db/schema.ts';
import { audienceOf, type Audience } from '../stories/consent.ts';
import { redirectToSignIn } from '../web/auth.ts';
import { HttpError, notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { findGuestParticipant, findMemberParticipant } from './participants-store.ts';
import { findRoundById } from './rounds-store.ts';
import { canJoin } from './stages.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The round participants this browser joined as a guest (a phone may be in more than one round). */
    participants: number[];
  }
}

export interface TakingPart {
  round: Round;
  participant: RoundParticipant;
  /** Whose eyes the pages are for: a reader on the panel sees only what tellers agreed funders may see. */
  audience: Audience;
}

/** A reader who was not added to the round's panel. */
export const notOnPanel = () => new HttpError(403, 'panel.errors.readerNotOnPanel');

declare module 'fastify' {
  interface FastifyRequest {
    takingPart?: TakingPart;
  }
}

/** A browser keeps at most this many guest participants (the cookie stays small). */
const HELD = 20;

export function heldParticipants(request: FastifyRequest): number[] {
  const held = request.session.get('participants');
  return Array.isArray(held) ? held.filter((id) => Number.isSafeInteger(id)) : [];
}

export function rememberParticipant(request: FastifyRequest, participantId: number): void {
  request.session.set(
    'participants',
    [...heldParticipants(request).filter((id) => id !== participantId), participantId].slice(-HELD),
  );
}

/** preHandler for the take-part routes: sets request.takingPart, or answers for them. */
export function participantGuard(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> => {
    const held = heldParticipants(request);
    if (!request.user && held.length === 0) return redirectToSignIn(request, reply);
    const round = await findRoundById(app.db, idParam(request, 'roundId'));
    if (!round) throw notFound();
    const closed = round.stage === 'closed';
    let participant: RoundParticipant | undefined;
    const membership = request.user ? await findMembership(app.db, round.alliance_id, request.user.id) : undefined;
    const audience = membership ? audienceOf(membership.role) : 'team';
    if (membership && request.user) {
      participant = await findMemberParticipant(app.db, round.id, request.user.id);
      if (!participant && !closed && !can(membership.role, 'joinAnyPanel')) throw notOnPanel();
      if (!participant && !closed) return notJoined(request, reply, round);
    }
    participant ??= await findGuestParticipant(app.db, round.id, held);
    if (!participant && !(membership && closed)) throw notFound();
    if (closed || !participant) return reply.code(410).page('rounds/take-part', { round, closed: true });
    request.takingPart = { round, participant, audience };
  };
}

/** A member not on the panel: the round's home page offers to join it (or says it is too late); others lead there. */
async function notJoined(request: FastifyRequest, reply: FastifyReply, round: Round): Promise<FastifyReply> {
  const home = `/rounds/${round.id}/take-part`;
  if (request.method !== 'GET' || request.routeOptions.url !== '/rounds/:roundId/take-part')
    return reply.redirect(home, 303);
  return reply.page('rounds/take-part', {
    pageTitle: `${translator(languageOf(request))('rounds.take-part.title')} · ${round.name}`,
    round,
    notJoined: true,
    // The join form posts the round's code as /join does, with the member's own name (a member joins by account).
    join: canJoin(round) ? { code: round.join_code, name: request.user?.name } : undefined,
  });
}

export function takingPart(request: FastifyRequest): TakingPart {
  if (!request.takingPart) throw notFound();
  return request.takingPart;
}
