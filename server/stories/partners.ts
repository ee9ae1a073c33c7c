/** Who can be the other half of an interviewer pair: the same list for the form online and for interviews from the field. */
import { listMembers } from '../accounts/members-store.ts';
import { can } from '../accounts/permissions.ts';
import type { Db } from '../db/database.ts';

/** Members of the alliance, other than the interviewer, whose role lets them pair in interviews. */
export async function interviewPartners(
  db: Db,
  allianceId: number,
  interviewerId: number,
): Promise<{ id: string; name: string }[]> {
  return (await listMembers(db, allianceId))
    .filter((m) => m.user_id !== interviewerId && can(m.role, 'pairInInterviews'))
    .map((m) => ({ id: String(m.user_id), name: m.name }));
}
