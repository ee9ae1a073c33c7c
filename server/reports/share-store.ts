/**
 * Share links: a read-only address for an inquiry's report as funders see it. The token (32 random bytes) is shown
 * once; only its SHA-256 is kept. Each opening is recorded with its time and nothing else (no address, no browser)
 * and written to the alliance's audit log.
 */
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry, ShareLink } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import type { ReportPeriod } from './report-store.ts';

const DAY = 24 * 60 * 60 * 1000;
/** base64url of 32 bytes: 43 characters. Anything else is not a token, so it is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createShareLink(
  db: Db,
  actor: Actor,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  input: { label: string; days: number; period: ReportPeriod },
  now = new Date(),
): Promise<{ link: ShareLink; token: string }> {
  const token = randomBytes(32).toString('base64url');
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .insertInto('share_links')
      .values({
        alliance_id: inquiry.alliance_id,
        inquiry_id: inquiry.id,
        token_hash: hashToken(token),
        label: input.label,
        period_from: input.period.from,
        period_to: input.period.to,
        created_by: actor.id,
        created_at: iso(now),
        expires_at: iso(new Date(now.getTime() + input.days * DAY)),
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'report.share_link_created',
        subjectType: 'share_link',
        subjectId: link.id,
        detail: { inquiry: inquiry.id, days: input.days },
      },
      now,
    );
    return { link, token };
  });
}

export interface ShareLinkRow extends ShareLink {
  accesses: number;
  last_access: string | null;
}

/** The inquiry's links, newest first, with how often and when last each was opened. */
export async function listShareLinks(db: Db, inquiry: Pick<Inquiry, 'id' | 'alliance_id'>): Promise<ShareLinkRow[]> {
  const rows = await db
    .selectFrom('share_links')
    .leftJoin('share_accesses', 'share_accesses.link_id', 'share_links.id')
    .selectAll('share_links')
    .select((eb) => [
      eb.fn.count<number>('share_accesses.id').as('accesses'),
      eb.fn.max('share_accesses.accessed_at').as('last_access'),
    ])
    .where('share_links.alliance_id', '=', inquiry.alliance_id)
    .where('share_links.inquiry_id', '=', inquiry.id)
    .groupBy('share_links.id')
    .orderBy('share_links.id', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    accesses: Number(r.accesses),
    last_access: (r.last_access as string | null) ?? null,
  }));
}

export async function revokeShareLink(
  db: Db,
  actor: Actor,
  inquiry: Pick<Inquiry, 'id' | 'alliance_id'>,
  linkId: number,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('share_links')
      .set({ revoked_at: iso(now) })
      .where('id', '=', linkId)
      .where('alliance_id', '=', inquiry.alliance_id)
      .where('inquiry_id', '=', inquiry.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'report.share_link_revoked',
        subjectType: 'share_link',
        subjectId: linkId,
        detail: { inquiry: inquiry.id },
      },
      now,
    );
    return true;
  });
}

export type LinkState = { state: 'open'; link: ShareLink } | { state: 'gone' } | { state: 'unknown' };

/** What a token opens: a link still open, one expired or revoked (gone), or nothing at all. */
export async function findShareLink(db: Db, token: string, now = new Date()): Promise<LinkState> {
  if (!TOKEN.test(token)) return { state: 'unknown' };
  const link = await db
    .selectFrom('share_links')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return stateOf(link, now);
}

function stateOf(link: ShareLink | undefined, now: Date): LinkState {
  if (!link) return { state: 'unknown' };
  if (link.revoked_at || link.expires_at <= iso(now)) return { state: 'gone' };
  return { state: 'open', link };
}

/** The link by its id, for a PDF job asked through it: open, gone, or unknown, as findShareLink says. */
export async function findShareLinkById(db: Db, id: number, now = new Date()): Promise<LinkState> {
  return stateOf(await db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst(), now);
}

/** Records one opening of the link (the report or its PDF), and says so in the alliance's audit log. */
export async function recordShareAccess(
  db: Db,
  link: ShareLink,
  what: 'page' | 'pdf',
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('share_accesses')
      .values({ link_id: link.id, accessed_at: iso(now) })
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: link.alliance_id,
        actor: null,
        action: 'report.shared_link_opened',
        subjectType: 'share_link',
        subjectId: link.id,
        detail: { inquiry: link.inquiry_id, label: link.label, what },
      },
      now,
    );
  });
}
