/**
 * What a new user noticed on a story's page and in the interview form: the language a story was told in named in
 * the reader's own language, only the uses that apply to how it was told, an anonymous teller recorded without a
 * pseudonym, and a mistyped year before 1900 refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, questionOf, storedCounts, STORY_WORDS, validInterview, WHY_WORDS } from '../helpers/interviews.ts';
import { fieldError, visibleText } from '../helpers/pages.ts';
import { makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let base: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  base = `/alliances/${people.alliance.id}`;
});
afterEach(() => t.close());

const storyPage = async (agent: Agent, id: number) => visibleText((await agent.get(`${base}/stories/${id}`)).body);

const record = async (agent: Agent, fields = validInterview(guide)) =>
  agent.submit(
    `${base}/inquiries/${guide.inquiry.id}/interviews/new`,
    `${base}/inquiries/${guide.inquiry.id}/interviews`,
    fields,
  );

describe('the story page', () => {
  it('names the language the story was told in, in the reader’s language', async () => {
    const story = await makeStory(t.db, guide.inquiry, { language: 'es' });
    const coordinator = await signedIn(t.app, people.coordinator.email);
    expect(await storyPage(coordinator, story.id)).toContain('Language Spanish');
    await t.db.updateTable('users').set({ language: 'fr' }).where('id', '=', people.coordinator.id).execute();
    expect(await storyPage(coordinator, story.id)).toContain('Langue espagnol');
  });

  it('lists the recording’s uses for an interview, and none for a story told through the public link', async () => {
    const interview = await makeStory(t.db, guide.inquiry, { consent: { recording: true } });
    const coordinator = await signedIn(t.app, people.coordinator.email);
    const page = await storyPage(coordinator, interview.id);
    expect(page).toContain('Yes: Keep the recording of the interview');
    expect(page).toContain('No: Let panels hear the recording');

    await t.db
      .updateTable('inquiries')
      .set({ public_token: 'open-sesame-token-for-tests', public_open: 1 })
      .where('id', '=', guide.inquiry.id)
      .execute();
    const tell = '/tell/open-sesame-token-for-tests';
    const told = await new Agent(t.app).submit(tell, tell, {
      domainId: String(guide.domains[0]!.id),
      [questionOf(guide, 'story')]: STORY_WORDS,
      [questionOf(guide, 'why')]: WHY_WORDS,
      [questionOf(guide, 'title')]: 'Told online',
      consent: ['panels'],
    });
    expect(told.statusCode).toBe(201);
    const online = await t.db
      .selectFrom('stories')
      .select('id')
      .where('route', '=', 'public')
      .executeTakeFirstOrThrow();
    const onlinePage = await storyPage(coordinator, online.id);
    expect(onlinePage).toContain('Yes: Read by the panels that choose stories');
    expect(onlinePage).not.toContain('Keep the recording of the interview');
    expect(onlinePage).not.toContain('Let panels hear the recording');
  });
});

describe('an interview', () => {
  it('records an anonymous teller without a pseudonym, and still asks for one otherwise', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const refused = await record(interviewer, validInterview(guide, { storyteller: '' }));
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'storyteller')).toContain('Give the storyteller a pseudonym or code');

    const res = await record(interviewer, validInterview(guide, { storyteller: '', anonymous: 'yes' }));
    expect(res.statusCode).toBe(303);
    const story = await t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(story).toMatchObject({ storyteller: '', anonymous: 1, status: 'recorded' });
    expect(await storyPage(interviewer, story.id)).toContain('Pseudonym or code — (anonymous)');
  });

  it.each([
    ['toldOn', '1899-12-31'],
    ['consentOn', '0026-11-01'],
  ])('refuses %s = %s, a year before 1900, keeping what was typed', async (field, value) => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const res = await record(interviewer, validInterview(guide, { [field]: value }));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, field)).toBe('This date is before 1900. Check the year.');
    expect(res.body).toContain(`value="${value}"`);
    expect((await storedCounts(t.db)).stories).toBe(0);
  });

  it('takes 1 January 1900 and later', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const res = await record(interviewer, validInterview(guide, { toldOn: '1900-01-01', consentOn: '1900-01-01' }));
    expect(res.statusCode).toBe(303);
  });
});
