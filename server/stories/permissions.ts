/**
 * Who may do what with a story, beyond their role: an interviewer looks after the stories they recorded. The role
 * part of each rule is in accounts/permissions.ts.
 */
import { can } from '../accounts/permissions.ts';
import type { Membership, Story } from '../db/schema.ts';

/** The story's interviewer pair. */
export function recordedBy(
  membership: Pick<Membership, 'user_id'>,
  story: Pick<Story, 'interviewer_id' | 'partner_id'>,
): boolean {
  return story.interviewer_id === membership.user_id || story.partner_id === membership.user_id;
}

/** Edit its words, resume its draft, record its read-back: the coordinator or the interviewer pair. */
export function canEdit(
  membership: Pick<Membership, 'user_id' | 'role'>,
  story: Pick<Story, 'interviewer_id' | 'partner_id'>,
): boolean {
  return (
    can(membership.role, 'lookAfterAnyStory') ||
    (can(membership.role, 'recordInterviews') && recordedBy(membership, story))
  );
}

/** Drafts are private to the interviewer pair and coordinators until recorded. */
export function canSee(
  membership: Pick<Membership, 'user_id' | 'role'>,
  story: Pick<Story, 'status' | 'interviewer_id' | 'partner_id'>,
): boolean {
  return story.status !== 'draft' || can(membership.role, 'lookAfterAnyStory') || recordedBy(membership, story);
}
