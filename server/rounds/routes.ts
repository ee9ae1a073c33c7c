/** Sense-making rounds: the facilitator's pages (inside an alliance) and the participants' pages (members or guests). */
import type { FastifyInstance } from 'fastify';
import { decisionRoutes } from './decision-routes.ts';
import { feedbackRoutes } from './feedback-routes.ts';
import { participantRoutes } from './participant-routes.ts';
import { setupRoutes } from './setup-routes.ts';
import { tallyRoutes } from './tally-routes.ts';

/** Registered inside /alliances/:allianceId: every route lists its roles. */
export async function roundRoutes(alliance: FastifyInstance): Promise<void> {
  await alliance.register(setupRoutes);
  await alliance.register(tallyRoutes);
  await alliance.register(decisionRoutes);
  await alliance.register(feedbackRoutes);
}

/** Registered outside the alliance scope: /join and /rounds/:roundId/…, for guests with a code and for members. */
export async function roundParticipantRoutes(pages: FastifyInstance): Promise<void> {
  await pages.register(participantRoutes);
}
