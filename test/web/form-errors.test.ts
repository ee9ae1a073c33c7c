/**
 * How forms report problems, as a person with a screen reader meets them (accessibility trial 7): a refused form's
 * page title starts "Error:" and its summary takes the focus on load, without scripts; each summary link names the
 * question or domain its message is about; a group's hint is tied to its fieldset; a summary link's fieldset can take
 * the focus; and a confirmation takes the focus on arrival, so it is read out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide, type Guide } from '../../server/inquiries/inquiries-store.ts';
import { Agent } from '../helpers/agent.ts';
import { decode, flash, visibleText } from '../helpers/pages.ts';
import { makeDecisionWorld, type DecisionWorld } from '../rounds/decisions-fixture.ts';
import { guestIn } from '../rounds/round-fixtures.ts';

let w: DecisionWorld;
let guide: Guide;
let inquiryPath: string;
const TELL = '/tell/form-errors-token-for-tests';

beforeAll(async () => {
  w = await makeDecisionWorld();
  inquiryPath = `${w.base}/inquiries/${w.inquiry.id}`;
  await w.t.db
    .updateTable('inquiries')
    .set({ public_token: TELL.slice('/tell/'.length), public_open: 1 })
    .where('id', '=', w.inquiry.id)
    .execute();
  guide = await loadGuide(w.t.db, w.inquiry);
}, 60_000);
afterAll(() => w.t.close());

const title = (html: string) => decode(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
/** The start tag of the element with this id. */
const tagOf = (html: string, id: string) => new RegExp(`<[a-z]+ [^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
/** The text of the element with this id (a paragraph or a fieldset's hint). */
const textOf = (html: string, id: string) =>
  visibleText(new RegExp(`<([a-z]+) [^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html)?.[2] ?? '');
const describedBy = (html: string, id: string) =>
  (/aria-describedby="([^"]*)"/.exec(tagOf(html, id))?.[1] ?? '').split(' ').filter(Boolean);
/** The error summary's start tag (or '' when there is none), and the words of each of its links by target. */
const summaryTag = (html: string) => /<div class="error-summary"[^>]*>/.exec(html)?.[0] ?? '';
function summaryLinks(html: string): Record<string, string> {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return Object.fromEntries(
    [...summary.matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [m[1]!, visibleText(m[2]!)]),
  );
}
const flashTag = (html: string) => /<p class="flash"[^>]*>/.exec(html)?.[0] ?? '';
const q = (kind: string) => `q${guide.questions.find((question) => question.kind === kind)!.id}`;

/** What every refused page must show: the title says so, and its summary is focused on load. */
function expectRefused(html: string, pageTitle: string) {
  expect(title(html)).toMatch(new RegExp(`^Error: ${pageTitle} · `));
  expect(summaryTag(html)).toMatch(/ tabindex="-1" autofocus>$/);
  expect(flashTag(html)).not.toContain('autofocus'); // one element asks for the focus: the summary
}

describe('a refused form', () => {
  it('says "Error:" in the title and focuses its summary: sign-in, empty and with a wrong password', async () => {
    const visitor = new Agent(w.t.app);
    const ok = await visitor.get('/sign-in');
    expect(title(ok.body)).toBe('Sign in · Hearth');
    expect(summaryTag(ok.body)).toBe('');
    const empty = await visitor.submit('/sign-in', '/sign-in', { email: '', password: '' });
    expect(empty.statusCode).toBe(422);
    expectRefused(empty.body, 'Sign in');
    const wrong = await visitor.submit('/sign-in', '/sign-in', { email: w.people.reader.email, password: 'not it!' });
    expectRefused(wrong.body, 'Sign in');
  });

  it('does the same on /join with an unknown code, on a vote with too many dots, and the learning log', async () => {
    const visitor = new Agent(w.t.app);
    const join = await visitor.submit('/join', '/join', { code: 'ZZZ ZZZ', name: 'Ana' });
    expect(join.statusCode).toBe(422);
    expectRefused(join.body, 'Join a round');

    const guest = await guestIn(w.t.app, w.round.join_code);
    const vote = `/rounds/${w.round.id}/take-part/vote`;
    await guest.get(vote);
    const tooMany = await guest.post(vote, { [`dots-${w.lives[0]!.id}`]: '9' });
    expect(tooMany.statusCode).toBe(422);
    expectRefused(tooMany.body, 'Your vote');

    await w.as.facilitator.get(`${inquiryPath}/learning`);
    const log = await w.as.facilitator.post(`${inquiryPath}/learning`, {
      kind: 'learned',
      text: 'Panels want shorter packs.',
      status: 'open',
      stories: 'MSC-9999',
    });
    expect(log.statusCode).toBe(422);
    expectRefused(log.body, 'Learning log');
  });

  it('does the same for a page’s own summary: a round that cannot close with domains undecided', async () => {
    await w.as.facilitator.get(w.roundPath);
    const res = await w.as.facilitator.post(`${w.roundPath}/stage`, { to: 'closed' });
    expect(res.statusCode).toBe(422);
    expectRefused(res.body, 'Table 3 round');
  });
});

