import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, makePerson, PASSWORD, testApp, type TestApp } from '../helpers/app.ts';
import {
  makeGuide,
  questionOf,
  storedCounts,
  STORY_WORDS,
  TITLE_WORDS,
  validInterview,
  WHY_WORDS,
} from '../helpers/interviews.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { addMember } from '../../server/accounts/members-store.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let base: string;
let newUrl: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  base = `/alliances/${people.alliance.id}`;
  newUrl = `${base}/inquiries/${guide.inquiry.id}/interviews/new`;
});
afterEach(() => t.close());

const post = `/interviews`;
const record = async (agent: Agent, fields = validInterview(guide)) =>
  agent.submit(newUrl, `${base}/inquiries/${guide.inquiry.id}${post}`, fields);

describe('the interview form', () => {
  it('asks the MSC questions with the reporting period filled in, the domains, and the consent statement', async () => {
    const res = await (await signedIn(t.app, people.interviewer.email)).get(newUrl);
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain(
      'Looking back over the last six months, what do you think was the most significant change in the domain chosen above?',
    );
    expect(text).toContain('Why is this significant to you?');
    expect(text).toContain("Changes in people's lives");
    expect(text).toContain('Any other change');
    expect(text).toContain('You choose what it may be used for');
    expect(text).toContain('Printed in story packs for events');
  });

  it('groups Appreciative Inquiry questions by their 5-D phase', async () => {
    const ai = await makeGuide(t.db, people.alliance.id, people.coordinator, 'ai');
    const res = await (
      await signedIn(t.app, people.interviewer.email)
    ).get(`${base}/inquiries/${ai.inquiry.id}/interviews/new`);
    const text = visibleText(res.body);
    expect(text).toContain('Discover — the best of what is');
    expect(text).toContain('Dream — what could be');
    expect(text).toContain('Tell me about a time when');
  });

  it('is for interviewers and coordinators: facilitators and readers get 403, signed out goes to sign-in, other alliances 404', async () => {
    expect((await (await signedIn(t.app, people.coordinator.email)).get(newUrl)).statusCode).toBe(200);
    expect((await (await signedIn(t.app, people.facilitator.email)).get(newUrl)).statusCode).toBe(403);
    expect((await (await signedIn(t.app, people.reader.email)).get(newUrl)).statusCode).toBe(403);
    const out = await new Agent(t.app).get(newUrl);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe(`/sign-in?next=${encodeURIComponent(newUrl)}`);
    const other = await makeAlliance(t.db, 'Other Alliance');
    expect((await (await signedIn(t.app, other.coordinator.email)).get(newUrl)).statusCode).toBe(404);
  });
});

describe('recording a story', () => {
  it('keeps the words exactly as typed, with the question as asked, and gives the story a code', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const res = await record(interviewer);
    expect(res.statusCode).toBe(303);
    const page = await interviewer.get(res.headers.location as string);
    expect(flash(page.body)).toBe('Story recorded.');
    expect(heading(page.body)).toBe(TITLE_WORDS);
    expect(visibleText(page.body)).toContain('MSC-0001');
    const story = await t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(story).toMatchObject({
      status: 'recorded',
      route: 'interview',
      storyteller: 'Rose T.',
      interviewer_id: people.interviewer.id,
      consent_panels: 1,
      consent_packs: 1,
      consent_quotes: 1,
      consent_funders: 0,
      consent_how: 'spoken',
      consent_recorded_by: people.interviewer.id,
    });
    const answers = await t.db.selectFrom('story_answers').selectAll().orderBy('position').execute();
    expect(answers.find((a) => a.kind === 'story')?.value).toBe(STORY_WORDS);
    expect(answers.find((a) => a.kind === 'story')?.prompt).toBe(
      "Looking back over the last six months, what do you think was the most significant change in people's lives?",
    );
    expect(answers.find((a) => a.kind === 'why')?.value).toBe(WHY_WORDS);
    const attrs = await t.db.selectFrom('story_attributes').selectAll().execute();
    expect(attrs).toEqual([]);
  });

  it('records the storyteller’s attributes and the interviewing partner', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const who = guide.attributes.find((a) => a.label === 'Who are you?')!;
    const place = guide.attributes.find((a) => a.label === 'Place')!;
    await record(
      interviewer,
      validInterview(guide, {
        [`a${who.id}`]: 'Family member',
        [`a${place.id}`]: 'Northbank',
        partnerId: String(people.facilitator.id),
      }),
    );
    const attrs = await t.db.selectFrom('story_attributes').select(['label', 'value']).orderBy('id').execute();
    expect(attrs).toEqual([
      { label: 'Who are you?', value: 'Family member' },
      { label: 'Place', value: 'Northbank' },
    ]);
    const story = await t.db.selectFrom('stories').select('partner_id').executeTakeFirstOrThrow();
    expect(story.partner_id).toBe(people.facilitator.id);
  });

  it('numbers stories one after another within the inquiry', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    await record(interviewer);
    await record(interviewer);
    const codes = (await t.db.selectFrom('stories').select('code').orderBy('id').execute()).map((s) => s.code);
    expect(codes).toEqual(['MSC-0001', 'MSC-0002']);
  });
});

