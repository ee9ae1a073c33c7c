/** An audit event in words: what the actor did, from the event's recorded facts. */
import type { TFunction } from 'i18next';
import type { AuditEvent } from '../db/schema.ts';
import { isStoryteller } from '../stories/storyteller.ts';

/** The event's recorded facts; {} for anything that is not an object of them. */
export function detailOf(event: AuditEvent): Record<string, unknown> {
  try {
    const detail: unknown = JSON.parse(event.detail);
    return detail && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What the actor did, in words: someone adding themselves with an invitation joined, they did not "add a member". */
export function actionText(event: AuditEvent, detail: Record<string, unknown>, t: TFunction): string {
  const self = event.actor_user_id !== null && event.actor_user_id === detail.userId;
  if (event.action === 'member.added' && self && typeof detail.role === 'string')
    return t('audit.joinedAs', { role: t(`roles.${detail.role}`) });
  return t(`audit.actions.${event.action}`);
}

/** Who did it: a storyteller acting through their receipt link has no account, so is named in the page's language. */
export function actorText(event: AuditEvent, t: TFunction): string {
  return !event.actor_user_id && isStoryteller(event.actor_name) ? t('audit.storyteller') : event.actor_name;
}
