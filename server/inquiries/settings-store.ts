/** An inquiry's settings and its public storytelling link. Each query names an inquiry already found within the alliance. */
import { randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { iso } from '../db/time.ts';
import type { SettingsInput } from './checks.ts';

/** Saves the settings. The story code prefix applies to stories recorded from now on; existing codes stay. */
export async function updateSettings(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  input: SettingsInput,
  now = new Date(),
): Promise<void> {
  const columns = {
    title: input.title,
    purpose: input.purpose,
    period_start: input.periodStart,
    period_end: input.periodEnd,
    period_words: input.periodWords,
    ai_topic: input.aiTopic,
    consent_statement: input.consentStatement,
    languages: input.languages.join(','),
    code_prefix: input.codePrefix,
  };
  // The audit event names what changed, not the words (a purpose or consent text can be long).
  const changed = Object.entries(columns)
    .filter(([column, value]) => inquiry[column as keyof typeof columns] !== value)
    .map(([column]) => column);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('inquiries')
      .set({ ...columns, updated_at: iso(now) })
      .where('id', '=', inquiry.id)
      .where('alliance_id', '=', inquiry.alliance_id)
      .execute();
    await recordAudit(
      trx,
      {
        allianceId: inquiry.alliance_id,
        actor,
        action: 'inquiry.settings_changed',
        subjectType: 'inquiry',
        subjectId: inquiry.id,
        detail: { changed: changed.join(', ') },
      },
      now,
    );
  });
}

/** A link token: long and random, since anyone holding it may tell a story. */
function newToken(): string {
  return randomBytes(24).toString('base64url');
}

type LinkChange = { public_token?: string; public_open?: number };

/** Changes the public link and records what was done to it, together. */
async function changePublicLink(
  db: Db,
  actor: Actor,
  inquiry: Inquiry,
  change: LinkChange,
  action: 'inquiry.public_opened' | 'inquiry.public_closed' | 'inquiry.public_renewed',
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('inquiries')
      .set({ ...change, updated_at: iso(now) })
      .where('id', '=', inquiry.id)
      .where('alliance_id', '=', inquiry.alliance_id)
      .execute();
    await recordAudit(
      trx,
      { allianceId: inquiry.alliance_id, actor, action, subjectType: 'inquiry', subjectId: inquiry.id },
      now,
    );
  });
}

/** Opens the public storytelling link, making one if the inquiry has none yet (a closed link reopens as it was). */
export async function openPublicLink(db: Db, actor: Actor, inquiry: Inquiry, now = new Date()): Promise<void> {
  const change = { public_token: inquiry.public_token ?? newToken(), public_open: 1 };
  await changePublicLink(db, actor, inquiry, change, 'inquiry.public_opened', now);
}

export async function closePublicLink(db: Db, actor: Actor, inquiry: Inquiry, now = new Date()): Promise<void> {
  await changePublicLink(db, actor, inquiry, { public_open: 0 }, 'inquiry.public_closed', now);
}

/** A new link replaces the old one, which stops working at once; open or closed stays as it was. */
export async function renewPublicLink(db: Db, actor: Actor, inquiry: Inquiry, now = new Date()): Promise<void> {
  await changePublicLink(db, actor, inquiry, { public_token: newToken() }, 'inquiry.public_renewed', now);
}
