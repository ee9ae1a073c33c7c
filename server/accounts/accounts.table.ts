/** Users, alliances, organisations, memberships and roles, invitations, password resets. Table types only: no imports of stores. */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const ROLES = ['coordinator', 'interviewer', 'facilitator', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: Generated<number>;
  /** Always stored lower-case, so sign-in ignores case. */
  email: string;
  name: string;
  password_hash: string;
  /** Consecutive failed sign-ins; reset by a good one. */
  failed_sign_ins: Generated<number>;
  /** While in the future, sign-in is refused. */
  locked_until: string | null;
  /** Bumped to sign a person out everywhere (every app server), since sessions are stateless cookies. */
  session_version: Generated<number>;
  language: Generated<string>;
  created_at: string;
}

/** A group of organisations working together, e.g. seven charities and a council. */
export interface AlliancesTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}

export interface OrganisationsTable {
  id: Generated<number>;
  alliance_id: number;
  name: string;
  created_at: string;
}

/** A person's place in an alliance: one role each, optionally from one of its organisations. */
export interface MembershipsTable {
  id: Generated<number>;
  alliance_id: number;
  user_id: number;
  role: Role;
  organisation_id: number | null;
  created_at: string;
}

/** A one-time link a coordinator hands to someone; only a hash of its token is kept. */
export interface InvitationsTable {
  id: Generated<number>;
  alliance_id: number;
  token_hash: string;
  role: Role;
  organisation_id: number | null;
  /** Who it is for, in the coordinator's words (a name or an email), to recognise it in the list. */
  invitee: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

/** A one-time link a coordinator makes so a member of their alliance can choose a new password; only its hash is kept. */
export interface PasswordResetsTable {
  id: Generated<number>;
  alliance_id: number;
  /** Whose password the link resets. */
  user_id: number;
  token_hash: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Alliance = Selectable<AlliancesTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Invitation = Selectable<InvitationsTable>;
