/** The audit log: every change, who made it, on what, when. Written in the same transaction as the change. */
import type { Db } from '../db/database.ts';
import type { AuditEvent } from '../db/schema.ts';
import { iso } from '../db/time.ts';

export interface Actor {
  id: number;
  name: string;
}

export interface AuditEntry {
  allianceId: number | null;
  actor: Actor | null;
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  /** Facts worth keeping; never passwords, tokens or story text. */
  detail?: Record<string, unknown>;
}

/** The row an event is kept as. */
function auditRow(entry: AuditEntry, now: Date) {
  return {
    alliance_id: entry.allianceId,
    actor_user_id: entry.actor?.id ?? null,
    actor_name: entry.actor?.name ?? 'Hearth',
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId == null ? null : String(entry.subjectId),
    detail: JSON.stringify(entry.detail ?? {}),
    created_at: iso(now),
  };
}

export async function recordAudit(db: Db, entry: AuditEntry, now = new Date()): Promise<void> {
  await db.insertInto('audit_events').values(auditRow(entry, now)).execute();
}

/** Many events at once (an import's stories), in the order given; a few hundred rows a statement. */
export async function recordAudits(db: Db, entries: AuditEntry[], now = new Date()): Promise<void> {
  const rows = entries.map((entry) => auditRow(entry, now));
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('audit_events')
      .values(rows.slice(i, i + 2000))
      .execute();
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Kept in the table but not shown: joining with an invitation was once kept twice, also as "invitation.used"; the
 * join's own "member.added" row says who joined and as what.
 */
const NOT_SHOWN = ['invitation.used'];

/** Newest first, a page at a time; `before` is the id of the last event on the previous page. */
export async function listAudit(
  db: Db,
  allianceId: number,
  before?: number,
): Promise<{ events: AuditEvent[]; nextBefore?: number }> {
  let query = db
    .selectFrom('audit_events')
    .selectAll()
    .where('alliance_id', '=', allianceId)
    .where('action', 'not in', NOT_SHOWN);
  if (before) query = query.where('id', '<', before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  return { events, nextBefore: rows.length > AUDIT_PAGE_SIZE ? events[events.length - 1]!.id : undefined };
}

/** The alliance's newest audit event, leaving out these actions: 0 when there is none. Stands for "anything changed". */
/** The alliance's latest audit event of these actions (its id), or 0. */
export async function latestAuditEventAmong(db: Db, allianceId: number, actions: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select('id')
    .where('alliance_id', '=', allianceId)
    .where('action', 'in', actions)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? 0;
}

export async function latestAuditEventId(db: Db, allianceId: number, except: readonly string[] = []): Promise<number> {
  let query = db.selectFrom('audit_events').select('id').where('alliance_id', '=', allianceId);
  if (except.length > 0) query = query.where('action', 'not in', except);
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? 0;
}

/**
 * Whether this person was once removed from this alliance (a "member.removed" event names them): so a page of it can
 * tell them they are no longer a member, where to anyone else it does not exist. A rare question, asked only then.
 */
export async function wasRemovedFrom(db: Db, allianceId: number, userId: number): Promise<boolean> {
  const rows = await db
    .selectFrom('audit_events')
    .select('detail')
    .where('alliance_id', '=', allianceId)
    .where('action', '=', 'member.removed')
    .where('detail', 'like', `%"userId":${userId}%`)
    .execute();
  // The pattern also matches a longer id ("userId":12 for 1): the parsed detail decides.
  return rows.some((r) => (JSON.parse(r.detail) as { userId?: unknown }).userId === userId);
}
