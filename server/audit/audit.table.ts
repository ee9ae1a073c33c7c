/** The alliance's audit trail. Table types only: no imports of stores. */
import type { Generated, Selectable } from 'kysely';

/** Every change, who made it and on what: the alliance's audit trail. Append-only. */
export interface AuditEventsTable {
  id: Generated<number>;
  alliance_id: number | null;
  actor_user_id: number | null;
  /** What the actor was called at the time, so the log still reads well if they change their name. */
  actor_name: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON: the facts worth keeping (never passwords, tokens or story text). */
  detail: string;
  created_at: string;
}

export type AuditEvent = Selectable<AuditEventsTable>;
