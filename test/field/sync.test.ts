/**
 * Interviews sent from a phone in the field (issue 17): stored once per device id however often and however
 * concurrently they are sent, refused with a message per field (nothing stored), 401 JSON when the session has
 * ended (the phone then says "sign in to send"), CSRF-checked like every form, and kept with the questions exactly
 * as the phone asked them when the guide changed while it was offline.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { removeItem } from '../../server/inquiries/guide-lists-store.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { findStory } from '../../server/stories/store.ts';
import { translator } from '../../server/web/i18n.ts';
import { addQuestion, updateQuestion } from '../../server/inquiries/guide-store.ts';
import { loadGuide, type Guide } from '../../server/inquiries/inquiries-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, questionOf, STORY_WORDS, storedCounts } from '../helpers/interviews.ts';
import { dataAttribute, phoneSession, recordOnPhone, send, takeIntoTheField, type FieldForm } from './field-fixture.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let phone: Agent;
let form: FieldForm;
let csrf: string;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  phone = await signedIn(t.app, people.interviewer.email);
  form = await takeIntoTheField(phone, guide);
  csrf = (await phoneSession(phone, form)).body.csrf!;
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

const storiesWithDeviceId = (deviceId: string) =>
  t.db.selectFrom('stories').selectAll().where('device_id', '=', deviceId).execute();

describe('the pages of the field', () => {
  it('lists the inquiries with the ordinary form and taking them into the field; the form posts as the ordinary one', async () => {
    const home = await phone.get(`/alliances/${people.alliance.id}/field`);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(`href="/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews/new"`);
    expect(home.body).toContain('<link rel="manifest" href="/field/manifest.webmanifest">');
    const device = dataAttribute<{ session: string; texts: Record<string, string> }>(home.body, 'data-field-device');
    expect(device.session).toBe(`/alliances/${people.alliance.id}/field/session.json`);
    expect(device.texts.stateSignIn).toBe('Sign in to send');
    expect(device.texts.waiting_other).toBe('{{count}} interviews waiting to send');

    const page = await phone.get(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/field/interview`);
    expect(page.body).toContain(`action="/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/interviews"`);
    // Each question as it is asked in each domain, so the phone can send the words it showed.
    const story = form.questions.find((q) => q.kind === 'story')!;
    const domain = guide.domains[0]!;
    expect(story.prompts[String(domain.id)]).toContain("people's lives");
    expect(form.send).toBe(`/alliances/${people.alliance.id}/inquiries/${guide.inquiry.id}/field/interviews`);
  });

  it('serves the service worker from the root, and the manifest of an installable app', async () => {
    const sw = await t.app.inject({ method: 'GET', url: '/field-sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['content-type']).toMatch(/^text\/javascript/);
    expect(sw.body).toContain("addEventListener('fetch'");
    const manifest = await t.app.inject({ method: 'GET', url: '/field/manifest.webmanifest' });
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(manifest.json()).toMatchObject({ start_url: '/field', scope: '/', display: 'standalone' });
    const start = await phone.get('/field');
    expect(start.headers.location).toBe(`/alliances/${people.alliance.id}/field`);
  });
});

describe('sending an interview from the field', () => {
  it('stores it with the device id, the questions as asked and the consent, and answers with its code', async () => {
    const interview = recordOnPhone(form, guide);
    const res = await send(t.app, phone.cookie, form, interview, csrf);
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(answer).toMatchObject({ status: 'stored', deviceId: interview.deviceId });
    expect(answer.code).toMatch(/^MSC-\d{4}$/);
    const [story] = await storiesWithDeviceId(interview.deviceId);
    expect(story).toMatchObject({ code: answer.code, status: 'recorded', route: 'interview', consent_panels: 1 });
    expect(story!.interviewer_id).toBe(people.interviewer.id);
    expect(answer.url).toBe(`/alliances/${people.alliance.id}/stories/${story!.id}`);
    const answers = await t.db.selectFrom('story_answers').selectAll().where('story_id', '=', story!.id).execute();
    expect(answers.find((a) => a.kind === 'story')!.value).toBe(STORY_WORDS); // exactly as typed
    expect(answers.map((a) => a.prompt)).toEqual(
      interview.asked.filter((q) => answers.some((a) => a.question_id === q.questionId)).map((q) => q.prompt),
    );
  });

  it('stores a retry once, and answers it the same, even when its fields differ (a second phone)', async () => {
    const interview = recordOnPhone(form, guide);
    const first = await send(t.app, phone.cookie, form, interview, csrf);
    const before = await storedCounts(t.db);
    const retry = await send(t.app, phone.cookie, form, interview, csrf);
    const otherPhone = await signedIn(t.app, people.coordinator.email);
    const otherCsrf = (await phoneSession(otherPhone, form)).body.csrf;
    const changed = { ...interview, values: { ...interview.values, storyteller: 'Someone else' } };
    const second = await send(t.app, otherPhone.cookie, form, changed, otherCsrf);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(second.json()).toEqual(first.json());
    expect(await storedCounts(t.db)).toEqual(before);
    const stored = await storiesWithDeviceId(interview.deviceId);
    expect(stored.map((s) => s.storyteller)).toEqual(['Rose T.']);
    // The same id in capitals is the same interview.
    const shouted = await send(
      t.app,
      phone.cookie,
      form,
      { ...interview, deviceId: interview.deviceId.toUpperCase() },
      csrf,
    );
    expect(shouted.json()).toEqual(first.json());
  });

  it('never brings a withdrawn story back: sent again, it is answered as stored and nothing is stored', async () => {
    const interview = recordOnPhone(form, guide);
    const first = await send(t.app, phone.cookie, form, interview, csrf);
    const story = await findStory(t.db, people.alliance.id, (await storiesWithDeviceId(interview.deviceId))[0]!.id);
    await withdrawStory(t.db, people.interviewer, people.interviewer.name, story!);
    const before = await storedCounts(t.db);
    const again = await send(t.app, phone.cookie, form, interview, csrf);
    expect(again.json()).toEqual(first.json());
    expect(await storedCounts(t.db)).toEqual(before);
    expect((await storiesWithDeviceId(interview.deviceId)).map((s) => s.status)).toEqual(['withdrawn']);
  });

  it('stores an interview sent many times at once exactly once, and gives every sending the same answer', async () => {
    const interview = recordOnPhone(form, guide);
    const before = await storedCounts(t.db);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => send(t.app, phone.cookie, form, interview, csrf)),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const codes = new Set(answers.map((r) => r.json().code));
    expect(codes.size).toBe(1);
    expect(await storiesWithDeviceId(interview.deviceId)).toHaveLength(1);
    expect((await storedCounts(t.db)).stories).toBe(before.stories + 1);
  });

  it('refuses an interview with a message beside each field to correct, stores nothing, and takes it corrected', async () => {
    const interview = recordOnPhone(form, guide, {
      consentHow: undefined,
      domainId: '999999',
      storyteller: '',
      [questionOf(guide, 'story')]: '',
    });
    const before = await storedCounts(t.db);
    const res = await send(t.app, phone.cookie, form, interview, csrf);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.status).toBe('refused');
    expect(body.message).toBe('Hearth did not accept this interview. Correct it and it will be sent again.');
    expect(Object.keys(body.errors)).toEqual(['storyteller', 'domainId', questionOf(guide, 'story'), 'consentHow']);
    expect(body.errors.consentHow).toMatch(/consent/i);
    expect(body.errors.domainId).not.toBe('stories.errors.domain'); // translated, not a key
    expect(await storedCounts(t.db)).toEqual(before);

    const corrected = recordOnPhone(form, guide);
    const again = await send(t.app, phone.cookie, form, { ...corrected, deviceId: interview.deviceId }, csrf);
    expect(again.statusCode).toBe(200);
    expect(await storiesWithDeviceId(interview.deviceId)).toHaveLength(1);
  });

  // Each language's plural forms of a count the phone shows, as i18next names them.
  const WAITING_FORMS: Record<string, string[]> = {
    es: ['waiting_many', 'waiting_one', 'waiting_other'],
    fr: ['waiting_many', 'waiting_one', 'waiting_other'],
    ar: ['waiting_few', 'waiting_many', 'waiting_one', 'waiting_other', 'waiting_two', 'waiting_zero'],
  };

  it.each(['es', 'fr', 'ar'])('answers in the interviewer’s language (%s)', async (language) => {
    const t_ = translator(language);
    await t.db.updateTable('users').set({ language }).where('id', '=', people.interviewer.id).execute();
    try {
      const res = await send(t.app, phone.cookie, form, recordOnPhone(form, guide, { storyteller: '' }), csrf);
      expect(res.json().message).toBe(t_('field.sync.refused'));
      expect(res.json().message).not.toBe(translator('en')('field.sync.refused'));
      // The phone's page speaks the language offline too, with each of its plural forms.
      const home = await phone.get(`/alliances/${people.alliance.id}/field`);
      expect(home.body).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}"`);
      const { texts } = dataAttribute<{ texts: Record<string, string> }>(home.body, 'data-field-device');
      expect(texts.stateSignIn).toBe(t_('field.client.stateSignIn'));
      expect(
        Object.keys(texts)
          .filter((k) => k.startsWith('waiting_'))
          .sort(),
      ).toEqual(WAITING_FORMS[language]);
    } finally {
      await t.db.updateTable('users').set({ language: 'en' }).where('id', '=', people.interviewer.id).execute();
    }
  });

  it('answers 401 JSON when the session has ended (the phone keeps the interview), and nothing is stored', async () => {
    const interview = recordOnPhone(form, guide);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (t.config.sessionHours * 3600 + 60) * 1000);
    const session = await phoneSession(phone, form);
    expect(session.status).toBe(401);
    expect(session.body).toMatchObject({ status: 'signIn' });
    const res = await send(t.app, phone.cookie, form, interview, csrf);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ status: 'signIn', error: 'errors.signedOut' });
    // No cookie at all: the same.
    expect((await send(t.app, '', form, interview, csrf)).statusCode).toBe(401);
    expect(await storiesWithDeviceId(interview.deviceId)).toHaveLength(0);
  });

  it('refuses a missing or another session’s CSRF token with 403 JSON, storing nothing', async () => {
    const interview = recordOnPhone(form, guide);
    const other = await signedIn(t.app, people.coordinator.email);
    const otherToken = (await phoneSession(other, form)).body.csrf;
    for (const token of [undefined, 'not-a-token', otherToken]) {
      const res = await send(t.app, phone.cookie, form, interview, token);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ status: 'error', error: 'errors.csrf' });
    }
    // A form post (not JSON) without the envelope is not an interview either.
    const formPost = await phone.post(form.send, { deviceId: interview.deviceId });
    expect(formPost.statusCode).toBe(400);
    expect(await storiesWithDeviceId(interview.deviceId)).toHaveLength(0);
  });

  it('lets only those who record interviews send, in their own alliance', async () => {
    const interview = recordOnPhone(form, guide);
    const facilitator = await signedIn(t.app, people.facilitator.email);
    const refused = await send(t.app, facilitator.cookie, form, interview, facilitator.csrf);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ status: 'error', error: 'errors.forbidden' });

    const away = await makeAlliance(t.db, 'Moorland');
    const outsider = await signedIn(t.app, away.interviewer.email);
    const notFound = await send(t.app, outsider.cookie, form, interview, outsider.csrf);
    expect(notFound.statusCode).toBe(404);
    // An id already stored in another alliance: refused, telling nothing of that story.
    const stored = recordOnPhone(form, guide);
    await send(t.app, phone.cookie, form, stored, csrf);
    const awayGuide = await makeGuide(t.db, away.alliance.id, away.coordinator);
    const awayForm = await takeIntoTheField(outsider, awayGuide);
    const awayCsrf = (await phoneSession(outsider, awayForm)).body.csrf;
    const clash = await send(
      t.app,
      outsider.cookie,
      awayForm,
      { ...recordOnPhone(awayForm, awayGuide), deviceId: stored.deviceId },
      awayCsrf,
    );
    expect(clash.statusCode).toBe(409);
    expect(JSON.stringify(clash.json())).not.toMatch(/MSC-/);
    expect(await storiesWithDeviceId(interview.deviceId)).toHaveLength(0);
  });

  it('refuses a device id that is not a UUID, and a body that is not an interview, with 400 JSON', async () => {
    const interview = recordOnPhone(form, guide);
    for (const deviceId of ['', 'abc', `${interview.deviceId}x`]) {
      const res = await send(t.app, phone.cookie, form, { ...interview, deviceId }, csrf);
      expect(res.statusCode).toBe(400);
      expect(res.json().status).toBe('error');
    }
  });
});

describe('a guide changed while the phone was offline', () => {
  it('keeps every question exactly as the phone asked it; a question added since is not required of it', async () => {
    const inquiry = (await makeGuide(t.db, people.alliance.id, people.coordinator, 'msc', 'Changing guide')).inquiry;
    const before = await loadGuide(t.db, inquiry);
    const offline = await takeIntoTheField(phone, before);
    const interview = recordOnPhone(offline, before);
    const why = before.questions.find((q) => q.kind === 'why')!;
    const difference = before.questions.find((q) => q.kind === 'long')!;
    interview.values[`q${difference.id}`] = 'We talk to each other now.';

    // Meanwhile the coordinator rewords a question, removes another, and adds a required one.
    await updateQuestion(t.db, people.coordinator, inquiry, why, {
      kind: 'why',
      prompt: 'Why does this matter so much to you?',
      help: '',
      required: true,
      options: [],
      phase: null,
    });
    await removeItem(t.db, people.coordinator, inquiry, 'questions', difference.id);
    await addQuestion(t.db, people.coordinator, inquiry, {
      kind: 'short',
      prompt: 'Who else was there?',
      help: '',
      required: true,
      options: [],
      phase: null,
    });

    const res = await send(t.app, phone.cookie, offline, interview, csrf);
    expect(res.statusCode).toBe(200);
    const [story] = await storiesWithDeviceId(interview.deviceId);
    const answers = await t.db
      .selectFrom('story_answers')
      .selectAll()
      .where('story_id', '=', story!.id)
      .orderBy('position')
      .execute();
    const asked = new Map(interview.asked.map((a) => [a.questionId, a.prompt]));
    expect(answers.find((a) => a.question_id === why.id)!.prompt).toBe(asked.get(why.id));
    expect(asked.get(why.id)).toBe('Why is this significant to you?');
    // The removed question's answer is kept, with the question as asked, in the order the phone asked it.
    const removed = answers.find((a) => a.value === 'We talk to each other now.')!;
    expect(removed).toMatchObject({ question_id: null, kind: 'long', prompt: asked.get(difference.id) });
    expect(answers.map((a) => a.prompt)).toEqual(
      interview.asked.filter((q) => answers.some((a) => a.prompt === q.prompt)).map((q) => q.prompt),
    );
    expect(answers.some((a) => a.prompt === 'Who else was there?')).toBe(false);
  });

  it('keeps an answer about the storyteller whose question was removed since, with its label as asked', async () => {
    const inquiry = (await makeGuide(t.db, people.alliance.id, people.coordinator, 'msc', 'Changing attributes'))
      .inquiry;
    const before = await loadGuide(t.db, inquiry);
    const attribute = before.attributes[0]!;
    const offline = await takeIntoTheField(phone, before);
    const interview = recordOnPhone(offline, before, { [`a${attribute.id}`]: 'Over 65' });
    await removeItem(t.db, people.coordinator, inquiry, 'attributes', attribute.id);
    const res = await send(t.app, phone.cookie, offline, interview, csrf);
    expect(res.statusCode).toBe(200);
    const [story] = await storiesWithDeviceId(interview.deviceId);
    const kept = await t.db.selectFrom('story_attributes').selectAll().where('story_id', '=', story!.id).execute();
    expect(kept).toContainEqual(
      expect.objectContaining({ attribute_id: null, label: attribute.label, value: 'Over 65' }),
    );
  });

  it('refuses a domain removed since, so the interviewer chooses another on the phone', async () => {
    const inquiry = (await makeGuide(t.db, people.alliance.id, people.coordinator, 'msc', 'Changing domains')).inquiry;
    const before = await loadGuide(t.db, inquiry);
    const offline = await takeIntoTheField(phone, before);
    const interview = recordOnPhone(offline, before);
    await removeItem(t.db, people.coordinator, inquiry, 'domains', Number(interview.values.domainId));
    const res = await send(t.app, phone.cookie, offline, interview, csrf);
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().errors)).toEqual(['domainId']);
    const now = await loadGuide(t.db, inquiry);
    const fixed = { ...interview, values: { ...interview.values, domainId: String(now.domains[0]!.id) } };
    expect((await send(t.app, phone.cookie, offline, fixed, csrf)).statusCode).toBe(200);
  });
});

it('keeps device ids unique in the database itself', async () => {
  const deviceId = randomUUID();
  const interview = { ...recordOnPhone(form, guide), deviceId };
  await send(t.app, phone.cookie, form, interview, csrf);
  const [story] = await storiesWithDeviceId(deviceId);
  await expect(
    t.db
      .insertInto('stories')
      .values({ ...story!, id: undefined, code: 'MSC-9999' } as never)
      .execute(),
  ).rejects.toThrow();
});
