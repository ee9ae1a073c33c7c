/** The questions an inquiry's tellers answer about their own story (self-signification), for the pattern views. */
import type { Db } from '../db/database.ts';
import type { Question } from '../db/schema.ts';

/** The inquiry's alliance and its current questions about the teller's own story, in the guide's order. */
export async function aboutStoryQuestions(
  db: Db,
  inquiryId: number,
): Promise<{ allianceId: number; questions: Question[] } | undefined> {
  const inquiry = await db.selectFrom('inquiries').select('alliance_id').where('id', '=', inquiryId).executeTakeFirst();
  if (!inquiry) return undefined;
  const questions = await db
    .selectFrom('questions')
    .selectAll()
    .where('inquiry_id', '=', inquiryId)
    .where('archived', '=', 0)
    .where('about_story', '=', 1)
    .orderBy('position')
    .execute();
  return { allianceId: inquiry.alliance_id, questions };
}
