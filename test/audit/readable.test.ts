/** The audit log reads as an activity log in each language: names, not ids; words, not keys. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/audit/store.ts';
import type { Alliance, Inquiry, Role, Story, User } from '../../server/db/schema.ts';
import { addItem } from '../../server/learning/store.ts';
import { createShareLink } from '../../server/reports/share-store.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { invitationToken, visibleText } from '../helpers/pages.ts';
import { membershipId } from '../helpers/snapshot.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let base: string;
let inquiry: Inquiry;
let story: Story;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  base = `/alliances/${alliance.id}`;
  inquiry = await makeInquiry(t.db, alliance, people.coordinator, 'msc', 'Harbour voices');
  story = await makeStory(t.db, inquiry, { title: 'The new bridge' });
});
afterEach(() => t.close());

/** A day of changes: a role changed, a learning item, a share link, a decision in a round since deleted, a joiner. */
async function aDayOfChanges(): Promise<Agent> {
  const coordinator = await signedIn(t.app, people.coordinator.email);
  await coordinator.get(`${base}/members`);
  await coordinator.post(`${base}/members/${await membershipId(t.db, alliance.id, people.reader.id)}/role`, {
    role: 'facilitator',
  });
  await addItem(
    t.db,
    people.coordinator,
    inquiry,
    {
      kind: 'will_do',
      text: 'Ask the ferry company to meet the tenants before the summer timetable',
      owner: 'Sam',
      status: 'in_progress',
      storyIds: [],
      roundIds: [],
    },
    '2025',
  );
  await createShareLink(t.db, people.coordinator, inquiry, {
    label: 'Board',
    days: 30,
    period: { from: '2025-01-01', to: '2025-12-31' },
  });
  const domain = (await loadGuide(t.db, inquiry)).domains[0]!;
  await recordAudit(t.db, {
    allianceId: alliance.id,
    actor: people.facilitator,
    action: 'round.decision_recorded',
    subjectType: 'round',
    subjectId: 999,
    detail: { domain: domain.id, outcome: 'chosen', stories: String(story.id), replaced: false },
  });
  await coordinator.get(`${base}/invitations`);
  const token = invitationToken(
    (await coordinator.post(`${base}/invitations`, { invitee: 'Fatima', role: 'reader' })).body,
  );
  await new Agent(t.app).submit(`/invitations/${token}`, `/invitations/${token}`, {
    name: 'Fatima Z',
    email: 'fatima@example.org',
    password: 'a long enough password',
    repeatPassword: 'a long enough password',
  });
  return coordinator;
}

/** The log's rows as the words a reader sees, one line each. */
function rows(html: string): string[] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => visibleText(m[1]!.replace(/<\/td>/g, ' | ')));
}

