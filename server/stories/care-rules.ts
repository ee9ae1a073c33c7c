/**
 * Caring for a story: who may verify or withdraw it (reading back follows permissions.ts's canEdit), when a story
 * can be cared for, and the forms. Pure logic over a story and the person asking.
 */
import { Type } from '@sinclair/typebox';
import { can } from '../accounts/permissions.ts';
import type { Membership, Story } from '../db/schema.ts';
import type { FieldErrors } from '../web/forms.ts';
import { dateProblem } from './capture.ts';
import { recordedBy } from './permissions.ts';

/** Verifying is a check by someone else in the cycle: a coordinator or facilitator. */
export function canVerify(membership: Pick<Membership, 'role'>): boolean {
  return can(membership.role, 'verifyStories');
}

/** The storyteller asks the interviewer pair who heard them, or a coordinator (as the story page offers). */
export function canWithdraw(
  membership: Pick<Membership, 'user_id' | 'role'>,
  story: Pick<Story, 'interviewer_id' | 'partner_id'>,
): boolean {
  return (
    can(membership.role, 'lookAfterAnyStory') ||
    (can(membership.role, 'recordInterviews') && recordedBy(membership, story))
  );
}

/** Why a story cannot be read back or verified now (a message key), if it cannot. */
export function careBlocked(story: Pick<Story, 'status'>): string | undefined {
  if (story.status === 'draft') return 'storyCare.blocked.draft';
  if (story.status === 'withdrawn') return 'storyCare.blocked.withdrawn';
  return undefined;
}

const NOTE_MAX = 5000;
const date = (message: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: message });

export const ReadBackForm = Type.Object({
  readBackOn: date('storyCare.errors.readBackOn'),
  changes: Type.Optional(Type.String({ maxLength: NOTE_MAX, errorMessage: 'storyCare.errors.tooLong' })),
});

export const VerifyForm = Type.Object({
  verifiedOn: date('storyCare.errors.verifiedOn'),
  note: Type.String({ minLength: 1, maxLength: NOTE_MAX, errorMessage: 'storyCare.errors.note' }),
});

/** Nothing to fill in: the button is the whole form. */
export const WithdrawForm = Type.Object({});

/** A date that really happened: a calendar date, not in the future, not before the story was told. */
export function checkCareDate(field: string, value: string, story: Pick<Story, 'told_on'>, today: Date): FieldErrors {
  const problem = dateProblem(value, today);
  if (problem) return { [field]: problem };
  if (story.told_on && value < story.told_on) return { [field]: 'storyCare.errors.beforeTold' };
  return {};
}

/** Today as YYYY-MM-DD (UTC, as dates are checked). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** An answer as it reads aloud: several choices as a list, the rest as typed. */
export function readableAnswer(kind: string, value: string): string {
  if (kind !== 'multiple') return value;
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? list.join(', ') : value;
  } catch {
    return value;
  }
}
