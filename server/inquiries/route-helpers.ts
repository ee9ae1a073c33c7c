/** What every inquiry route shares: who may use it, and finding the inquiry named in the address within the alliance. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import type { Inquiry } from '../db/schema.ts';
import { membershipOf } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { findInquiry } from './inquiries-store.ts';

/** Inquiries are for the people who collect and work with stories; readers see reports, not guides. */
export const INQUIRY_ROLES = { roles: rolesFor('readStories') };
/** Setting an inquiry up (its guide, settings and public link) is for coordinators. */
export const COORDINATOR = { roles: rolesFor('setUpInquiries') };
/** A coordinator's form: a stale CSRF token re-shows it with what was typed instead of answering 403. */
export const COORDINATOR_FORM = { ...COORDINATOR, keepsFormOnCsrfFailure: true };

/** The inquiry in the address, if it belongs to this alliance; otherwise the page does not exist (404). */
export async function inquiryOf(app: FastifyInstance, request: FastifyRequest): Promise<Inquiry> {
  const inquiry = await findInquiry(app.db, membershipOf(request).alliance_id, idParam(request, 'inquiryId'));
  if (!inquiry) throw notFound();
  return inquiry;
}

export function inquiryPath(inquiry: Pick<Inquiry, 'alliance_id' | 'id'>): string {
  return `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}`;
}