async function logIn(agent: Agent, language: string): Promise<string> {
  await t.db.updateTable('users').set({ language }).where('id', '=', people.coordinator.id).execute();
  const res = await agent.get(`${base}/audit`);
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** What must never reach a reader of the log: internal ids, keys and table names, or raw JSON. */
function expectNothingInternal(html: string): void {
  const text = visibleText(html);
  expect(text).not.toMatch(/#\d/);
  for (const internal of ['userId', 'learning_item', 'share_link', 'membership', 'will_do', 'in_progress', 'passedUp'])
    expect(text).not.toContain(internal);
  expect(text).not.toMatch(/[{}]|"\w+":/);
}

describe('the audit log in words', () => {
  it('names what changed and spells out its facts in English, with links to what still exists', async () => {
    const coordinator = await aDayOfChanges();
    const html = await logIn(coordinator, 'en');
    const lines = rows(html);
    expect(lines.find((l) => l.includes('joined the alliance'))).toMatch(
      /\| Fatima Z \| joined the alliance as Reader \| Fatima Z \|/,
    );
    expect(lines.join('\n')).not.toMatch(/Fatima Z \| added a member/);
    // One event, one line: the join names its role; no second "joined with an invitation" line beside it.
    expect(lines.filter((l) => l.includes('| Fatima Z |'))).toEqual([
      expect.stringMatching(/\| Fatima Z \| joined the alliance as Reader \|/),
    ]);
    expect(lines.find((l) => l.includes("changed a member's role"))).toContain(
      `${people.reader.name} | From: Reader To: Facilitator`,
    );
    expect(lines.find((l) => l.includes('added to the learning log'))).toContain(
      '“Ask the ferry company to meet the tenants…” | Inquiry: Harbour voices Kind: What we will do Status: In progress',
    );
    expect(lines.find((l) => l.includes('made a share link'))).toContain(
      'share link to the report on Harbour voices | Inquiry: Harbour voices Days: 30',
    );
    const decision = lines.find((l) => l.includes("recorded a panel's decision"));
    expect(decision).toContain(`round (since removed) | Domain: `);
    expect(decision).toContain(`Outcome: chose a story Stories: ${story.code} Replaced an earlier decision: no`);
    const item = await t.db.selectFrom('learning_items').select('id').executeTakeFirstOrThrow();
    expect(html).toContain(`href="${base}/inquiries/${inquiry.id}/learning/${item.id}"`);
    expectNothingInternal(html);
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('shows a join kept twice by an older Hearth ("invitation.used" too) once', async () => {
    const coordinator = await aDayOfChanges();
    const invitation = await t.db.selectFrom('invitations').select(['id', 'used_by']).executeTakeFirstOrThrow();
    await recordAudit(t.db, {
      allianceId: alliance.id,
      actor: { id: invitation.used_by!, name: 'Fatima Z' },
      action: 'invitation.used',
      subjectType: 'invitation',
      subjectId: invitation.id,
      detail: { role: 'reader' },
    });
    const lines = rows(await logIn(coordinator, 'en'));
    expect(lines.filter((l) => l.includes('| Fatima Z |'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('joined with an invitation');
  });

  it('reads in French: roles, statuses, kinds, yes and no in French, joining as joining', async () => {
    const coordinator = await aDayOfChanges();
    const html = await logIn(coordinator, 'fr');
    const text = rows(html).join('\n');
    expect(text).toContain('Fatima Z | a rejoint l’alliance avec le rôle « Lecteur »');
    expect(text).not.toContain('Fatima Z | a ajouté un membre');
    expect(text).toContain(`${people.reader.name} | De: Lecteur À: Animateur`);
    expect(text).toContain('Type: Ce que nous allons faire Statut: En cours');
    expect(text).toContain('lien de partage du rapport sur Harbour voices');
    expect(text).toContain('tour (supprimé depuis)');
    expect(text).toContain('Résultat: a choisi une histoire');
    expect(text).toContain('A remplacé une décision antérieure: non');
    for (const english of ['From:', 'Status:', 'Kind:', 'share link', 'false', ': reader', ': facilitator'])
      expect(text).not.toContain(english);
    expectNothingInternal(html);
    expect(await htmlErrors(html)).toEqual([]);
  });

  it('reads in Arabic, names isolated, the table marked up to stack on a narrow screen', async () => {
    const coordinator = await aDayOfChanges();
    const html = await logIn(coordinator, 'ar');
    const text = rows(html)
      .join('\n')
      .replace(/[\u2066-\u2069]/g, '');
    expect(text).toContain('انضم إلى التحالف بدور «القارئ»');
    expect(text).toContain('من: القارئ إلى: الميسّر');
    expect(text).toContain('النوع: ما سنفعله');
    expect(text).toContain('جولة (أُزيل منذ ذلك الحين)');
    expect(text).not.toMatch(/: (reader|facilitator)\b|\b(false|Kind|Status)\b/);
    // Each cell carries its column's name, shown beside it when the rows stack at 360 px.
    expect(html).toContain('<td data-label="على ماذا">');
    expectNothingInternal(html);
    expect(await htmlErrors(html)).toEqual([]);
  });
});
