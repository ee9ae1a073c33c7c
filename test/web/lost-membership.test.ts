/**
 * Someone removed from an alliance while a page of it is open: removal takes effect at once (nothing of the alliance
 * is shown or saved), but a form she was filling in is not simply lost behind "Page not found". She is told, in her
 * language, that she is no longer a member, and sees what she typed, to copy. Someone who never was a member still
 * gets the plain 404.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeMember } from '../../server/accounts/members-store.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { makeGuide, questionOf, storedCounts, validInterview } from '../helpers/interviews.ts';
import { heading, visibleText } from '../helpers/pages.ts';
import { membershipId } from '../helpers/snapshot.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let ola: Agent;
let formPage: string;
let action: string;

const WORDS = 'Before the café opened I ate alone. Now <b>Tuesdays</b> & Thursdays are "ours".';

beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Harbour Alliance');
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  ola = await signedIn(t.app, people.interviewer.email);
  formPage = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews/new`;
  action = `/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews`;
  expect((await ola.get(formPage)).statusCode).toBe(200); // she opens the form while still a member
});
afterEach(() => t.close());

async function removeOla() {
  const id = await membershipId(t.db, people.alliance.id, people.interviewer.id);
  expect(await removeMember(t.db, people.coordinator, people.alliance.id, id)).toBe('changed');
}

/** The read-only boxes of what was sent, as their text. */
function typedBoxes(html: string): string[] {
  return [...html.matchAll(/<textarea[^>]*\breadonly\b[^>]*>([\s\S]*?)<\/textarea>/g)].map((m) =>
    visibleText(`<p>${m[1]!}</p>`),
  );
}

describe('a member removed while filling in an interview', () => {
  it('on saving, is told she is no longer a member, sees her words to copy, and nothing is saved', async () => {
    await removeOla();
    const before = await storedCounts(t.db);
    const token = ola.csrf;
    const res = await ola.post(action, validInterview(guide, { [questionOf(guide, 'story')]: WORDS }));
    expect(res.statusCode).toBe(403);
    expect(heading(res.body)).toBe('You are no longer a member of Harbour Alliance');
    const text = visibleText(res.body);
    expect(text).toContain('so this form could not be saved there');
    expect(text).not.toContain('Page not found');
    expect(typedBoxes(res.body)).toContain(WORDS);
    expect(typedBoxes(res.body)).toContain('Rose T.');
    // Escaped, never markup; and the form's own machinery (its token, its choices) is not offered as her words.
    expect(res.body).not.toContain('<b>Tuesdays</b>');
    expect(typedBoxes(res.body)).not.toContain(token);
    expect(typedBoxes(res.body)).not.toContain('record');
    expect(typedBoxes(res.body)).not.toContain('2026-11-01');
    expect(res.body).toMatch(/<a href="\/alliances">/);
    expect(await storedCounts(t.db)).toEqual(before);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('says so in her own language', async () => {
    await t.db.updateTable('users').set({ language: 'es' }).where('id', '=', people.interviewer.id).execute();
    await removeOla();
    const res = await ola.post(action, validInterview(guide, { [questionOf(guide, 'story')]: WORDS }));
    expect(res.statusCode).toBe(403);
    expect(heading(res.body)).toBe('Ya no es miembro de Harbour Alliance');
    expect(typedBoxes(res.body)).toContain(WORDS);
  });

  it('opening any page of the alliance afterwards gets the same page, without words, and nothing of the alliance', async () => {
    await removeOla();
    for (const path of [formPage, `/alliances/${people.alliance.id}`]) {
      const res = await ola.get(path);
      expect(res.statusCode, path).toBe(403);
      expect(heading(res.body), path).toBe('You are no longer a member of Harbour Alliance');
      expect(typedBoxes(res.body), path).toEqual([]);
      expect(visibleText(res.body), path).not.toContain('Spring stories');
    }
  });

  it('someone who never was a member still gets "Page not found", learning nothing of the alliance', async () => {
    const other = await makeAlliance(t.db, 'Other Alliance');
    const outsider = await signedIn(t.app, other.interviewer.email);
    await outsider.get('/alliances');
    const res = await outsider.post(action, validInterview(guide, { [questionOf(guide, 'story')]: WORDS }));
    expect(res.statusCode).toBe(404);
    expect(heading(res.body)).toBe('Page not found');
    expect(res.body).not.toContain('Harbour Alliance');
    expect(res.body).not.toContain('Tuesdays');
  });
});
