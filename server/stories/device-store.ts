/**
 * Interviews sent from phones in the field, by the id each phone made for its interview (stories.device_id, a
 * unique column): however often one is sent — a retry after a lost reply, two tabs, two phones — it is stored once,
 * and every sending gets the same answer.
 */
import type { Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { createStory, type NewStory, type StoryInput } from './store.ts';

/** What the phone is told about its interview once it is stored. */
export interface DeviceStory {
  id: number;
  alliance_id: number;
  inquiry_id: number;
  code: string;
}

/** The story stored with this device id, in whichever alliance (the route decides what to say outside its own). */
export function findStoryByDeviceId(db: Db, deviceId: string): Promise<DeviceStory | undefined> {
  return db
    .selectFrom('stories')
    .select(['id', 'alliance_id', 'inquiry_id', 'code'])
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
}

/** A unique-index violation, as SQLite and PostgreSQL report it. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Stores the interview, or finds the one already stored with its device id: when two sendings race, the database
 * refuses the second story (the whole transaction, so nothing of it is left) and the second is answered with the first.
 */
export async function createStoryOnce(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  input: StoryInput,
  how: NewStory & { deviceId: string },
): Promise<{ story: DeviceStory; created: boolean }> {
  try {
    const { story } = await createStory(db, actor, inquiry, input, how);
    return { story, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const stored = await findStoryByDeviceId(db, how.deviceId);
    if (!stored) throw error;
    return { story: stored, created: false };
  }
}
