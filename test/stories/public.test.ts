import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { Agent, signedIn, type Fields } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeGuide, questionOf, storedCounts, STORY_WORDS, TITLE_WORDS, WHY_WORDS } from '../helpers/interviews.ts';
import { copyLink, fieldError, flash, heading, visibleText } from '../helpers/pages.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let guide: Guide;
let tell: string;
beforeEach(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  guide = await makeGuide(t.db, people.alliance.id, people.coordinator);
  await t.db
    .updateTable('inquiries')
    .set({ public_token: 'open-sesame-token-for-tests', public_open: 1 })
    .where('id', '=', guide.inquiry.id)
    .execute();
  tell = '/tell/open-sesame-token-for-tests';
});
afterEach(() => t.close());

function telling(overrides: Fields = {}): Fields {
  return {
    domainId: String(guide.domains[0]!.id),
    storyteller: 'Sam',
    [questionOf(guide, 'story')]: STORY_WORDS,
    [questionOf(guide, 'why')]: WHY_WORDS,
    [questionOf(guide, 'title')]: TITLE_WORDS,
    consent: ['panels', 'quotes'],
    ...overrides,
  };
}

async function tellStory(agent = new Agent(t.app), fields = telling()) {
  const res = await agent.submit(tell, tell, fields);
  const receipt =
    res.statusCode === 201 && res.body.includes('id="receipt-link"') ? copyLink(res.body, 'receipt-link') : undefined;
  return { res, agent, receipt: receipt ? new URL(receipt).pathname : undefined };
}