describe('bad input: 422, everything typed kept, a message by each field, nothing saved', () => {
  it('asks for the required answers, the domain, the storyteller and the consent', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const story = questionOf(guide, 'story');
    const res = await record(interviewer, { intent: 'record', [story]: STORY_WORDS });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, questionOf(guide, 'why'))).toBe(
      'Answer this question, or save a draft and come back to it.',
    );
    expect(fieldError(res.body, 'domainId')).toBe('Choose the domain of change this story is about.');
    expect(fieldError(res.body, 'storyteller')).toContain('Give the storyteller a pseudonym or code');
    expect(fieldError(res.body, 'consentHow')).toBe('Say how consent was given: spoken, written or online.');
    expect(fieldError(res.body, 'consentOn')).toBe('Enter the date consent was given.');
    expect(res.body).toContain(`>\n${STORY_WORDS}</textarea>`); // exactly as typed, spaces and blank line kept
    // The summary at the top lists the problems in the order of the form.
    const summary = [...res.body.matchAll(/<li><a href="#field-(\w+)">/g)].map((m) => m[1]);
    expect(summary).toEqual([
      'storyteller',
      'domainId',
      questionOf(guide, 'why'),
      questionOf(guide, 'title'),
      'consentHow',
      'consentOn',
    ]);
    expect(await storedCounts(t.db)).toEqual({ stories: 0, answers: 0, attributes: 0, versions: 0 });
  });

  it.each([
    ['toldOn', '2026-02-30', 'Enter a real date, like 2026-03-31.'],
    ['toldOn', '31/01/2026', 'Enter a real date, like 2026-03-31.'],
    ['consentOn', '2999-01-01', 'This date is in the future. Enter the date it happened.'],
    ['domainId', '999999', 'Choose one of this inquiry’s domains of change.'],
    ['consentHow', 'telepathy', 'Say how consent was given: spoken, written or online.'],
  ])('refuses %s = %j', async (field, value, message) => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const res = await record(interviewer, validInterview(guide, { [field]: value }));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, field)).toBe(message);
    expect(res.body).toContain('value="Rose T."');
    expect((await storedCounts(t.db)).stories).toBe(0);
  });

  it('refuses an answer over 100,000 characters, keeping it on the form', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const story = questionOf(guide, 'story');
    const long = 'word '.repeat(20_001);
    const res = await record(interviewer, validInterview(guide, { [story]: long }));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, story)).toContain('longer than Hearth keeps (100,000 characters)');
    expect(res.body).toContain(long);
    expect((await storedCounts(t.db)).stories).toBe(0);
  });

  it('refuses a partner from outside the alliance', async () => {
    const stranger = await makePerson(t.db);
    const res = await record(
      await signedIn(t.app, people.interviewer.email),
      validInterview(guide, { partnerId: String(stranger.id) }),
    );
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'partnerId')).toBe('Choose the partner from this alliance’s members.');
  });

  it('refuses a field the form does not have', async () => {
    const res = await record(
      await signedIn(t.app, people.interviewer.email),
      validInterview(guide, { q999999: 'sneaky' }),
    );
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('The form had a field Hearth does not know');
    expect((await storedCounts(t.db)).stories).toBe(0);
  });

  it('keeps everything when the security token went stale', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    await interviewer.get(newUrl);
    const res = await interviewer.post(`${base}/inquiries/${guide.inquiry.id}/interviews`, {
      ...validInterview(guide),
      _csrf: 'stale',
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('this form had expired');
    expect(res.body).toContain(WHY_WORDS);
    expect((await storedCounts(t.db)).stories).toBe(0);
  });
});

describe('drafts', () => {
  it('saves a draft with whatever is typed, and records it later', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const story = questionOf(guide, 'story');
    const res = await record(interviewer, { intent: 'draft', [story]: 'Half a story, to be fin' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/\/stories\/\d+\/edit$/);
    const resume = await interviewer.get(res.headers.location as string);
    expect(flash(resume.body)).toBe('Draft saved. You can carry on now or later.');
    expect(heading(resume.body)).toContain('Carry on with a draft');
    expect(resume.body).toContain('Half a story, to be fin</textarea>');
    const action = (res.headers.location as string).replace(/\/edit$/, '');
    const done = await interviewer.post(action, validInterview(guide));
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(action);
    const stored = await t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(stored.status).toBe('recorded');
    expect((await storedCounts(t.db)).versions).toBe(0); // finishing a draft is not an edit
  });

  it('keeps a draft private to its interviewer pair and coordinators', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const res = await record(interviewer, { intent: 'draft', [questionOf(guide, 'story')]: 'Private draft' });
    const storyUrl = (res.headers.location as string).replace(/\/edit$/, '');
    const second = await makePerson(t.db, 'Second Interviewer');
    await addMember(t.db, people.coordinator, people.alliance.id, second.id, 'interviewer', null);
    expect((await (await signedIn(t.app, second.email)).get(storyUrl)).statusCode).toBe(404);
    expect((await (await signedIn(t.app, second.email)).get(`${storyUrl}/edit`)).statusCode).toBe(404);
    expect((await (await signedIn(t.app, people.facilitator.email)).get(storyUrl)).statusCode).toBe(404);
    expect((await (await signedIn(t.app, people.coordinator.email)).get(storyUrl)).statusCode).toBe(200);
  });
});

