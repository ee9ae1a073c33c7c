/** Withdrawing a story at the teller's request, and the history of its words. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry, Role, Story, User } from '../../server/db/schema.ts';
import { matchesSearch } from '../../server/stories/search.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import type { TestApp } from '../helpers/app.ts';
import { flash, heading, visibleText } from '../helpers/pages.ts';
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
let inquiry: Inquiry;
let story: Story;
let coordinator: Agent;
let a: string;

beforeEach(async () => {
  f = await careFixture();
  ({ t, people, inquiry, story, coordinator, a } = f);
});
afterEach(() => t.close());

const load = (id = story.id) => loadStory({ ...f, story }, id);
const auditActions = () => storyAudit(f);
const careState = () => stateOf(f);
const as = (person: User) => signedIn(t.app, person.email);
const expectGuarded = (path: (s: Story) => string, method: 'get' | 'post', refused: User[]) =>
  guarded({ ...f, story }, path, method, refused);

describe('withdrawing a story', () => {
  const url = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}/withdraw`;
  const list = () => `${a}/inquiries/${inquiry.id}/stories`;

  it('explains what is removed and what remains before anything happens', async () => {
    const res = await (await as(people.interviewer)).get(url(story));
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Withdraw a story');
    const text = visibleText(res.body);
    expect(text).toContain(`Withdraw story ${story.code} at the storyteller’s request?`);
    expect(text).toContain('every earlier version of its words, and its entry in the search');
    expect(text).toContain(`Only the code ${story.code} stays`);
    expect(text).toContain('This cannot be undone.');
    expect((await load()).status).toBe('recorded');
  });

  it('removes the words from answers, attributes, versions, search and the list; only the code and an audit event remain', async () => {
    story = await editStory(t.db, story, people.interviewer, {
      words: `${WORDS} And then the council joined.`,
      note: 'read back',
    });
    expect(
      await t.db.selectFrom('story_versions').select('id').where('story_id', '=', story.id).execute(),
    ).toHaveLength(1);
    const searchFor = (word: string) =>
      t.db.selectFrom('stories').select('id').where(matchesSearch(t.db, word)).execute();
    expect(await searchFor('Tuesday')).toHaveLength(1);

    const interviewer = await as(people.interviewer);
    const res = await interviewer.submit(url(story), url(story), {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(list());
    const page = await interviewer.get(list());
    expect(flash(page.body)).toBe(
      'Story withdrawn. Its words have been removed from everything; only its code remains.',
    );
    expect(visibleText(page.body)).not.toContain('One place to go');

    for (const table of ['story_answers', 'story_attributes', 'story_versions'] as const) {
      expect(await t.db.selectFrom(table).select('id').where('story_id', '=', story.id).execute(), table).toEqual([]);
    }
    expect(await searchFor('Tuesday')).toEqual([]);
    expect(await searchFor('council')).toEqual([]);
    expect((await interviewer.get(`${list()}?q=Tuesday`)).body).not.toContain(story.code);
    const row = await load();
    expect(row).toMatchObject({ status: 'withdrawn', title: '', storyteller: '', word_count: 0 });
    expect(row.withdrawn_at).not.toBeNull();
    const withdrawnList = visibleText((await interviewer.get(`${list()}?status=withdrawn`)).body);
    expect(withdrawnList).toContain(`${story.code} Withdrawn on`);
    const event = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'story.withdrawn')
      .executeTakeFirstOrThrow();
    expect(event.actor_user_id).toBe(people.interviewer.id);
    expect(event.detail).not.toMatch(/Tuesday|One place|Teller T7|Family member/);
  });

  it('can be done by a coordinator, and says so if asked twice', async () => {
    expect((await coordinator.submit(url(story), url(story), {})).statusCode).toBe(303);
    const again = await coordinator.submit(url(story), url(story), {});
    expect(again.statusCode).toBe(422);
    expect(visibleText(again.body)).toContain('This story was already withdrawn, on');
    expect(await auditActions()).toEqual(['story.recorded', 'story.withdrawn']);
  });

  it('refuses a form with extra fields (422) or without its security token (403), withdrawing nothing', async () => {
    await coordinator.get(url(story));
    const before = await careState();
    expect((await coordinator.post(url(story), { reason: 'The teller asked' })).statusCode).toBe(422);
    const forged = await coordinator.post(url(story), { _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect(await careState()).toEqual(before);
  });

  it('is for coordinators and the interviewer pair only, within the alliance', async () => {
    const before = await careState();
    await expectGuarded(url, 'get', [people.facilitator, people.reader]);
    await expectGuarded(url, 'post', [people.facilitator, people.reader]);
    expect(await careState()).toEqual(before);
  });
});

describe('the versions of a story', () => {
  const url = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}/versions`;

  it('lists each earlier version, who replaced it, when and why, and the words taken out and put in', async () => {
    story = await editStory(t.db, story, people.interviewer, {
      words: WORDS.replace('every Tuesday', 'every week'),
      note: 'Corrected at read-back',
    });
    story = await editStory(t.db, story, people.coordinator, { title: 'One place to go at last' });
    const res = await (await as(people.facilitator)).get(url(story));
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Earlier versions');
    const text = visibleText(res.body);
    expect(text).toContain('The story page shows version 3');
    expect(text.indexOf('Version 2')).toBeLessThan(text.indexOf('Version 1'));
    expect(text).toMatch(
      new RegExp(`Replaced on .* by ${people.interviewer.name}\\. Their note: Corrected at read-back`),
    );
    expect(res.body).toContain(
      '<del><span class="visually-hidden">[removed: </span>Tuesday<span class="visually-hidden">]</span></del>',
    );
    expect(res.body).toContain(
      '<ins><span class="visually-hidden">[added: </span>week<span class="visually-hidden">]</span></ins>',
    );
    expect(res.body).toContain(
      '<ins><span class="visually-hidden">[added: </span> at last<span class="visually-hidden">]</span></ins>',
    );
    expect(text).toContain('struck through, and read out as “removed”'); // the legend
    expect(text).toContain('Version 1 in full');
  });

  it('says when the words were never changed', async () => {
    const res = await coordinator.get(url(story));
    expect(visibleText(res.body)).toContain('This story’s words have not been changed since it was recorded.');
  });

  it('shows nothing of a withdrawn story (410)', async () => {
    story = await editStory(t.db, story, people.interviewer, { words: 'Changed words before withdrawal.' });
    await coordinator.submit(`${a}/stories/${story.id}/withdraw`, `${a}/stories/${story.id}/withdraw`, {});
    const res = await coordinator.get(url(story));
    expect(res.statusCode).toBe(410);
    expect(visibleText(res.body)).toContain('Its words and every earlier version were removed.');
    expect(res.body).not.toContain('Changed words');
  });

  it('is for coordinators, interviewers and facilitators within the alliance; others’ drafts are not found', async () => {
    expect((await (await as(people.interviewer)).get(url(story))).statusCode).toBe(200);
    await expectGuarded(url, 'get', [people.reader]);
    expect((await coordinator.get(`${a}/stories/abc/versions`)).statusCode).toBe(404);
    expect((await coordinator.get(`${a}/stories/99999/versions`)).statusCode).toBe(404);
    const draft = await makeStory(t.db, inquiry, { status: 'draft', interviewer: people.interviewer });
    expect((await (await as(people.facilitator)).get(url(draft))).statusCode).toBe(404);
  });
});