describe('the public storytelling link', () => {
  it('shows the inquiry and a form anyone can fill in, without an account', async () => {
    const res = await new Agent(t.app).get(tell);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Spring stories');
    expect(visibleText(res.body)).toContain('Tell your story in your own words');
    expect(visibleText(res.body)).not.toContain('Interviewing partner');
  });

  it('speaks to the teller, not to an interviewer', async () => {
    const text = visibleText((await new Agent(t.app).get(tell)).body);
    expect(text).toContain('Tick each use you agree to.');
    expect(text).toContain('Keep me anonymous: nothing that could identify me goes with my story');
    expect(text).toContain('most significant change in the area you chose above?');
    // The guide's guidance is for interviewers ("Let the storyteller tell it their way…"): not shown here.
    const guidance = guide.questions.map((q) => q.help).filter(Boolean);
    expect(guidance.length).toBeGreaterThan(0);
    for (const help of guidance) expect(text).not.toContain(help);
    expect(text).not.toMatch(/the storyteller|domain chosen/i);
  });

  it('asks what the story is mostly about in plain words, in every language, and offers no draft', async () => {
    const plain = {
      en: 'What your story is mostly about',
      es: 'De qué trata sobre todo su historia',
      fr: 'De quoi parle surtout votre récit',
      ar: 'عمّا تتحدث قصتك في الأساس',
    };
    for (const [language, legend] of Object.entries(plain)) {
      const agent = new Agent(t.app);
      agent.setCookie('hearth_lang', language);
      const text = visibleText((await agent.get(tell)).body);
      expect(text, language).toContain(legend);
      // The method's words, in each language, are for the people running the inquiry.
      expect(text, language).not.toMatch(/domain of change|dominio de cambio|domaine de changement|مجال التغيير/i);
      expect(text, language).not.toMatch(/draft|borrador|brouillon|مسودة/i);
    }
  });

  it('names each language the story may be told in, in itself, not by its code', async () => {
    await t.db.updateTable('inquiries').set({ languages: 'en,es' }).where('id', '=', guide.inquiry.id).execute();
    const page = (await new Agent(t.app).get(tell)).body;
    // Each name marked with its own language, so a screen reader says "español" in Spanish.
    expect(page).toContain('<option value="en" lang="en" dir="ltr" selected>English</option>');
    expect(page).toContain('<option value="es" lang="es" dir="ltr">español</option>');
  });

  it('stores the story with online consent given today, and gives a private receipt link once', async () => {
    const { res, receipt } = await tellStory();
    expect(res.statusCode).toBe(201);
    expect(heading(res.body)).toBe('Thank you for your story');
    expect(receipt).toMatch(/^\/receipt\/[A-Za-z0-9_-]{43}$/);
    const story = await t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(story).toMatchObject({
      route: 'public',
      status: 'recorded',
      interviewer_id: null,
      consent_how: 'online',
      consent_on: new Date().toISOString().slice(0, 10),
      consent_panels: 1,
      consent_quotes: 1,
      consent_packs: 0,
    });
    expect(story.receipt_hash).not.toContain(receipt!.split('/').pop());
    const answer = await t.db
      .selectFrom('story_answers')
      .select('value')
      .where('kind', '=', 'story')
      .executeTakeFirstOrThrow();
    expect(answer.value).toBe(STORY_WORDS);
  });

  it('keeps everything typed when an answer is missing, saving nothing', async () => {
    const why = questionOf(guide, 'why');
    const { res } = await tellStory(undefined, telling({ [why]: '', domainId: undefined }));
    expect(res.statusCode).toBe(422);
    // There is no draft to save on the public link, and no "domain of change" for a storyteller.
    expect(fieldError(res.body, why)).toBe('Answer this question before you send your story.');
    expect(fieldError(res.body, 'domainId')).toBe('Choose what your story is mostly about.');
    expect(res.body).toContain(`>\n${STORY_WORDS}</textarea>`);
    expect((await storedCounts(t.db)).stories).toBe(0);
  });

  it('refuses a story with no use ticked, saying so beside the uses and keeping what was typed', async () => {
    const { res } = await tellStory(undefined, telling({ consent: undefined }));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'consent')).toBe('Tick at least one way we may use your story.');
    expect(res.body).toContain('<li><a href="#field-consent">Tick at least one way we may use your story.</a></li>');
    expect(res.body).toContain(`>\n${STORY_WORDS}</textarea>`);
    expect(res.body).toContain('value="Sam"');
    expect((await storedCounts(t.db)).stories).toBe(0);
    // One use is enough.
    expect((await tellStory(undefined, telling({ consent: 'publish' }))).res.statusCode).toBe(201);
  });

  it('stores a story whose teller asked to stay anonymous and gave no name', async () => {
    const { res } = await tellStory(undefined, telling({ storyteller: '', anonymous: 'yes' }));
    expect(res.statusCode).toBe(201);
    const story = await t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(story).toMatchObject({ storyteller: '', anonymous: 1 });
  });

  it('thanks a bot that fills in the hidden field, and keeps nothing', async () => {
    const { res } = await tellStory(undefined, telling({ website: 'http://spam.example' }));
    expect(res.statusCode).toBe(201);
    expect((await storedCounts(t.db)).stories).toBe(0);
  });

  it('says plainly when the link is closed, and 404 for a link that never existed', async () => {
    await t.db.updateTable('inquiries').set({ public_open: 0 }).execute();
    const closed = await new Agent(t.app).get(tell);
    expect(closed.statusCode).toBe(410);
    expect(heading(closed.body)).toBe('This storytelling link is closed');
    expect((await new Agent(t.app).get('/tell/no-such-link')).statusCode).toBe(404);
  });

  it('limits how many stories one address can send in a minute, giving the story back to send again', async () => {
    const agent = new Agent(t.app);
    await agent.get(tell);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await agent.post(tell, telling())).statusCode);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const stored = await t.db.selectFrom('stories').select('id').execute();
    const words = 'The one I told twenty-first, after the others at the event.';
    const late = await agent.post(tell, telling({ [questionOf(guide, 'story')]: words }));
    expect(late.statusCode).toBe(429);
    expect(late.headers['retry-after']).toBeDefined();
    expect(visibleText(late.body)).toContain('Many stories have been sent from this connection in the last minute.');
    expect(late.body).toContain(words);
    expect(await t.db.selectFrom('stories').select('id').execute()).toHaveLength(stored.length);
  });
});

