/** The stories of an inquiry: the list, its filters, pagination, who sees drafts and withdrawn stories. */
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Role, User } from '../../server/db/schema.ts';
import { ANSWER_COUNT_CAP, LIST_COUNT_CAP, listStories } from '../../server/stories/list-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let other: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let coordinator: Agent;
let url: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  other = await makeAlliance(t.db, 'Other Alliance');
  inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  coordinator = await signedIn(t.app, people.coordinator.email);
  url = `/alliances/${alliance.id}/inquiries/${inquiry.id}/stories`;
});
afterEach(() => t.close());

/** The page with attribute values decoded as a browser reads them (Handlebars writes = as &#x3D;). */
const decoded = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

/** The story codes in the list's table, in order. */
const codes = (html: string) =>
  [...html.matchAll(/<th scope="row"[^>]*>(?:<a href="[^"]*">)?([A-Z]+-\d{4})/g)].map((m) => m[1]);

describe('the stories list', () => {
  it('shows each story with its code linked to its page, title, domain, status, storyteller, date, interviewer and word count', async () => {
    const story = await makeStory(t.db, inquiry, {
      title: 'Getting my kitchen back',
      words: 'The support worker came every week and helped me cook again.',
      domain: "Changes in people's lives",
      interviewer: people.interviewer,
      partner: people.facilitator,
      toldOn: '2026-02-03',
      attributes: { 'Who are you?': 'Citizen', 'Age band': '41–65' },
    });
    const res = await coordinator.get(url);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Stories');
    expect(res.body).toContain(`<a href="/alliances/${alliance.id}/stories/${story.id}">${story.code}</a>`);
    const row = visibleText(/<tbody>([\s\S]*?)<\/tbody>/.exec(res.body)![1]!);
    expect(row).toContain('MSC-0001 Getting my kitchen back');
    expect(row).toContain("Changes in people's lives");
    expect(row).toContain('Recorded');
    expect(row).toContain('Who are you?: Citizen');
    expect(row).toContain('Age band: 41–65');
    expect(row).toContain('3 Feb 2026');
    expect(row).toContain(`${people.interviewer.name} with ${people.facilitator.name}`);
    expect(row).toMatch(/ 16$/); // 11 words of story + 5 of why; the title is not counted
    expect(visibleText(res.body)).toContain('Showing 1 story');
    expect(res.body).toContain('aria-current="page">Inquiries'); // the alliance menu shows where we are
  });

  it('says so when there are no stories yet', async () => {
    const res = await coordinator.get(url);
    expect(visibleText(res.body)).toContain('No stories have been recorded in this inquiry yet.');
    expect(res.body).not.toContain('<table');
  });

  it('filters by domain, status, storyteller attribute, interviewer and dates, keeping the choices in the form', async () => {
    const a = await makeStory(t.db, inquiry, {
      domain: 0,
      toldOn: '2026-01-10',
      attributes: { 'Who are you?': 'Worker', Place: 'Leeds' },
    });
    const b = await makeStory(t.db, inquiry, {
      domain: 1,
      toldOn: '2026-02-10',
      status: 'verified',
      interviewer: people.interviewer,
      attributes: { 'Who are you?': 'Citizen' },
    });
    const c = await makeStory(t.db, inquiry, {
      domain: 1,
      toldOn: '2026-03-10',
      status: 'read_back',
      partner: people.interviewer,
    });
    const guide = await t.db
      .selectFrom('domains')
      .select('id')
      .where('inquiry_id', '=', inquiry.id)
      .orderBy('position')
      .execute();
    const attribute = async (label: string) =>
      (
        await t.db
          .selectFrom('attributes')
          .select('id')
          .where('inquiry_id', '=', inquiry.id)
          .where('label', '=', label)
          .executeTakeFirstOrThrow()
      ).id;
    const who = await attribute('Who are you?');
    const place = await attribute('Place');

    expect(codes((await coordinator.get(url)).body)).toEqual([c.code, b.code, a.code]);
    const byDomain = await coordinator.get(`${url}?domain=${guide[1]!.id}`);
    expect(codes(byDomain.body)).toEqual([c.code, b.code]);
    expect(byDomain.body).toContain(`<option value="${guide[1]!.id}" lang="en" dir="ltr" selected>`);
    expect(codes((await coordinator.get(`${url}?status=verified`)).body)).toEqual([b.code]);
    expect(codes((await coordinator.get(`${url}?status=read_back`)).body)).toEqual([c.code]);
    expect(codes((await coordinator.get(`${url}?a${who}=Worker`)).body)).toEqual([a.code]);
    expect(codes((await coordinator.get(`${url}?a${place}=leeds`)).body)).toEqual([a.code]); // a typed attribute ignores case
    const byInterviewer = await coordinator.get(`${url}?interviewer=${people.interviewer.id}`);
    expect(codes(byInterviewer.body)).toEqual([c.code, b.code]); // as interviewer or as partner
    expect(codes((await coordinator.get(`${url}?from=2026-02-01&to=2026-02-28`)).body)).toEqual([b.code]);
    const dated = await coordinator.get(`${url}?from=2026-02-10`);
    expect(codes(dated.body)).toEqual([c.code, b.code]); // the day itself counts
    expect(fieldValue(dated.body, 'from')).toBe('2026-02-10');
    expect(visibleText(dated.body)).toContain('Clear the filters');
    const none = await coordinator.get(`${url}?status=verified&a${who}=Worker`);
    expect(visibleText(none.body)).toContain('No stories match these filters.');
  });

  it('shows drafts only to their interviewer pair and coordinators', async () => {
    const draft = await makeStory(t.db, inquiry, {
      status: 'draft',
      title: 'Half told',
      interviewer: people.interviewer,
    });
    const recorded = await makeStory(t.db, inquiry, { title: 'Told in full' });
    const facilitator = await signedIn(t.app, people.facilitator.email);
    const interviewer = await signedIn(t.app, people.interviewer.email);
    expect(codes((await coordinator.get(url)).body)).toEqual([recorded.code, draft.code]);
    expect(codes((await interviewer.get(url)).body)).toEqual([recorded.code, draft.code]);
    expect(codes((await facilitator.get(url)).body)).toEqual([recorded.code]);
    expect(visibleText((await facilitator.get(`${url}?status=draft`)).body)).toContain(
      'No stories match these filters.',
    );
    // A partner on a draft sees it too.
    const partnered = await makeStory(t.db, inquiry, {
      status: 'draft',
      interviewer: people.coordinator,
      partner: people.facilitator,
    });
    expect(codes((await facilitator.get(`${url}?status=draft`)).body)).toEqual([partnered.code]);
  });

  it('never shows a withdrawn story in the list; under the withdrawn filter only its code and date', async () => {
    const gone = await makeStory(t.db, inquiry, {
      title: 'Please forget this',
      words: 'Words that must disappear completely.',
      attributes: { 'Who are you?': 'Worker' },
    });
    const kept = await makeStory(t.db, inquiry, { title: 'Still here' });
    // Marked withdrawn with its words still there: the list must not rely on withdrawal having removed them.
    await t.db
      .updateTable('stories')
      .set({ status: 'withdrawn', withdrawn_at: '2026-04-02T10:00:00.000Z' })
      .where('id', '=', gone.id)
      .execute();
    const list = await coordinator.get(url);
    expect(codes(list.body)).toEqual([kept.code]);
    const withdrawn = await coordinator.get(`${url}?status=withdrawn`);
    expect(withdrawn.statusCode).toBe(200);
    expect(codes(withdrawn.body)).toEqual([gone.code]);
    const text = visibleText(
      /<section aria-labelledby="results-title">([\s\S]*?)<\/section>/.exec(withdrawn.body)![1]!,
    );
    expect(text).toContain(`${gone.code} Withdrawn on 2 Apr 2026`);
    expect(text).not.toContain('Please forget this');
    expect(text).not.toContain('Worker');
    expect(withdrawn.body).not.toContain(`/stories/${gone.id}"`); // no link into it
  });

  it('shows 50 stories a page, with the count, page links that keep the filters, and previous/next', async () => {
    for (let i = 0; i < 120; i++) await makeStory(t.db, inquiry, { domain: 0 });
    const domain = (
      await t.db
        .selectFrom('domains')
        .select('id')
        .where('inquiry_id', '=', inquiry.id)
        .orderBy('position')
        .executeTakeFirstOrThrow()
    ).id;
    const first = await coordinator.get(`${url}?domain=${domain}`);
    expect(codes(first.body)).toHaveLength(50);
    expect(codes(first.body)[0]).toBe('MSC-0120');
    expect(visibleText(first.body)).toContain('Showing 1–50 of 120 stories');
    const second = await coordinator.get(`${url}?domain=${domain}&page=2`);
    expect(visibleText(second.body)).toContain('Showing 51–100 of 120 stories');
    expect(codes(second.body)[0]).toBe('MSC-0070');
    expect(decoded(second.body)).toContain(`<a href="${url}?domain=${domain}&page=3" rel="next">`);
    expect(decoded(second.body)).toContain(`<a href="${url}?domain=${domain}" rel="prev">`);
    expect(second.body).toMatch(/aria-current="page"><span class="visually-hidden">Page <\/span>2</);
    const last = await coordinator.get(`${url}?domain=${domain}&page=3`);
    expect(visibleText(last.body)).toContain('Showing 101–120 of 120 stories');
    expect(codes(last.body)).toHaveLength(20);
    expect(last.body).not.toContain('rel="next"');
    const beyond = await coordinator.get(`${url}?page=9`);
    expect(beyond.statusCode).toBe(200);
    expect(visibleText(beyond.body)).toContain('There are no stories on page 9. Go to the first page');
    expect(codes((await coordinator.get(`${url}?page=abc`)).body)[0]).toBe('MSC-0120'); // a nonsense page is the first
  });

  it('counts no further than 10,000 stories (1,000 filtered by an answer), says "more than", and pages only those', async () => {
    // 10,001 copies of one story, written straight into the table: through the stores it would take minutes.
    const {
      id: _id,
      code: _code,
      ...row
    } = await makeStory(t.db, inquiry, {
      domain: 0,
      attributes: { 'Who are you?': 'Worker' },
    });
    const who = await t.db
      .selectFrom('story_attributes')
      .select(['attribute_id', 'label'])
      .where('label', '=', 'Who are you?')
      .executeTakeFirstOrThrow();
    await t.db.transaction().execute(async (trx) => {
      for (let from = 2; from <= LIST_COUNT_CAP + 1; from += 500) {
        const copies = Array.from({ length: 500 }, (_, i) => ({ ...row, code: `MSC-${from + i}` }));
        const ids = await trx
          .insertInto('stories')
          .values(copies.slice(0, LIST_COUNT_CAP + 2 - from))
          .returning('id')
          .execute();
        if (from <= ANSWER_COUNT_CAP)
          await trx
            .insertInto('story_attributes')
            .values(ids.map(({ id }) => ({ story_id: id, ...who, value: 'Worker' })))
            .execute();
      }
    });
    const first = await coordinator.get(url);
    expect(visibleText(first.body)).toContain('Showing 1–50 of more than 10,000 stories');
    expect(visibleText(first.body)).toContain(
      'Only the newest 10,000 of these stories can be paged through here. To find older ones, narrow the list with a filter.',
    );
    expect(decoded(first.body)).toContain(`${url}?page=200"`);
    expect(decoded(first.body)).not.toContain('page=201');
    expect(visibleText((await coordinator.get(`${url}?page=200`)).body)).toContain(
      'Showing 9951–10,000 of more than 10,000 stories',
    );
    // Filtered by a storyteller's answer (1,001 of them are workers): counted to 1,000.
    const workers = await coordinator.get(`${url}?a${who.attribute_id}=Worker`);
    expect(visibleText(workers.body)).toContain('Showing 1–50 of more than 1000 stories');
    expect(visibleText(workers.body)).toContain('Only the newest 1000 of these stories can be paged through here.');
    // A filter that leaves fewer is counted exactly, with no notice.
    const drafts = await coordinator.get(`${url}?status=draft`);
    expect(visibleText(drafts.body)).not.toContain('more than');
    expect(drafts.body).not.toContain('id="newest-only"');
    const viewer = { userId: people.coordinator.id, role: 'coordinator' as const };
    const store = await listStories(t.db, inquiry, viewer, { attributes: [] }, 1);
    expect([store.total, store.capped, store.pageable]).toEqual([LIST_COUNT_CAP, true, LIST_COUNT_CAP]);
  });
});

describe('filters that cannot be understood', () => {
  it('are reported beside their fields (422) with what was asked kept, and no list', async () => {
    await makeStory(t.db, inquiry);
    const who = (
      await t.db
        .selectFrom('attributes')
        .select('id')
        .where('inquiry_id', '=', inquiry.id)
        .where('label', '=', 'Who are you?')
        .executeTakeFirstOrThrow()
    ).id;
    const res = await coordinator.get(
      `${url}?domain=99999&status=lost&a${who}=Astronaut&interviewer=abc&from=2026-02-30&q=${encodeURIComponent('"*')}`,
    );
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'domain')).toBe('Choose one of this inquiry’s domains.');
    expect(fieldError(res.body, 'status')).toBe('Choose one of the statuses listed.');
    expect(fieldError(res.body, `a${who}`)).toBe('Choose one of the answers listed.');
    expect(fieldError(res.body, 'interviewer')).toBe('Choose one of the interviewers listed.');
    expect(fieldError(res.body, 'from')).toBe('Enter a real date, like 2026-03-31.');
    expect(fieldError(res.body, 'q')).toBe('Type at least one word of letters or numbers to search for.');
    expect(fieldValue(res.body, 'q')).toBe('"*');
    expect(fieldValue(res.body, 'from')).toBe('2026-02-30');
    expect(res.body).toContain('<a href="#field-status">');
    expect(res.body).not.toContain('<table');
  });

  it('reports an end date before the start date, and a search too long', async () => {
    const res = await coordinator.get(`${url}?from=2026-03-01&to=2026-02-01&q=${'word '.repeat(50)}`);
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'to')).toBe('This date is before the “told on or after” date.');
    expect(fieldError(res.body, 'q')).toBe('Search for fewer words (up to 200 characters).');
  });

  it('refuses a filter given twice', async () => {
    const res = await coordinator.get(`${url}?status=recorded&status=draft`);
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'status')).toBe('Choose one value here.');
  });
});

