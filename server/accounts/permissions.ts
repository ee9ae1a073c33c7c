/**
 * Who may do what in an alliance, by role: every rule in one table. Routes name the action they serve
 * (`config: { roles: rolesFor('runRounds') }`), code asks `can(role, 'runRounds')`, templates ask
 * `{{#if (can role "runRounds")}}`. Rules that also depend on a story (an interviewer looks after the stories they
 * recorded) stay small functions in stories/permissions.ts and take their role part from here.
 */
import { ROLES, type Role } from '../db/schema.ts';

export const PERMISSIONS = {
  /** The alliance's home page: who is in it, and what one's role lets one do. */
  seeAlliance: ROLES,
  /** Read the inquiries, their guides and stories. Readers (often funders) read reports instead. */
  readStories: ['coordinator', 'interviewer', 'facilitator'],
  /** See what tellers shared with the team. The rest see only what tellers agreed funders may see, and no names. */
  seeTeamView: ['coordinator', 'interviewer', 'facilitator'],
  /** Record interviews; and look after the stories one recorded (edit, read back, withdraw at the teller's request). */
  recordInterviews: ['coordinator', 'interviewer'],
  /** Be named as the other half of an interviewer pair. */
  pairInInterviews: ['coordinator', 'interviewer', 'facilitator'],
  /** Look after any story, not just one's own: edit it, read it back, withdraw it, and see every draft. */
  lookAfterAnyStory: ['coordinator'],
  /** Verify a recorded story: a check by someone else in the cycle. */
  verifyStories: ['coordinator', 'facilitator'],
  /** Tag stories and their passages, and read the codebook and the themes. */
  tagStories: ['coordinator', 'interviewer', 'facilitator'],
  /** Shape the codebook: create, rename, describe, move, merge and delete tags. */
  shapeCodebook: ['coordinator', 'facilitator'],
  /** Look for themes, and keep, discard, rename, merge, split them or turn them into tags. */
  workOnThemes: ['coordinator', 'facilitator'],
  /** Print an inquiry's stories (e.g. to read them back at a community group). */
  printStories: ['coordinator', 'interviewer', 'facilitator'],
  /** Read patterns across stories (distributions, tables, scatters) that lead back to the stories behind them. */
  seePatterns: ['coordinator', 'facilitator'],
  /** Run sense-making rounds: set them up, pick their stories, print their packs, tallies, decisions, mark feedback sent. */
  runRounds: ['coordinator', 'facilitator'],
  /** Take part in any round of the alliance. Readers take part only once a facilitator adds them to the panel. */
  joinAnyPanel: ['coordinator', 'interviewer', 'facilitator'],
  /** Read a round's feedback and the inquiry's learning log. */
  readFeedback: ROLES,
  /** Add items to the learning log and change them. */
  keepLearningLog: ['coordinator', 'facilitator'],
  /** Read an inquiry's report. Interviewers work with the stories instead. */
  readReports: ['coordinator', 'facilitator', 'reader'],
  /** Write a report's introduction and conclusions, and share it with funders by link. */
  writeReports: ['coordinator'],
  /** Start inquiries and set them up: guide, domains, questions, attributes, settings, public link. */
  setUpInquiries: ['coordinator'],
  /** Export an inquiry or a story, and import stories and alliances. */
  exportAndImport: ['coordinator'],
  /** Invite people, change their roles, remove them, reset their passwords, add organisations. */
  manageMembers: ['coordinator'],
  /** Read the alliance's audit log. */
  readAuditLog: ['coordinator'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** Whether someone in this role may do this; nobody without a role (signed out, a guest) may. */
export function can(role: Role | null | undefined, action: Action): boolean {
  return role != null && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** The roles a route is for: `config: { roles: rolesFor('runRounds') }`. */
export function rolesFor(action: Action): readonly Role[] {
  return PERMISSIONS[action];
}