describe('editing a recorded story', () => {
  it('keeps the earlier words as a version, with who and why', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const res = await record(interviewer);
    const storyUrl = res.headers.location as string;
    await interviewer.get(`${storyUrl}/edit`);
    const edited = await interviewer.post(
      storyUrl,
      validInterview(guide, { [questionOf(guide, 'why')]: 'Because they listened.', note: 'Corrected at read-back' }),
    );
    expect(edited.statusCode).toBe(303);
    const page = await interviewer.get(storyUrl);
    expect(flash(page.body)).toBe('Changes saved. The earlier words are kept as a version.');
    expect(visibleText(page.body)).toContain('1 earlier version');
    const version = await t.db.selectFrom('story_versions').selectAll().executeTakeFirstOrThrow();
    expect(version).toMatchObject({ number: 1, edited_by: people.interviewer.id, note: 'Corrected at read-back' });
    expect(version.content).toContain(WHY_WORDS);
  });

  it('lets only the coordinator and the interviewer pair edit', async () => {
    const res = await record(await signedIn(t.app, people.interviewer.email));
    const storyUrl = res.headers.location as string;
    expect((await (await signedIn(t.app, people.facilitator.email)).get(`${storyUrl}/edit`)).statusCode).toBe(403);
    expect((await (await signedIn(t.app, people.coordinator.email)).get(`${storyUrl}/edit`)).statusCode).toBe(200);
    const other = await makeAlliance(t.db, 'Elsewhere');
    expect((await (await signedIn(t.app, other.coordinator.email)).get(`${storyUrl}/edit`)).statusCode).toBe(404);
  });
});

describe('autosave', () => {
  it('makes a draft on the first save, then keeps saving into it, answering JSON', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    await interviewer.get(newUrl);
    const story = questionOf(guide, 'story');
    const first = await interviewer.post(`${base}/inquiries/${guide.inquiry.id}/interviews/autosave`, {
      [story]: 'Typing away',
    });
    expect(first.statusCode).toBe(200);
    const saved = first.json() as { saved: boolean; action: string; autosave: string };
    expect(saved.saved).toBe(true);
    const second = await interviewer.post(saved.autosave, { [story]: 'Typing away, more words now' });
    expect(second.json()).toMatchObject({ saved: true });
    const stored = await t.db.selectFrom('stories').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.status).toBe('draft');
    const answer = await t.db
      .selectFrom('story_answers')
      .select('value')
      .where('kind', '=', 'story')
      .executeTakeFirstOrThrow();
    expect(answer.value).toBe('Typing away, more words now');
  });

  it('does not autosave over a recorded story', async () => {
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const storyUrl = (await record(interviewer)).headers.location as string;
    await interviewer.get(`${storyUrl}/edit`);
    const res = await interviewer.post(
      `${storyUrl}/autosave`,
      validInterview(guide, { [questionOf(guide, 'why')]: 'changed' }),
    );
    expect(res.statusCode).toBe(409);
    expect((await storedCounts(t.db)).versions).toBe(0);
  });
});

describe('a session that expired while typing', () => {
  it('keeps what was posted and gives it back after signing in again', async () => {
    const browser = await signedIn(t.app, people.interviewer.email);
    await browser.get(newUrl);
    // The form stays open past the end of the session (SESSION_HOURS); test/web/parked-forms.test.ts has the limits.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (t.config.sessionHours + 1) * 3600_000);
      const posted = await browser.post(`${base}/inquiries/${guide.inquiry.id}/interviews`, validInterview(guide));
      expect(posted.statusCode).toBe(303);
      expect(posted.headers.location).toBe(`/sign-in?next=${encodeURIComponent(newUrl)}&kept=1`);
      const signIn = await browser.get(posted.headers.location as string);
      expect(visibleText(signIn.body)).toContain('What you typed is kept');
      expect((await storedCounts(t.db)).stories).toBe(0);
      const back = await browser.post('/sign-in', {
        email: people.interviewer.email,
        password: PASSWORD,
        next: newUrl,
      });
      expect(back.headers.location).toBe(newUrl);
      const form = await browser.get(newUrl);
      expect(visibleText(form.body)).toContain('Here is what you typed before you were signed out');
      expect(form.body).toContain(WHY_WORDS);
      expect(form.body).toContain('value="Rose T."');
      // Given back once only.
      expect((await browser.get(newUrl)).body).not.toContain(WHY_WORDS);
    } finally {
      vi.useRealTimers();
    }
  });
});
