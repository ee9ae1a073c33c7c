/**
 * Interviews done on paper: the printed form asks the two recording uses beside the others, and typing a paper
 * form in keeps them, then goes straight on to adding the photo or scan of that paper, so the original is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, validInterview } from '../helpers/interviews.ts';
import { flash, heading, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let interviewer: Agent;
let base: string;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  interviewer = await signedIn(t.app, people.interviewer.email);
  base = `/alliances/${people.alliance.id}`;
});
afterAll(() => t.close());

const newUrl = () => `${base}/inquiries/${guide.inquiry.id}/interviews/new`;
const postUrl = () => `${base}/inquiries/${guide.inquiry.id}/interviews`;
const storyRow = (id: number) =>
  t.db
    .selectFrom('stories')
    .select(['route', 'consent_recording', 'consent_hearing', 'consent_panels'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('the printed paper form', () => {
  it('has tick boxes for keeping the recording and letting panels hear it', async () => {
    const page = await interviewer.get(`${base}/inquiries/${guide.inquiry.id}/paper`);
    expect(page.statusCode).toBe(200);
    const section = page.body.slice(page.body.indexOf('id="paper-consent"'));
    const consent = visibleText(section);
    expect(consent).toContain('If the interview is recorded, the storyteller agrees to:');
    expect(consent).toContain('Keep the recording of the interview');
    expect(consent).toContain('Let panels hear the recording');
    // A tick box before each of them.
    expect(section).toMatch(/<span class="tick" aria-hidden="true"><\/span> Keep the recording of the interview/);
    expect(section).toMatch(/<span class="tick" aria-hidden="true"><\/span> Let panels hear the recording/);
  });
});

describe('typing a paper form in', () => {
  it('stores the recording uses ticked on the paper', async () => {
    const res = await interviewer.submit(
      newUrl(),
      postUrl(),
      validInterview(guide, { route: 'paper', consent: ['panels', 'recording', 'hearing'] }),
    );
    expect(res.statusCode).toBe(303);
    const id = Number(/stories\/(\d+)/.exec(res.headers.location as string)![1]);
    expect(await storyRow(id)).toEqual({ route: 'paper', consent_recording: 1, consent_hearing: 1, consent_panels: 1 });
  });

  it('stores them unticked when the paper leaves them blank', async () => {
    const res = await interviewer.submit(newUrl(), postUrl(), validInterview(guide, { route: 'paper' }));
    const id = Number(/stories\/(\d+)/.exec(res.headers.location as string)![1]);
    expect(await storyRow(id)).toMatchObject({ route: 'paper', consent_recording: 0, consent_hearing: 0 });
  });

  it('goes on to adding the photo or scan of the paper, which can be skipped', async () => {
    const res = await interviewer.submit(newUrl(), postUrl(), validInterview(guide, { route: 'paper' }));
    expect(res.headers.location).toMatch(/^\/alliances\/\d+\/stories\/\d+\/photos$/);
    const page = await interviewer.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(flash(page.body)).toBe(
      'Story recorded. Now add the photo or scan of the paper form, so the original is kept with the story for checking. You can also do it later from the story page.',
    );
    expect(heading(page.body)).toBe('Add a photo of the paper');
    expect(page.body).toMatch(/<input id="field-file" name="file" type="file"/);
    expect(page.body).toContain(`href="${(res.headers.location as string).replace(/\/photos$/, '')}">Cancel</a>`);
  });

  it('an interview typed in as it was told goes to the story, as before', async () => {
    const res = await interviewer.submit(newUrl(), postUrl(), validInterview(guide));
    expect(res.headers.location).toMatch(/^\/alliances\/\d+\/stories\/\d+$/);
  });

  it('a paper form saved as a draft first goes on to the photo once it is recorded', async () => {
    const draft = await interviewer.submit(
      newUrl(),
      postUrl(),
      validInterview(guide, { route: 'paper', intent: 'draft' }),
    );
    const edit = draft.headers.location as string;
    expect(edit).toMatch(/\/edit$/);
    const story = edit.replace(/\/edit$/, '');
    const res = await interviewer.submit(edit, story, validInterview(guide, { route: 'paper' }));
    expect(res.headers.location).toBe(`${story}/photos`);
  });
});
