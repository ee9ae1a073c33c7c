/** Caring for a story: reading it back to its teller and verifying it; the care pages as valid HTML. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMember } from '../../server/accounts/members-store.ts';
import type { Inquiry, Role, Story, User } from '../../server/db/schema.ts';
import { hasTranslation } from '../../server/web/i18n.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makePerson, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { editStory, makeStory } from '../helpers/stories.ts';
import {
  auditActions as storyAudit,
  careFixture,
  careState as stateOf,
  expectGuarded as guarded,
  load as loadStory,
  WORDS,
  type CareFixture,
} from './care-fixture.ts';

let f: CareFixture;
let t: TestApp;
let people: Record<Role, User>;
let partner: User;
let inquiry: Inquiry;
let story: Story;
let coordinator: Agent;
let a: string;

beforeEach(async () => {
  f = await careFixture();
  ({ t, people, partner, inquiry, story, coordinator, a } = f);
});
afterEach(() => t.close());

const load = (id = story.id) => loadStory({ ...f, story }, id);
const auditActions = () => storyAudit(f);
const careState = () => stateOf(f);
const as = (person: User) => signedIn(t.app, person.email);
const expectGuarded = (path: (s: Story) => string, method: 'get' | 'post', refused: User[]) =>
  guarded({ ...f, story }, path, method, refused);

describe('reading a story back', () => {
  const url = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}/read-back`;

  it('shows the story to read aloud and a form with today’s date', async () => {
    const res = await (await as(people.interviewer)).get(url(story));
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Read the story back');
    expect(visibleText(res.body)).toContain(WORDS);
    expect(fieldValue(res.body, 'readBackOn')).toBe(new Date().toISOString().slice(0, 10));
  });

  it('records the date and what the teller changed, and returns to the story with a message', async () => {
    const interviewer = await as(people.interviewer);
    const res = await interviewer.submit(url(story), url(story), {
      readBackOn: '2026-02-03',
      changes: 'She asked to add that it was her son who found the group.',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${a}/stories/${story.id}`);
    expect(await load()).toMatchObject({
      status: 'read_back',
      read_back_on: '2026-02-03',
      read_back_by: people.interviewer.id,
      read_back_changes: 'She asked to add that it was her son who found the group.',
    });
    expect(await auditActions()).toContain('story.read_back');
    expect(flash((await interviewer.get(`${a}/inquiries/${inquiry.id}/stories`)).body)).toBe('Read-back recorded.');
    // The page now says it was read back already, and by whom.
    expect(visibleText((await interviewer.get(url(story))).body)).toContain(
      `Already read back on 3 Feb 2026 (${people.interviewer.name}). The storyteller changed: She asked to add`,
    );
  });

  it('takes an empty "what changed" as nothing changed; the partner and a coordinator may record it too', async () => {
    const res = await (await as(partner)).submit(url(story), url(story), { readBackOn: '2026-02-02', changes: '' });
    expect(res.statusCode).toBe(303);
    expect(await load()).toMatchObject({ read_back_changes: '', read_back_by: partner.id });
    expect((await coordinator.submit(url(story), url(story), { readBackOn: '2026-02-04' })).statusCode).toBe(303);
    expect(await load()).toMatchObject({ read_back_on: '2026-02-04', read_back_by: people.coordinator.id });
  });

  it('keeps a verified story verified', async () => {
    const verified = await makeStory(t.db, inquiry, { status: 'verified' });
    expect((await coordinator.submit(url(verified), url(verified), { readBackOn: '2026-02-05' })).statusCode).toBe(303);
    expect((await load(verified.id)).status).toBe('verified');
  });

  it('refuses a missing, impossible, future or too-early date, beside the field, keeping what was typed, writing nothing', async () => {
    const interviewer = await as(people.interviewer);
    await interviewer.get(url(story));
    const before = await careState();
    const cases: [string, string][] = [
      ['', 'Enter the date the story was read back, like 2026-03-31.'],
      ['31/01/2026', 'Enter the date the story was read back, like 2026-03-31.'],
      ['2026-02-30', 'Enter a real date, like 2026-03-31.'],
      ['2999-01-01', 'This date is in the future. Enter the date it happened.'],
      ['2026-01-31', 'This date is before the story was told. Enter the date it happened.'],
    ];
    for (const [date, message] of cases) {
      const res = await interviewer.post(url(story), { readBackOn: date, changes: 'Kept words' });
      expect(res.statusCode, date).toBe(422);
      expect(fieldError(res.body, 'readBackOn'), date).toBe(message);
      expect(fieldValue(res.body, 'readBackOn')).toBe(date);
      expect(res.body).toContain('>Kept words</textarea>');
    }
    const long = await interviewer.post(url(story), { readBackOn: '2026-02-03', changes: 'x'.repeat(5001) });
    expect(fieldError(long.body, 'changes')).toBe('Keep this to 5,000 characters or fewer.');
    expect((await interviewer.post(url(story), { readBackOn: '2026-02-03', sneaky: 'field' })).statusCode).toBe(422);
    expect(await careState()).toEqual(before);
  });

  it('keeps the form and what was typed when the form’s security token had expired', async () => {
    const interviewer = await as(people.interviewer);
    const before = await careState();
    const res = await interviewer.post(url(story), {
      _csrf: 'stale',
      readBackOn: '2026-02-03',
      changes: 'Typed before lunch',
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('For your security this form had expired');
    expect(res.body).toContain('>Typed before lunch</textarea>');
    expect(await careState()).toEqual(before);
  });

  it('is not for drafts or withdrawn stories (422, with a message, nothing written)', async () => {
    const draft = await makeStory(t.db, inquiry, { status: 'draft', interviewer: people.interviewer });
    const withdrawn = await makeStory(t.db, inquiry, { status: 'withdrawn', interviewer: people.interviewer });
    const interviewer = await as(people.interviewer);
    const page = await interviewer.get(url(draft));
    expect(page.statusCode).toBe(422);
    expect(visibleText(page.body)).toContain('This story is still a draft. Record it first');
    expect(page.body).not.toContain('name="readBackOn"');
    expect(visibleText((await interviewer.get(url(withdrawn))).body)).toContain(
      'This story was withdrawn at the storyteller’s request.',
    );
    const before = await careState();
    await interviewer.get(`${a}/inquiries/${inquiry.id}/stories`);
    expect((await interviewer.post(url(draft), { readBackOn: '2026-02-03' })).statusCode).toBe(422);
    expect((await interviewer.post(url(withdrawn), { readBackOn: '2026-02-03' })).statusCode).toBe(422);
    expect(await careState()).toEqual(before);
  });

  it('is refused to the signed out, to others than the pair and coordinators, and outside the alliance', async () => {
    const otherInterviewer = await makePerson(t.db, 'Other Interviewer');
    await addMember(t.db, people.coordinator, f.alliance.id, otherInterviewer.id, 'interviewer', null);
    const before = await careState();
    await expectGuarded(url, 'get', [people.facilitator, people.reader, otherInterviewer]);
    await expectGuarded(url, 'post', [people.facilitator, people.reader, otherInterviewer]);
    expect(await careState()).toEqual(before);
    expect((await coordinator.get(`${a}/stories/99999/read-back`)).statusCode).toBe(404);
  });
});

describe('verifying a story', () => {
  const url = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}/verify`;

  it('shows who told it, who recorded it, when, where, and whether it was read back', async () => {
    const res = await (await as(people.facilitator)).get(url(story));
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Verify the story');
    const text = visibleText(res.body);
    expect(text).toContain('Told by (pseudonym or code) Teller T7');
    expect(text).toContain(`Recorded by ${people.interviewer.name} and ${partner.name}`);
    expect(text).toContain('Told on 1 Feb 2026');
    expect(text).toContain('Told where The community centre');
    expect(text).toContain('Not yet read back to the storyteller.');
  });

  it('records the date and note; the story is verified', async () => {
    const facilitator = await as(people.facilitator);
    const note = 'Spoke to the interviewer; consent form seen; told at the Tuesday drop-in.';
    const res = await facilitator.submit(url(story), url(story), { verifiedOn: '2026-02-10', note });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${a}/stories/${story.id}`);
    expect(await load()).toMatchObject({
      status: 'verified',
      verified_on: '2026-02-10',
      verified_by: people.facilitator.id,
      verification_note: note,
    });
    expect(await auditActions()).toContain('story.verified');
    expect(flash((await facilitator.get(`${a}/inquiries/${inquiry.id}/stories`)).body)).toBe('Verification recorded.');
    expect(
      (await coordinator.submit(url(story), url(story), { verifiedOn: '2026-02-11', note: 'Checked again.' }))
        .statusCode,
    ).toBe(303);
  });

  it('needs a real, past date and a note; what was typed stays', async () => {
    const facilitator = await as(people.facilitator);
    await facilitator.get(url(story));
    const before = await careState();
    const res = await facilitator.post(url(story), { verifiedOn: '2999-12-31', note: '   ' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'note')).toBe(
      'Say what you checked: who told it, who recorded it, when and where (up to 5,000 characters).',
    );
    const dated = await facilitator.post(url(story), { verifiedOn: '2999-12-31', note: 'Checked' });
    expect(fieldError(dated.body, 'verifiedOn')).toBe('This date is in the future. Enter the date it happened.');
    expect(dated.body).toContain('>Checked</textarea>');
    expect(fieldValue(dated.body, 'verifiedOn')).toBe('2999-12-31');
    expect((await facilitator.post(url(story), { note: 'No date' })).statusCode).toBe(422);
    expect(await careState()).toEqual(before);
  });

  it('is not for drafts or withdrawn stories', async () => {
    const draft = await makeStory(t.db, inquiry, { status: 'draft', interviewer: people.coordinator });
    const withdrawn = await makeStory(t.db, inquiry, { status: 'withdrawn' });
    expect((await coordinator.get(url(draft))).statusCode).toBe(422);
    const before = await careState();
    const res = await coordinator.post(url(withdrawn), { verifiedOn: '2026-02-10', note: 'x' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('nothing to read back or verify');
    expect(await careState()).toEqual(before);
  });

  it('is for coordinators and facilitators only, within the alliance; another’s draft is not found', async () => {
    const before = await careState();
    await expectGuarded(url, 'get', [people.interviewer, people.reader]);
    await expectGuarded(url, 'post', [people.interviewer, people.reader]);
    expect(await careState()).toEqual(before);
    const draft = await makeStory(t.db, inquiry, { status: 'draft', interviewer: people.interviewer });
    expect((await (await as(people.facilitator)).get(url(draft))).statusCode).toBe(404);
  });
});

describe('pages and words', () => {
  it('renders every care page as valid HTML, with forms, errors and refusals', async () => {
    const edited = await editStory(t.db, story, people.interviewer, {
      words: `${WORDS}\n\nA new paragraph.`,
      title: 'A new title',
      note: 'Typo',
    });
    const withdrawn = await makeStory(t.db, inquiry, { status: 'withdrawn' });
    const s = `${a}/stories/${story.id}`;
    const pages: Record<string, string> = {
      readBack: (await coordinator.get(`${s}/read-back`)).body,
      readBackErrors: (await coordinator.post(`${s}/read-back`, { readBackOn: 'nope', changes: 'x' })).body,
      readBackBlocked: (await coordinator.get(`${a}/stories/${withdrawn.id}/read-back`)).body,
      verify: (await coordinator.get(`${s}/verify`)).body,
      verifyErrors: (await coordinator.post(`${s}/verify`, { verifiedOn: '', note: '' })).body,
      withdraw: (await coordinator.get(`${s}/withdraw`)).body,
      withdrawBlocked: (await coordinator.get(`${a}/stories/${withdrawn.id}/withdraw`)).body,
      versions: (await coordinator.get(`${a}/stories/${edited.id}/versions`)).body,
      versionsWithdrawn: (await coordinator.get(`${a}/stories/${withdrawn.id}/versions`)).body,
    };
    await coordinator.post(`${s}/read-back`, { readBackOn: '2026-02-03', changes: 'Small change' });
    pages.readBackAgain = (await coordinator.get(`${s}/read-back`)).body;
    await coordinator.post(`${s}/verify`, { verifiedOn: '2026-02-04', note: 'Checked' });
    pages.verifyAgain = (await coordinator.get(`${s}/verify`)).body;
    const found: string[] = [];
    for (const [name, html] of Object.entries(pages)) {
      expect(html, name).toContain('<main id="main"');
      for (const e of await htmlErrors(html)) found.push(`${name}: ${e}`);
    }
    expect(found).toEqual([]);
  });

  it('has every storyList and storyCare message the code names', () => {
    const root = join(import.meta.dirname, '..', '..', 'server', 'stories');
    const files = ['list-routes.ts', 'list-filters.ts', 'care-routes.ts', 'care-rules.ts'].map((f) =>
      readFileSync(join(root, f), 'utf8'),
    );
    const keys = files.flatMap((text) =>
      [...text.matchAll(/'((?:storyList|storyCare|stories)\.[\w.-]+)'/g)].map((m) => m[1]!),
    );
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !hasTranslation(k))).toEqual([]);
  });
});
