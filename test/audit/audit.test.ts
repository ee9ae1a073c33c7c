import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, recordAudit } from '../../server/audit/store.ts';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { heading, invitationToken, visibleText } from '../helpers/pages.ts';
import { membershipId } from '../helpers/snapshot.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let base: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  base = `/alliances/${alliance.id}`;
});
afterEach(() => t.close());

/** The audit page's rows as "who: what" lines, newest first. */
async function auditLines(agent: Agent, url = `${base}/audit`): Promise<string[]> {
  const res = await agent.get(url);
  expect(res.statusCode).toBe(200);
  return [
    ...res.body.matchAll(/<tr>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*><bdi>([^<]*)<\/bdi><\/td>\s*<td[^>]*>([^<]*)<\/td>/g),
  ].map((m) => visibleText(`${m[1]}: ${m[2]}`));
}

describe('audit log', () => {
  it('records every change in the alliance with who made it, newest first', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const c = people.coordinator.name;
    await coordinator.get(`${base}/members`);
    await coordinator.post(`${base}/organisations`, { organisationName: 'Open Door Housing' });
    await coordinator.post(`${base}/members/${await membershipId(t.db, alliance.id, people.reader.id)}/role`, {
      role: 'facilitator',
    });
    await coordinator.post(`${base}/members/${await membershipId(t.db, alliance.id, people.interviewer.id)}/remove`);
    await coordinator.get(`${base}/invitations`);
    await coordinator.post(`${base}/invitations`, { invitee: 'To revoke', role: 'reader' });
    const revoked = await t.db.selectFrom('invitations').select('id').executeTakeFirstOrThrow();
    await coordinator.post(`${base}/invitations/${revoked.id}/revoke`);
    await coordinator.get(`${base}/invitations`);
    const token = invitationToken(
      (await coordinator.post(`${base}/invitations`, { invitee: 'Bea', role: 'reader' })).body,
    );
    const bea = new Agent(t.app);
    await bea.submit(`/invitations/${token}`, `/invitations/${token}`, {
      name: 'Bea Jones',
      email: 'bea@example.org',
      password: 'a long enough password',
      repeatPassword: 'a long enough password',
    });

    const lines = await auditLines(coordinator);
    expect(lines.slice(0, 8)).toEqual([
      'Bea Jones: joined the alliance as Reader',
      `${c}: made an invitation`,
      `${c}: revoked an invitation`,
      `${c}: made an invitation`,
      `${c}: removed a member`,
      `${c}: changed a member's role`,
      `${c}: added an organisation`,
      `${c}: added a member`,
    ]);
    expect(lines.slice(-2)).toEqual([`${c}: joined the alliance as Coordinator`, `${c}: created the alliance`]);
  });

  it('shows the facts of each change, never a token', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    await coordinator.get(`${base}/members`);
    await coordinator.post(`${base}/members/${await membershipId(t.db, alliance.id, people.reader.id)}/role`, {
      role: 'facilitator',
    });
    await coordinator.get(`${base}/invitations`);
    const token = invitationToken(
      (await coordinator.post(`${base}/invitations`, { invitee: 'Bea', role: 'reader' })).body,
    );
    const page = await coordinator.get(`${base}/audit`);
    expect(heading(page.body)).toBe('Audit log');
    expect(visibleText(page.body)).toContain(`${people.reader.name} From: Reader To: Facilitator`);
    expect(visibleText(page.body)).toContain('invitation for Bea For: Bea Role: Reader');
    expect(page.body).not.toContain(token);
  });

  it('spells out a change’s nested facts (a round’s filters), never "[object Object]"', async () => {
    await recordAudit(t.db, {
      allianceId: alliance.id,
      actor: people.coordinator,
      action: 'round.stories_added',
      subjectType: 'round',
      subjectId: 1,
      detail: { origin: 'filter', count: 3, filters: { domainId: 2, status: 'recorded', attributes: [] } },
    });
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const text = visibleText((await coordinator.get(`${base}/audit`)).body);
    expect(text).toContain('Filters: Domain: (since removed); Status: Recorded');
    expect(text).not.toContain('[object Object]');
  });

  it("shows only this alliance's changes", async () => {
    const other = await makeAlliance(t.db, 'Other Alliance');
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const text = (await auditLines(coordinator)).join('\n');
    expect(text).not.toContain(other.coordinator.name);
  });

  it('pages through a long log, older changes behind a link', async () => {
    for (let i = 0; i < AUDIT_PAGE_SIZE; i++) {
      await recordAudit(t.db, {
        allianceId: alliance.id,
        actor: people.coordinator,
        action: 'organisation.added',
        subjectType: 'organisation',
        subjectId: i,
      });
    }
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const first = await coordinator.get(`${base}/audit`);
    expect(await auditLines(coordinator)).toHaveLength(AUDIT_PAGE_SIZE);
    const older = /href="([^"]+\?before=\d+)">Older changes/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    const rest = await auditLines(coordinator, older!.replace(/&amp;/g, '&'));
    // makeAlliance recorded 5 changes: the alliance and its 4 members.
    expect(rest).toHaveLength(5);
    expect(rest).toContain(`${people.coordinator.name}: created the alliance`);
  });

  it('starts from the newest when "before" is not a number', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    expect(await auditLines(coordinator, `${base}/audit?before=abc`)).toEqual(await auditLines(coordinator));
  });

  it('shows the latest changes on the coordinator overview, linking to the whole log', async () => {
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const res = await coordinator.get(base);
    expect(visibleText(res.body)).toContain(`${people.coordinator.name}: added a member`);
    expect(res.body).toContain(`<a href="${base}/audit">The whole audit log</a>`);
  });
});