describe('the summary links', () => {
  it('name the question on the interview form, where the message beside each field is the same', async () => {
    const page = `${inquiryPath}/interviews/new`;
    await w.as.interviewer.get(page);
    const res = await w.as.interviewer.post(`${inquiryPath}/interviews`, { intent: 'record', storyteller: 'Rose' });
    expect(res.statusCode).toBe(422);
    expectRefused(res.body, 'Record an interview');
    const links = summaryLinks(res.body);
    expect(links[`field-${q('why')}`]).toBe(
      'Why is this significant to you?: Answer this question, or save a draft and come back to it.',
    );
    expect(links[`field-${q('title')}`]).toBe(
      'What title would you give your story?: Answer this question, or save a draft and come back to it.',
    );
    expect(new Set(Object.values(links)).size).toBe(Object.values(links).length); // no two links read the same
    // Beside the field the message stays short: the question is just above it.
    expect(textOf(res.body, `field-${q('why')}-error`)).toBe(
      'Error: Answer this question, or save a draft and come back to it.',
    );
  });

  it('name the question on the public storytelling form, in French with its narrow no-break space', async () => {
    const visitor = new Agent(w.t.app);
    const res = await visitor.submit(TELL, TELL, { storyteller: 'Sam', [q('story')]: 'It changed.' });
    expect(res.statusCode).toBe(422);
    expect(title(res.body)).toMatch(/^Error: /);
    expect(summaryLinks(res.body)[`field-${q('why')}`]).toBe(
      'Why is this significant to you?: Answer this question before you send your story.',
    );
    await visitor.get(`/language?lang=fr&next=${encodeURIComponent(TELL)}`);
    const fr = await visitor.submit(TELL, TELL, { storyteller: 'Sam', [q('story')]: 'It changed.' });
    expect(title(fr.body)).toMatch(/^Erreur\u202f: /);
    expect(summaryLinks(fr.body)[`field-${q('why')}`]).toBe(
      'Why is this significant to you?: Répondez à cette question avant d’envoyer votre récit.',
    );
    // (visibleText reads any space as one, and none before a colon): the page itself has the narrow one.
    expect(decode(fr.body)).toContain('Why is this significant to you?</bdi>\u202f: Répondez');
  });

  it('name the domain on the decide page, which has one form per domain', async () => {
    const decide = `${w.roundPath}/decide`;
    const lives = String(w.domainIds.lives);
    await w.as.facilitator.get(decide);
    const res = await w.as.facilitator.post(decide, { domain: lives, chooseNone: 'yes', reasons: '' });
    expect(res.statusCode).toBe(422);
    expectRefused(res.body, "Record the panel's decisions");
    expect(summaryLinks(res.body)[`field-reasons-${lives}`]).toBe(
      "Changes in people's lives: Write the panel's reasons (up to 10,000 characters).",
    );
  });
});

describe('groups of choices', () => {
  it('tie each hint to its fieldset, with the message first when there is one, and can take the focus', async () => {
    const form = await w.as.interviewer.get(`${inquiryPath}/interviews/new`);
    for (const [group, hint] of [
      ['field-consent', 'Tick each use the storyteller agrees to.'],
      ['field-domainId', 'Which area of change is this story about?'],
    ] as const) {
      expect(tagOf(form.body, group)).toContain('tabindex="-1"');
      expect(describedBy(form.body, group)).toEqual([`${group}-hint`]);
      expect(textOf(form.body, `${group}-hint`)).toContain(hint);
    }
    const refused = await w.as.interviewer.post(`${inquiryPath}/interviews`, { intent: 'record' });
    expect(describedBy(refused.body, 'field-consentHow')).toEqual(['field-consentHow-error']);
    expect(tagOf(refused.body, 'field-consentHow')).toContain('tabindex="-1"');
    expect(describedBy(refused.body, 'field-domainId')).toEqual(['field-domainId-error', 'field-domainId-hint']);

    const round = await w.as.facilitator.get(`${inquiryPath}/rounds/new`);
    expect(describedBy(round.body, 'field-domains')).toEqual(['field-domains-hint']);
    expect(textOf(round.body, 'field-domains-hint')).toBe('Tick none to cover all of them.');

    const decide = await w.as.facilitator.get(`${w.roundPath}/decide`);
    const lives = String(w.domainIds.lives);
    expect(describedBy(decide.body, `field-stories-${lives}`)).toEqual([`field-stories-${lives}-hint`]);
    expect(textOf(decide.body, `field-stories-${lives}-hint`)).toMatch(/^Tick one story/);
  });
});

describe('a confirmation', () => {
  it('takes the focus on arrival, and the title says nothing of an error', async () => {
    const decide = `${w.roundPath}/decide`;
    await w.as.coordinator.get(decide);
    const res = await w.as.coordinator.post(decide, {
      domain: String(w.domainIds.services),
      'stories[]': String(w.services.id),
      reasons: 'It shows two teams working as one for the first time.',
    });
    expect(res.statusCode).toBe(303);
    const page = await w.as.coordinator.get(decide);
    expect(flashTag(page.body)).toBe('<p class="flash" role="status" tabindex="-1" autofocus>');
    expect(flash(page.body)).toBe('Decision recorded.');
    expect(title(page.body)).not.toMatch(/Error/);
    expect(summaryTag(page.body)).toBe('');

    const guest = await guestIn(w.t.app, w.round.join_code, 'Lee');
    const vote = `/rounds/${w.round.id}/take-part/vote`;
    await guest.get(vote);
    expect((await guest.post(vote, { [`dots-${w.lives[1]!.id}`]: '2' })).statusCode).toBe(303);
    expect(flashTag((await guest.get(vote)).body)).toContain(' tabindex="-1" autofocus');

    const signedOut = await new Agent(w.t.app).get('/sign-in?bye=1');
    expect(flash(signedOut.body)).toBe('You have signed out.');
    expect(flashTag(signedOut.body)).toContain(' tabindex="-1" autofocus');
  });
});