describe('the receipt link', () => {
  it('shows the storyteller their story and what they agreed to', async () => {
    const { agent, receipt } = await tellStory();
    const page = await agent.get(receipt!);
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe(TITLE_WORDS);
    expect(visibleText(page.body)).toContain('Yes: Quoted in reports');
    expect(visibleText(page.body)).toContain('No: Printed in story packs for events');
    // Told through the link, nothing was recorded: nothing is said about a recording.
    expect(visibleText(page.body)).not.toMatch(/recording/i);
  });

  it('refuses a correction that unticks every use, keeping the correction', async () => {
    const { agent, receipt } = await tellStory();
    const why = questionOf(guide, 'why');
    const res = await agent.submit(
      `${receipt}/edit`,
      `${receipt}/edit`,
      telling({ consent: undefined, [why]: 'Because they listen now.' }),
    );
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'consent')).toBe('Tick at least one way we may use your story.');
    expect(res.body).toContain('Because they listen now.');
    expect(await t.db.selectFrom('story_versions').select('id').execute()).toEqual([]);
  });

  it('names the language of the story in the downloaded receipt, not by its code', async () => {
    const { agent, receipt } = await tellStory();
    const text = (await agent.get(`${receipt}/download`)).body;
    expect(text).toContain('\nLanguage: English\n');
    expect(text).not.toMatch(/recording/i);
  });

  it('lets them correct it, keeping the earlier words as a version by the storyteller', async () => {
    const { agent, receipt } = await tellStory();
    const res = await agent.submit(
      `${receipt}/edit`,
      `${receipt}/edit`,
      telling({ [questionOf(guide, 'why')]: 'Because they listen now.' }),
    );
    expect(res.statusCode).toBe(303);
    expect(flash((await agent.get(res.headers.location as string)).body)).toBe('Your correction is saved.');
    const version = await t.db.selectFrom('story_versions').selectAll().executeTakeFirstOrThrow();
    expect(version).toMatchObject({
      edited_by: null,
      // Marks, not English words: each page names the storyteller in its reader's language.
      editor_name: '@storyteller',
      note: '@corrected-by-storyteller',
    });
    expect(version.content).toContain(WHY_WORDS);
  });

  it('lets them withdraw it: the words are gone from Hearth, the staff page says withdrawn', async () => {
    const { agent, receipt } = await tellStory();
    const res = await agent.submit(`${receipt}/withdraw`, `${receipt}/withdraw`, {});
    expect(res.statusCode).toBe(303);
    const page = await agent.get(receipt!);
    expect(visibleText(page.body)).toContain('This story has been withdrawn at your request');
    expect(page.body).not.toContain('nurse and the housing officer');
    expect(await storedCounts(t.db)).toEqual({ stories: 1, answers: 0, attributes: 0, versions: 0 });
    const story = await t.db.selectFrom('stories').selectAll().executeTakeFirstOrThrow();
    expect(story).toMatchObject({ status: 'withdrawn', title: '', storyteller: '' });
    const staff = await (
      await signedIn(t.app, people.coordinator.email)
    ).get(`/alliances/${people.alliance.id}/stories/${story.id}`);
    expect(visibleText(staff.body)).toContain('withdrawn at the storyteller’s request');
    expect(staff.body).not.toContain(TITLE_WORDS);
    // Its other receipt pages say so too, rather than "Page not found" (test/stories/receipt-withdrawn.test.ts).
    const edit = await agent.get(`${receipt}/edit`);
    expect(edit.statusCode).toBe(410);
    expect(visibleText(edit.body)).toContain('This story has been withdrawn at your request');
    expect(edit.body).not.toContain('nurse and the housing officer');
  });

  it('gives 404 for a receipt that does not exist', async () => {
    expect((await new Agent(t.app).get('/receipt/not-a-real-receipt')).statusCode).toBe(404);
  });
});
