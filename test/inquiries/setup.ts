/** A fresh Hearth for each inquiries test: two alliances, everyone signed in, an MSC and an AI inquiry to work on. */
import { createInquiry } from '../../server/inquiries/inquiries-store.ts';
import type { Db } from '../../server/db/database.ts';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';

export interface World {
  t: TestApp;
  alliance: Alliance;
  people: Record<Role, User>;
  as: Record<Role, Agent>;
  other: { alliance: Alliance; coordinator: User; as: Agent; inquiry: Inquiry };
  msc: Inquiry;
  ai: Inquiry;
  /** /alliances/<id> */
  base: string;
  /** /alliances/<id>/inquiries/<msc id> */
  mscPath: string;
  aiPath: string;
}

export async function makeWorld(): Promise<World> {
  const t = await testApp();
  const { alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance');
  const other = await makeAlliance(t.db, 'Other Alliance');
  const as = {} as Record<Role, Agent>;
  for (const role of ['coordinator', 'interviewer', 'facilitator', 'reader'] as const) {
    as[role] = await signedIn(t.app, people[role].email);
    await as[role].get(`/alliances/${alliance.id}`); // a page with a form, so the agent holds a CSRF token
  }
  const msc = await createInquiry(t.db, people.coordinator, alliance.id, { title: 'Changes this year', method: 'msc' });
  const ai = await createInquiry(t.db, people.coordinator, alliance.id, {
    title: 'Working together at its best',
    method: 'ai',
  });
  const theirs = await createInquiry(t.db, other.coordinator, other.alliance.id, {
    title: 'Their inquiry',
    method: 'msc',
  });
  const otherAgent = await signedIn(t.app, other.coordinator.email);
  await otherAgent.get(`/alliances/${other.alliance.id}`);
  const base = `/alliances/${alliance.id}`;
  return {
    t,
    alliance,
    people,
    as,
    other: { alliance: other.alliance, coordinator: other.coordinator, as: otherAgent, inquiry: theirs },
    msc,
    ai,
    base,
    mscPath: `${base}/inquiries/${msc.id}`,
    aiPath: `${base}/inquiries/${ai.id}`,
  };
}

/** Everything the inquiry pages can change, to check that a refused request wrote nothing. */
export async function guideSnapshot(db: Db) {
  return {
    inquiries: await db.selectFrom('inquiries').selectAll().orderBy('id').execute(),
    domains: await db.selectFrom('domains').selectAll().orderBy('id').execute(),
    questions: await db.selectFrom('questions').selectAll().orderBy('id').execute(),
    attributes: await db.selectFrom('attributes').selectAll().orderBy('id').execute(),
    auditEvents: await db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
  };
}

/** The inquiry as stored now. */
export function reload(db: Db, inquiry: Inquiry): Promise<Inquiry> {
  return db.selectFrom('inquiries').selectAll().where('id', '=', inquiry.id).executeTakeFirstOrThrow();
}

/** The actions of the audit events recorded after the given snapshot. */
export async function auditSince(db: Db, before: { auditEvents: { id: number }[] }): Promise<string[]> {
  const last = before.auditEvents.at(-1)?.id ?? 0;
  return (await db.selectFrom('audit_events').select('action').where('id', '>', last).orderBy('id').execute()).map(
    (e) => e.action,
  );
}
