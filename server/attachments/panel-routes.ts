/**
 * A story's recording played on a round's reading page, at /rounds/:roundId/take-part/stories/:storyId/recording:
 * for the round's participants (guests with its code, members, readers added to the panel), only for a story they
 * may read in the round, and only where the teller agreed to panels hearing it (hearableRecording asks the consent
 * projection). Everything else answers 404.
 */
import type { FastifyInstance } from 'fastify';
import { participantGuard, takingPart } from '../rounds/participant-guard.ts';
import { roundStory } from '../rounds/rounds-store.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { hearableRecording } from './attachments-store.ts';
import { sendFile } from './serve.ts';

/** The stages in which a panel reads its stories (as the reading page itself). */
const READING = new Set(['reading', 'voting', 'deciding']);

export async function panelRecordingRoutes(pages: FastifyInstance): Promise<void> {
  await pages.register(async (part) => {
    part.addHook('preHandler', participantGuard(part));
    part.get('/rounds/:roundId/take-part/stories/:storyId/recording', async (request, reply) => {
      const { round, audience } = takingPart(request);
      if (!READING.has(round.stage)) throw notFound();
      const story = await roundStory(part.db, round, idParam(request, 'storyId'), audience);
      const file = story && (await hearableRecording(part.db, round.alliance_id, story.id, audience));
      if (!story || !file) throw notFound();
      return sendFile(part.db, request, reply, file, `${story.code}-recording`);
    });
  });
}
