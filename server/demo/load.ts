/**
 * The demo alliance: invented organisations and people in every role, clearly marked as fictional.
 * Each capability adds its part here, so the demo always shows the whole cycle.
 */
import { hashPassword } from '../accounts/passwords.ts';
import { addMember, createAlliance, insertOrganisation, setMemberOrganisation } from '../accounts/members-store.ts';
import { findUserByEmail, insertUser } from '../accounts/users-store.ts';
import { recordAudit } from '../audit/store.ts';
import type { Db } from '../db/database.ts';
import type { Alliance, Role, Story, User } from '../db/schema.ts';
import { listInquiries } from '../inquiries/inquiries-store.ts';
import { loadDemoFiles } from './load-files.ts';
import { loadDemoTranslations } from './load-translations.ts';
import { loadDemoRounds, type DemoRoundCounts } from './load-rounds.ts';
import { loadDemoStories, type DemoStoryCounts } from './load-stories.ts';

export const DEMO_ALLIANCE = 'Riverside Wellbeing Alliance (fictional demo)';
export const DEMO_PASSWORD = 'hearth-demo';
const DEMO_DOMAIN = 'demo.hearth.example';

export const DEMO_ORGANISATIONS = [
  'Riverside Council',
  'Open Door Housing',
  'Kinship Family Support',
  'Northbank Food Network',
  'Community Foundation (funder)',
];

export const DEMO_PEOPLE: { name: string; email: string; role: Role; organisation: string }[] = [
  { name: 'Amira Hassan', email: `coordinator@${DEMO_DOMAIN}`, role: 'coordinator', organisation: 'Riverside Council' },
  { name: 'Tom Okafor', email: `interviewer@${DEMO_DOMAIN}`, role: 'interviewer', organisation: 'Open Door Housing' },
  {
    name: 'Grace Lin',
    email: `interviewer2@${DEMO_DOMAIN}`,
    role: 'interviewer',
    organisation: 'Kinship Family Support',
  },
  {
    name: 'Sam Carter',
    email: `facilitator@${DEMO_DOMAIN}`,
    role: 'facilitator',
    organisation: 'Northbank Food Network',
  },
  { name: 'Priya Nair', email: `reader@${DEMO_DOMAIN}`, role: 'reader', organisation: 'Community Foundation (funder)' },
];

export interface Demo {
  alliance: Alliance;
  coordinator: User;
  /** What the demo's inquiries hold, for the `hearth demo` message. */
  stories: DemoStoryCounts;
  rounds: DemoRoundCounts;
}

/**
 * Loads the demo alliance, then its inquiries and stories. Refuses when it is already there, so running it twice
 * changes nothing. The stories come after the alliance's transaction commits: each story store call opens its own.
 */
export async function loadDemo(db: Db, now = new Date()): Promise<Demo> {
  if (await findUserByEmail(db, DEMO_PEOPLE[0]!.email)) throw new Error('The demo alliance is already loaded.');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { alliance, coordinator, people } = await db.transaction().execute(async (trx) => {
    const people = new Map<string, User>();
    for (const person of DEMO_PEOPLE)
      people.set(person.email, await insertUser(trx, { email: person.email, name: person.name, passwordHash }, now));
    const coordinator = people.get(DEMO_PEOPLE[0]!.email)!;
    const alliance = await createAlliance(trx, DEMO_ALLIANCE, coordinator, now);

    const organisations = new Map<string, number>();
    for (const name of DEMO_ORGANISATIONS)
      organisations.set(name, (await insertOrganisation(trx, alliance.id, name, now)).id);
    await setMemberOrganisation(trx, alliance.id, coordinator.id, organisations.get(DEMO_PEOPLE[0]!.organisation)!);
    for (const person of DEMO_PEOPLE.slice(1)) {
      await addMember(
        trx,
        coordinator,
        alliance.id,
        people.get(person.email)!.id,
        person.role,
        organisations.get(person.organisation)!,
        now,
      );
    }
    await recordAudit(
      trx,
      { allianceId: alliance.id, actor: null, action: 'demo.loaded', subjectType: 'alliance', subjectId: alliance.id },
      now,
    );
    return { alliance, coordinator, people };
  });
  const made = new Map<string, Story>();
  const stories = await loadDemoStories(db, { alliance, people }, now, made);
  const byId = new Map([...people.values()].map((p) => [p.id, p]));
  await loadDemoFiles(db, made, (story) => byId.get(story.interviewer_id ?? coordinator.id) ?? coordinator);
  await loadDemoTranslations(db, made, people, now);
  // The rounds are held in the first MSC inquiry (listed newest first).
  const msc = (await listInquiries(db, alliance.id)).filter((i) => i.method === 'msc').at(-1);
  if (!msc) throw new Error('The demo has no MSC inquiry.');
  const facilitator = people.get(`facilitator@${DEMO_DOMAIN}`)!;
  const reader = people.get(`reader@${DEMO_DOMAIN}`)!;
  const rounds = await loadDemoRounds(db, { alliance, inquiry: msc, facilitator, coordinator, reader }, now);
  return { alliance, coordinator, stories, rounds };
}

/** The demo's sign-in details, while the demo alliance is in this database (shown on the sign-in page). */
export async function demoAccounts(db: Db): Promise<{ email: string; role: Role; name: string }[] | undefined> {
  const present = await findUserByEmail(db, DEMO_PEOPLE[0]!.email);
  return present ? DEMO_PEOPLE.map(({ name, email, role }) => ({ name, email, role })) : undefined;
}
