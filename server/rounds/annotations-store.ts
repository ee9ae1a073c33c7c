/** The comments participants leave on a round's story, optionally on a passage. */
import { recordAudit } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Round, RoundParticipant } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { onStory } from '../stories/hooks.ts';
import { participantActor } from './participants-store.ts';

export interface AnnotationView {
  id: number;
  author: string;
  guest: boolean;
  quote: string;
  comment: string;
  created_at: string;
  /** Where the passage was, for highlighting it in the story (null for a comment on the whole story). */
  answer_position: number | null;
  start_offset: number | null;
}

/** This round's comments on the story, oldest first, with who wrote them. */
export async function listAnnotations(db: Db, roundId: number, storyId: number): Promise<AnnotationView[]> {
  const rows = await db
    .selectFrom('annotations')
    .innerJoin('round_participants', 'round_participants.id', 'annotations.participant_id')
    .select([
      'annotations.id',
      'round_participants.display_name as author',
      'round_participants.user_id',
      'annotations.quote',
      'annotations.answer_position',
      'annotations.start_offset',
      'annotations.comment',
      'annotations.created_at',
    ])
    .where('annotations.round_id', '=', roundId)
    .where('annotations.story_id', '=', storyId)
    .orderBy('annotations.id')
    .execute();
  return rows.map(({ user_id, ...r }) => ({ ...r, guest: user_id === null }));
}

export interface NewAnnotation {
  storyId: number;
  comment: string;
  passage?: { answerPosition: number; start: number; end: number; quote: string };
}

export async function addAnnotation(
  db: Db,
  round: Round,
  participant: RoundParticipant,
  note: NewAnnotation,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('annotations')
      .values({
        round_id: round.id,
        story_id: note.storyId,
        participant_id: participant.id,
        answer_position: note.passage?.answerPosition ?? null,
        start_offset: note.passage?.start ?? null,
        end_offset: note.passage?.end ?? null,
        quote: note.passage?.quote ?? '',
        comment: note.comment,
        created_at: iso(now),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId: round.alliance_id,
        actor: participantActor(participant),
        action: 'round.annotation_added',
        subjectType: 'round',
        subjectId: round.id,
        detail: { story: note.storyId, annotation: row.id },
      },
      now,
    );
  });
}

/** Panels' comments quote a withdrawn story's words: they go; the panel's choices and reasons stay (outputs hide the story). */
export async function forgetAnnotations(db: Db, storyId: number): Promise<void> {
  await db.deleteFrom('annotations').where('story_id', '=', storyId).execute();
}

onStory('rounds', { withdrawn: forgetAnnotations });
