/** A storyteller withdrawing through their receipt link has no account: the log names them in the reader's language. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordAudit } from '../../server/audit/store.ts';
import type { Alliance, User } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { STORYTELLER } from '../../server/stories/storyteller.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let coordinator: User;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, coordinator } = await makeAlliance(t.db, 'Harbour Alliance'));
  const inquiry = await makeInquiry(t.db, alliance, coordinator, 'msc', 'Harbour voices');
  await withdrawStory(t.db, null, STORYTELLER, await makeStory(t.db, inquiry));
  // As an older Hearth kept it: the English words, with no account behind them.
  await recordAudit(t.db, {
    allianceId: alliance.id,
    actor: { id: 0, name: 'The storyteller' },
    action: 'story.edited',
    subjectType: 'story',
    subjectId: 1,
  });
});
afterEach(() => t.close());

/** The "Who" cell of each row, newest first. */
async function whoIn(language: string): Promise<string[]> {
  await t.db.updateTable('users').set({ language }).where('id', '=', coordinator.id).execute();
  const res = await (await signedIn(t.app, coordinator.email)).get(`/alliances/${alliance.id}/audit`);
  expect(res.statusCode).toBe(200);
  return [...res.body.matchAll(/<tr>\s*<td[^>]*>[\s\S]*?<\/td>\s*<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    visibleText(m[1]!).replace(/[\u2066-\u2069]/g, ''),
  );
}

it('names the storyteller in French and Arabic, for new rows and for rows kept in English', async () => {
  expect((await whoIn('fr')).slice(0, 2)).toEqual(['Le narrateur', 'Le narrateur']);
  expect((await whoIn('ar')).slice(0, 2)).toEqual(['الراوي', 'الراوي']);
  expect((await whoIn('en')).slice(0, 2)).toEqual(['The storyteller', 'The storyteller']);
});
