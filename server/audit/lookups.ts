/**
 * What the audit log's rows name, looked up at display time through the owning capabilities' stores (never their
 * tables), each thing once a page. Anything since deleted comes back undefined and the row says so in words.
 */
import { invitationInvitee } from '../accounts/invitations-store.ts';
import { findOrganisation, listMembers, type Member } from '../accounts/members-store.ts';
import { namesOf } from '../accounts/users-store.ts';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { domainsByIds, findAttribute, findQuestion } from '../inquiries/guide-store.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import { findItem } from '../learning/store.ts';
import { findObservation } from '../observations/store.ts';
import { listParticipants } from '../rounds/participants-store.ts';
import { findRound } from '../rounds/rounds-store.ts';
import { findStory } from '../stories/store.ts';
import { findTag } from '../codebook/tags-store.ts';
import { findTheme } from '../themes/themes-store.ts';
import { findRun } from '../themes/runs-store.ts';

export type Lookups = ReturnType<typeof lookups>;

/** Loaders for one page of the log, each remembering what it found. */
export function lookups(db: Db, allianceId: number) {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let found = memo.get(key) as Promise<T> | undefined;
    if (!found) memo.set(key, (found = load()));
    return found;
  };
  const inquiry = (id: number): Promise<Inquiry | undefined> =>
    once(`inquiry:${id}`, () => findInquiry(db, allianceId, id));
  /** Something found within an inquiry of this alliance, or undefined when either is gone. */
  const within = async <T>(inquiryId: unknown, find: (i: Inquiry) => Promise<T | undefined>) => {
    const found = typeof inquiryId === 'number' ? await inquiry(inquiryId) : undefined;
    return found ? find(found) : undefined;
  };
  return {
    inquiry,
    members: (): Promise<Member[]> => once('members', () => listMembers(db, allianceId)),
    person: (id: number) => once(`person:${id}`, async () => (await namesOf(db, [id])).get(id)),
    organisation: (id: number) =>
      once(`organisation:${id}`, async () => (await findOrganisation(db, allianceId, id))?.name),
    invitee: (id: number) => once(`invitation:${id}`, () => invitationInvitee(db, allianceId, id)),
    story: (id: number) =>
      once(`story:${id}`, async () => {
        const story = await findStory(db, allianceId, id);
        return story && { code: story.code ?? '', title: story.title ?? '' };
      }),
    round: (id: number) => once(`round:${id}`, () => findRound(db, allianceId, id)),
    participant: (roundId: number, id: number) =>
      once(`participants:${roundId}`, () => listParticipants(db, roundId)).then((all) => all.find((p) => p.id === id)),
    domain: (id: number) => once(`domain:${id}`, async () => (await domainsByIds(db, [id]))[0]?.name),
    question: (inquiryId: unknown, id: number) =>
      once(`question:${id}`, () => within(inquiryId, (i) => findQuestion(db, i, id))),
    attribute: (inquiryId: unknown, id: number) =>
      once(`attribute:${id}`, () => within(inquiryId, (i) => findAttribute(db, i, id))),
    tag: (inquiryId: unknown, id: number) => once(`tag:${id}`, () => within(inquiryId, (i) => findTag(db, i, id))),
    learningItem: (inquiryId: unknown, id: number) =>
      once(`learning:${id}`, () => within(inquiryId, (i) => findItem(db, i, id))),
    observation: (inquiryId: unknown, id: number) =>
      once(`observation:${id}`, () => within(inquiryId, (i) => findObservation(db, i, id))),
    theme: (id: number) => once(`theme:${id}`, () => findTheme(db, allianceId, id)),
    run: (id: number) => once(`run:${id}`, () => findRun(db, allianceId, id)),
  };
}
