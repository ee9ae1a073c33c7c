/**
 * A reset link takes over an account in every alliance, so only someone who coordinates all of a person's alliances
 * may make one. The members page says so beside such a person instead of offering a button that is refused after.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember } from '../../server/accounts/members-store.ts';
import type { Alliance, Role, User } from '../../server/db/schema.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { visibleText } from '../helpers/pages.ts';
import { membershipId } from '../helpers/snapshot.ts';

let t: TestApp;
let b: { alliance: Alliance } & Record<Role, User>;
let a: { alliance: Alliance } & Record<Role, User>;
let coordinator: Agent;
let base: string;

const NOTE = 'Also in other alliances: only someone who coordinates all of them can make a reset link.';

beforeEach(async () => {
  t = await testApp();
  a = await makeAlliance(t.db, 'Alliance A');
  b = await makeAlliance(t.db, 'Alliance B');
  // B's reader also belongs to A, which B's coordinator does not coordinate.
  await addMember(t.db, a.coordinator, a.alliance.id, b.reader.id, 'interviewer', null);
  coordinator = await signedIn(t.app, b.coordinator.email);
  base = `/alliances/${b.alliance.id}`;
});
afterEach(() => t.close());

/** The members table's row for this person, as text. */
function rowOf(html: string, name: string): string {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`>${name}`));
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('the members page of a coordinator of one alliance only', () => {
  it('offers no reset link for someone also in another alliance, and says why', async () => {
    const page = await coordinator.get(`${base}/members`);
    const theirs = rowOf(page.body, b.reader.name);
    expect(theirs).not.toContain('/password-reset');
    expect(visibleText(theirs)).not.toContain('Make a password reset link');
    expect(visibleText(theirs)).toContain(NOTE);
    // Someone only in this alliance keeps the button, without the note.
    const only = rowOf(page.body, b.facilitator.name);
    expect(only).toContain(`/members/${await membershipId(t.db, b.alliance.id, b.facilitator.id)}/password-reset`);
    expect(visibleText(only)).not.toContain(NOTE);
    expect(await htmlErrors(page.body)).toEqual([]);
  });

  it('says the same on that person’s reset page, with no button to press', async () => {
    const id = await membershipId(t.db, b.alliance.id, b.reader.id);
    const page = await coordinator.get(`${base}/members/${id}/password-reset`);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain(NOTE);
    expect(page.body).not.toContain(`action="${base}/members/${id}/password-reset"`);
  });

  it('offers the button once they coordinate every alliance of that person', async () => {
    await addMember(t.db, a.coordinator, a.alliance.id, b.coordinator.id, 'coordinator', null);
    const page = await coordinator.get(`${base}/members`);
    const theirs = rowOf(page.body, b.reader.name);
    expect(theirs).toContain('/password-reset');
    expect(visibleText(theirs)).not.toContain(NOTE);
  });
});
