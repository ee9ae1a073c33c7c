import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, heading, visibleText } from '../helpers/pages.ts';
import { guestIn, makeRound, participationWorld, setStage } from './round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let home: string;

beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t, { stage: 'reading' });
  home = `/rounds/${w.round.id}/take-part`;
});
afterEach(() => t.close());

/** What a text area shows (the first newline after <textarea> is not part of the value). */
const boxValue = (html: string, name: string) =>
  new RegExp(`<textarea id="field-${name}" name="${name}"[^>]*>\\n?([^<]*)</textarea>`).exec(html)?.[1];
const notes = () => t.db.selectFrom('annotations').selectAll().orderBy('id').execute();

describe('reading a story', () => {
  it('shows the code, title, domain, the words as told, and the next story', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const [a, b] = w.stories;
    const res = await guest.get(`${home}/stories/${a!.id}`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe(a!.title);
    const text = visibleText(res.body);
    expect(text).toContain(a!.code);
    expect(text).toContain(
      'When my son came home from hospital, the nurse and the housing officer met us at the door.',
    );
    expect(text).toContain('Told by Rose T.');
    expect(text).toContain('Story 1 of 3');
    expect(text).toContain(`Next story ${b!.code}`);
    expect(text).toContain('No comments on this story yet.');
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('shows how the teller sees their story: a slider between its two ends, not a bare number', async () => {
    const [a] = w.stories;
    await t.db
      .insertInto('story_answers')
      .values([
        {
          story_id: a!.id,
          question_id: null,
          position: 90,
          kind: 'slider',
          prompt: 'How do you feel about what happened?',
          value: '72',
          asked: JSON.stringify(['Very bad', 'Very good']),
        },
        {
          story_id: a!.id,
          question_id: null,
          position: 91,
          kind: 'single',
          prompt: 'Is it mostly about…',
          value: 'A service',
          asked: JSON.stringify(['A person', 'A service']),
        },
      ])
      .execute();
    const guest = await guestIn(t.app, w.round.join_code);
    const text = visibleText((await guest.get(`${home}/stories/${a!.id}`)).body);
    expect(text).toContain('How the storyteller sees their story');
    expect(text).toContain('How do you feel about what happened? 72 of 100, between “Very bad” and “Very good”');
    expect(text).toContain('Is it mostly about… A service');
    expect(text).not.toMatch(/happened\? 72 (?!of)/);
  });

  it('never names the teller of an anonymous story, and never shows stories without panel consent', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const anonymous = await guest.get(`${home}/stories/${w.stories[1]!.id}`);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain('Hidden Name');
    expect(anonymous.body).not.toContain('Told by');
    for (const story of [w.private, w.withdrawn]) {
      const res = await guest.get(`${home}/stories/${story.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Words a panel must never read');
      expect((await guest.post(`${home}/stories/${story.id}/annotations`, { comment: 'Hello' })).statusCode).toBe(404);
    }
    const elsewhere = await makeRound(t.db, w.alliance.id, w.inquiry.id, { stage: 'reading' });
    expect((await guest.get(`/rounds/${elsewhere.id}/take-part/stories/${w.stories[0]!.id}`)).statusCode).toBe(404);
    expect(await notes()).toEqual([]);
  });
});

describe('commenting', () => {
  it("adds a comment on a passage, shown with the guest's name; members' comments show their name", async () => {
    const guest = await guestIn(t.app, w.round.join_code, 'Ada');
    const url = `${home}/stories/${w.stories[0]!.id}`;
    await guest.get(url);
    const res = await guest.post(`${url}/annotations`, {
      passage: 'the nurse and the   housing officer',
      comment: 'They finally talked.',
    });
    expect(res.statusCode).toBe(303);
    const page = await guest.get(url);
    expect(flash(page.body)).toBe('Your comment has been added.');
    const text = visibleText(page.body);
    expect(text).toContain('Ada (guest) the nurse and the housing officer They finally talked.');
    const member = await signedIn(t.app, w.people.interviewer.email);
    await member.submit(home, '/join', { code: w.round.join_code, name: w.people.interviewer.name });
    await member.get(url);
    expect((await member.post(`${url}/annotations`, { comment: 'A turning point.' })).statusCode).toBe(303);
    expect(visibleText((await guest.get(url)).body)).toContain(`${w.people.interviewer.name} A turning point.`);
    const [first, second] = await notes();
    expect(first).toMatchObject({
      quote: 'the nurse and the housing officer',
      answer_position: expect.any(Number),
      comment: 'They finally talked.',
    });
    expect(first!.end_offset! - first!.start_offset!).toBe('the nurse and the housing officer'.length);
    expect(second).toMatchObject({ quote: '', start_offset: null });
    expect(
      await t.db
        .selectFrom('audit_events')
        .select('actor_name')
        .where('action', '=', 'round.annotation_added')
        .execute(),
    ).toEqual([{ actor_name: 'Ada (guest)' }, { actor_name: w.people.interviewer.name }]);
  });

  it('marks the passage commented on in the story itself, with words a screen reader says, without JavaScript', async () => {
    const guest = await guestIn(t.app, w.round.join_code, 'Ada');
    const url = `${home}/stories/${w.stories[0]!.id}`;
    await guest.get(url);
    await guest.post(`${url}/annotations`, { passage: 'the housing officer', comment: 'They finally talked.' });
    const page = await guest.get(url);
    const story = /<blockquote class="reading__words"[^>]*>([\s\S]*?)<\/blockquote>/.exec(page.body)![1]!;
    expect(story).toMatch(
      /the nurse and <mark class="passage"><span class="visually-hidden">\[passage commented on below: <\/span>the housing officer<span class="visually-hidden"> \]<\/span><\/mark> met us/,
    );
    expect(visibleText(story)).toContain(
      'the nurse and [passage commented on below: the housing officer ] met us at the door.',
    );
    expect(await htmlErrors(page.body)).toEqual([]);
    // Another story of the round, with no passage commented on, has no mark.
    expect((await guest.get(`${home}/stories/${w.stories[2]!.id}`)).body).not.toContain('<mark');
  });

  it('refuses a blank comment and a passage not in the story, keeping what was typed', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const url = `${home}/stories/${w.stories[0]!.id}`;
    await guest.get(url);
    let res = await guest.post(`${url}/annotations`, { passage: '', comment: '   ' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'comment')).toBe('Type your comment.');
    res = await guest.post(`${url}/annotations`, { passage: 'words nobody said', comment: 'Hmm' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'passage')).toContain('Those words are not in the story');
    expect(boxValue(res.body, 'passage')).toBe('words nobody said');
    expect(boxValue(res.body, 'comment')).toBe('Hmm');
    expect(await htmlErrors(res.body)).toEqual([]);
    expect(await notes()).toEqual([]);
  });

  it('accepts nothing once the round has closed, and nothing from a stranger', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    const url = `${home}/stories/${w.stories[0]!.id}`;
    await guest.get(url);
    await setStage(t.db, w.round.id, 'closed');
    const res = await guest.post(`${url}/annotations`, { comment: 'Too late' });
    expect(res.statusCode).toBe(410);
    const outsider = await signedIn(t.app, w.other.reader.email);
    await outsider.get('/join');
    expect((await outsider.post(`${url}/annotations`, { comment: 'Intruder' })).statusCode).toBe(404);
    expect(await notes()).toEqual([]);
  });
});
