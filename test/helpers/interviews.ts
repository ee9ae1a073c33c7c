/** Filling in interview forms in tests: a complete, valid interview for a guide, and counting what was stored. */
import { createInquiry, loadGuide, type Guide } from '../../server/inquiries/inquiries-store.ts';
import type { Db } from '../../server/db/database.ts';
import type { Method, User } from '../../server/db/schema.ts';
import type { Fields } from './agent.ts';

export const STORY_WORDS =
  '  When my son came home from hospital, the nurse and the housing officer met us at the door.\n\nIt changed everything — for the first time they talked to each other.  ';
export const WHY_WORDS = 'Because nobody had ever talked to each other before, and now they do.';
export const TITLE_WORDS = 'The day they met at the door';

export async function makeGuide(
  db: Db,
  allianceId: number,
  coordinator: User,
  method: Method = 'msc',
  title = 'Spring stories',
): Promise<Guide> {
  return loadGuide(db, await createInquiry(db, coordinator, allianceId, { title, method }));
}

export const questionOf = (guide: Guide, kind: string) => `q${guide.questions.find((q) => q.kind === kind)!.id}`;

/** Everything a recorded interview needs, answered; override any field. */
export function validInterview(guide: Guide, overrides: Fields = {}): Fields {
  const fields: Fields = {
    intent: 'record',
    route: 'interview',
    storyteller: 'Rose T.',
    toldOn: '2026-11-01',
    toldWhere: 'Harbour community centre',
    consent: ['panels', 'packs', 'quotes'],
    consentHow: 'spoken',
    consentOn: '2026-11-01',
  };
  if (guide.domains[0]) fields.domainId = String(guide.domains[0].id);
  for (const q of guide.questions) {
    if (!q.required) continue;
    fields[`q${q.id}`] =
      q.kind === 'story' ? STORY_WORDS : q.kind === 'why' ? WHY_WORDS : q.kind === 'title' ? TITLE_WORDS : 'An answer';
  }
  return { ...fields, ...overrides };
}

/** How many stories and answers are stored: to show a refused form wrote nothing. */
export async function storedCounts(db: Db) {
  const count = async (table: 'stories' | 'story_answers' | 'story_attributes' | 'story_versions') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    stories: await count('stories'),
    answers: await count('story_answers'),
    attributes: await count('story_attributes'),
    versions: await count('story_versions'),
  };
}
