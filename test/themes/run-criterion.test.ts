/**
 * A run that chose its number of themes itself says how in plain words of the reader's language, not the engine's
 * English ("mean silhouette (cosine distance) of k-means…").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeInquiry } from '../helpers/stories.ts';
import { makeThemedStories } from './theme-fixture.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
});
afterEach(() => t.close());

describe('a run with the number of themes chosen automatically', () => {
  it('says how it chose in plain words, in the reader’s language', async () => {
    await makeThemedStories(t.db, inquiry);
    await t.db.updateTable('users').set({ language: 'es' }).where('id', '=', people.coordinator.id).execute();
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const themes = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}/themes`;
    const res = await coordinator.submit(themes, themes, { k: 'auto', seed: '7' });
    expect(res.statusCode).toBe(303);
    expect(await t.app.jobs.tick()).toBe(true);
    const text = visibleText((await coordinator.get(res.headers.location as string)).body);
    expect(text).toContain('Hearth eligió por sí mismo el número de temas');
    expect(text).not.toMatch(/silhouette|k-means|cosine|highest wins/);
  });
});