describe('who may see the list', () => {
  it('sends someone signed out to sign in, and back here afterwards', async () => {
    const res = await new Agent(t.app).get(url);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
  });

  it('lets interviewers and facilitators in, but not readers (403)', async () => {
    expect((await (await signedIn(t.app, people.interviewer.email)).get(url)).statusCode).toBe(200);
    expect((await (await signedIn(t.app, people.facilitator.email)).get(url)).statusCode).toBe(200);
    const reader = await (await signedIn(t.app, people.reader.email)).get(url);
    expect(reader.statusCode).toBe(403);
    expect(heading(reader.body)).toBe('Not for your role');
  });

  it("gives 404 to another alliance's member, and for another alliance's inquiry or one that does not exist", async () => {
    await makeStory(t.db, inquiry, { title: 'Harbour only' });
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(url)).statusCode).toBe(404);
    const theirs = await makeInquiry(t.db, other.alliance, other.coordinator);
    await makeStory(t.db, theirs, { title: 'Other alliance story' });
    const crossing = await coordinator.get(`/alliances/${alliance.id}/inquiries/${theirs.id}/stories`);
    expect(crossing.statusCode).toBe(404);
    expect(visibleText(crossing.body)).not.toContain('Other alliance story');
    expect((await coordinator.get(`/alliances/${alliance.id}/inquiries/99999/stories`)).statusCode).toBe(404);
    expect((await coordinator.get(`/alliances/${alliance.id}/inquiries/x/stories`)).statusCode).toBe(404);
  });
});

