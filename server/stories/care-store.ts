/** Caring for a recorded story: reading it back, verifying it, withdrawing it, and who did the care, by name. */
import { namesOf } from '../accounts/users-store.ts';
import { latestAuditEventAmong, recordAudit, type Actor } from '../audit/store.ts';
import type { Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Story } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import { storyWithdrawn } from './hooks.ts';
import type { StoriesTable } from './stories.table.ts';
import { unindexStory } from './search.ts';

/** The people behind a story's read-back and verification, by name, for the pages that show them. */
export async function carersOf(
  db: Db,
  story: Pick<Story, 'read_back_by' | 'verified_by'>,
): Promise<{ readBackBy: string | null; verifiedBy: string | null }> {
  const names = await namesOf(db, [story.read_back_by, story.verified_by]);
  const nameOf = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return { readBackBy: nameOf(story.read_back_by), verifiedBy: nameOf(story.verified_by) };
}

/**
 * Withdraws a story at the teller's request: its words go from the database — answers, attributes, versions,
 * title, search entry — and only the code, dates and an audit event (without content) remain.
 */
export async function withdrawStory(
  db: Db,
  actor: Actor | null,
  actorName: string,
  story: Story,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('story_answers').where('story_id', '=', story.id).execute();
    await trx.deleteFrom('story_attributes').where('story_id', '=', story.id).execute();
    await trx.deleteFrom('story_versions').where('story_id', '=', story.id).execute();
    await unindexStory(trx, story.id);
    // Analysis, places in themes, tags with their quotes, panels' comments: each capability deletes its own.
    await storyWithdrawn(trx, story.id);
    await trx
      .updateTable('stories')
      .set({
        status: 'withdrawn',
        withdrawn_at: iso(now),
        title: '',
        storyteller: '',
        told_where: '',
        read_back_changes: null,
        verification_note: '',
        word_count: 0,
        updated_at: iso(now),
      })
      .where('id', '=', story.id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: story.alliance_id,
        actor: actor ?? { id: 0, name: actorName },
        action: 'story.withdrawn',
        subjectType: 'story',
        subjectId: story.id,
        detail: { code: story.code },
      },
      now,
    );
  });
}

/** What is audited when a story is withdrawn, its words or consent change, or a file of it goes. */
const CHANGED = ['story.withdrawn', 'story.edited', 'story.updated', 'story.file_removed'] as const;

/**
 * A mark that moves whenever a story of the alliance is withdrawn, edited (its consent too) or loses a file: an
 * output made before it moved may show what a teller has since taken back (a PDF kept for a day is not handed out).
 */
export async function storyChangesMark(db: Db, allianceId: number): Promise<string> {
  return `stories:${await latestAuditEventAmong(db, allianceId, CHANGED)}`;
}

/** Changes the story for one step of care and records the step, together. */
async function recordCare(
  db: Db,
  actor: Actor,
  story: Story,
  change: Updateable<StoriesTable>,
  action: 'story.read_back' | 'story.verified',
  on: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('stories')
      .set({ ...change, updated_at: iso(now) })
      .where('id', '=', story.id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: story.alliance_id,
        actor,
        action,
        subjectType: 'story',
        subjectId: story.id,
        detail: { code: story.code, on },
      },
      now,
    );
  });
}

/** Records that the story was read back to the teller, and what they changed ('' for nothing). */
export async function recordReadBack(
  db: Db,
  actor: Actor,
  story: Story,
  fields: { on: string; changes: string },
  now = new Date(),
): Promise<void> {
  const change = {
    read_back_on: fields.on,
    read_back_by: actor.id,
    read_back_changes: fields.changes,
    status: story.status === 'verified' ? 'verified' : 'read_back',
  } as const;
  await recordCare(db, actor, story, change, 'story.read_back', fields.on, now);
}

/** MSC step 7: someone checked who told it, who recorded it, when and where. */
export async function recordVerification(
  db: Db,
  actor: Actor,
  story: Story,
  fields: { on: string; note: string },
  now = new Date(),
): Promise<void> {
  const change = {
    verified_on: fields.on,
    verified_by: actor.id,
    verification_note: fields.note,
    status: 'verified',
  } as const;
  await recordCare(db, actor, story, change, 'story.verified', fields.on, now);
}