describe('the list query', () => {
  /** Counts the queries the database is sent. */
  function counting() {
    const seen = { n: 0 };
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        seen.n++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    return { db: t.db.withPlugin(plugin), seen };
  }

  it('takes the same few queries for a page of 5 stories as for a page of 50', async () => {
    for (let i = 0; i < 55; i++)
      await makeStory(t.db, inquiry, { attributes: { 'Who are you?': 'Worker', Place: `Place ${i}` } });
    const viewer = { userId: people.coordinator.id, role: 'coordinator' as const };
    const small = counting();
    const five = await listStories(small.db, inquiry, viewer, { attributes: [] }, 1, 5);
    const large = counting();
    const fifty = await listStories(large.db, inquiry, viewer, { attributes: [] }, 1, 50);
    expect(five.stories).toHaveLength(5);
    expect(fifty.stories).toHaveLength(50);
    expect(fifty.withdrawn === false && fifty.stories.every((s) => s.attributes.length === 2)).toBe(true);
    expect(large.seen.n).toBe(small.seen.n);
    expect(large.seen.n).toBeLessThanOrEqual(3);
  });
});

describe('valid HTML', () => {
  it('has no html-validate errors on the list, filtered, withdrawn, paged and refused pages', async () => {
    for (let i = 0; i < 60; i++)
      await makeStory(t.db, inquiry, {
        attributes: { 'Who are you?': 'Worker' },
        partner: i % 2 ? people.interviewer : undefined,
      });
    await makeStory(t.db, inquiry, { status: 'withdrawn' });
    const pages = {
      list: await coordinator.get(url),
      second: await coordinator.get(`${url}?page=2&status=recorded`),
      withdrawn: await coordinator.get(`${url}?status=withdrawn`),
      errors: await coordinator.get(`${url}?status=lost&from=nope&q=%22`),
      empty: await coordinator.get(`${url}?q=nothingmatchesthis`),
    };
    const found: string[] = [];
    for (const [name, res] of Object.entries(pages))
      for (const e of await htmlErrors(res.body)) found.push(`${name}: ${e}`);
    expect(found).toEqual([]);
  });
});
