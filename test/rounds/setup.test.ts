/** Setting up sense-making rounds: the list, making and changing a round, picking its stories, its hub and stages. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database.ts';
import type { Alliance, Inquiry, Role, Round, Story, User } from '../../server/db/schema.ts';
import { createRound } from '../../server/rounds/setup-store.ts';
import type { RoundFields } from '../../server/rounds/setup-forms.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { snapshot } from '../helpers/snapshot.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let alliance: Alliance;
let people: Record<Role, User>;
let other: { alliance: Alliance } & Record<Role, User>;
let inquiry: Inquiry;
let facilitator: Agent;
let base: string;
let inquiryBase: string;

beforeEach(async () => {
  t = await testApp();
  ({ alliance, ...people } = await makeAlliance(t.db, 'Harbour Alliance'));
  other = await makeAlliance(t.db, 'Other Alliance');
  inquiry = await makeInquiry(t.db, alliance, people.coordinator);
  facilitator = await signedIn(t.app, people.facilitator.email);
  base = `/alliances/${alliance.id}`;
  inquiryBase = `${base}/inquiries/${inquiry.id}`;
});
afterEach(() => t.close());

/** Everything the round pages can change, to prove a refused request wrote nothing. */
async function allRows(db: Db) {
  return {
    ...(await snapshot(db)),
    rounds: await db.selectFrom('rounds').selectAll().orderBy('id').execute(),
    roundDomains: await db.selectFrom('round_domains').selectAll().orderBy('round_id').orderBy('domain_id').execute(),
    roundSources: await db.selectFrom('round_sources').selectAll().orderBy('round_id').execute(),
    roundStories: await db.selectFrom('round_stories').selectAll().orderBy('round_id').orderBy('story_id').execute(),
  };
}

const domainsOf = () =>
  t.db.selectFrom('domains').selectAll().where('inquiry_id', '=', inquiry.id).orderBy('position').execute();

async function makeRound(fields: Partial<RoundFields> = {}): Promise<Round> {
  return createRound(t.db, people.facilitator, inquiry, {
    name: 'Table 1',
    panel: 'Table 1 at the open event',
    level: 1,
    domainIds: [],
    method: 'dots',
    dots: 3,
    voting: 'live',
    shuffle: true,
    sourceIds: [],
    ...fields,
  });
}

async function addToRound(round: Round, stories: Story[], origin: 'hand' | 'filter' = 'hand') {
  for (const [position, s] of stories.entries())
    await t.db.insertInto('round_stories').values({ round_id: round.id, story_id: s.id, position, origin }).execute();
}

/** A decision for a domain of the round, choosing these stories. */
async function decide(round: Round, domainId: number | null, chosen: Story[]) {
  const d = await t.db
    .insertInto('decisions')
    .values({
      round_id: round.id,
      domain_id: domainId,
      outcome: chosen.length ? 'chosen' : 'none',
      reasons: 'It shows the change clearly.',
      criteria: '',
      dissent: '',
      recorded_by: people.facilitator.id,
      decided_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const s of chosen)
    await t.db
      .insertInto('selections')
      .values({ decision_id: d.id, round_id: round.id, story_id: s.id, votes: 3 })
      .execute();
}

const roundForm = (fields: Record<string, string | string[]> = {}) => ({
  name: 'Table 2',
  panel: 'Table 2',
  level: '',
  method: 'dots',
  dots: '4',
  voting: 'live',
  shuffle: 'yes',
  ...fields,
});

describe('the rounds list', () => {
  it('lists the rounds by level with stage, panel, story count, and offers a new round', async () => {
    const first = await makeRound();
    await addToRound(first, [await makeStory(t.db, inquiry), await makeStory(t.db, inquiry)]);
    await makeRound({ name: 'Alliance board', panel: 'The board', level: 2 });
    const res = await facilitator.get(`${inquiryBase}/rounds`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Sense-making rounds');
    const text = visibleText(res.body);
    expect(text).toMatch(/Level 1 .*Table 1 Table 1 at the open event Preparing 2 0/);
    expect(text).toMatch(/Level 2 .*Alliance board The board Preparing 0 0/);
    expect(res.body).toContain(`href="${inquiryBase}/rounds/new"`);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('is linked from the inquiry page', async () => {
    const res = await facilitator.get(inquiryBase);
    expect(res.body).toContain(`href="${inquiryBase}/rounds"`);
  });

  it('sends the signed-out to sign in, refuses interviewers and readers, and hides from other alliances', async () => {
    expect((await new Agent(t.app).get(`${inquiryBase}/rounds`)).headers.location).toMatch(/^\/sign-in/);
    for (const role of ['interviewer', 'reader'] as const)
      expect((await (await signedIn(t.app, people[role].email)).get(`${inquiryBase}/rounds`)).statusCode).toBe(403);
    expect((await (await signedIn(t.app, other.coordinator.email)).get(`${inquiryBase}/rounds`)).statusCode).toBe(404);
  });
});

describe('making a round', () => {
  it('creates the round with a join code, domains and settings, and says so', async () => {
    const [lives] = await domainsOf();
    const page = await facilitator.get(`${inquiryBase}/rounds/new`);
    expect(heading(page.body)).toBe('New round');
    expect(await htmlErrors(page.body)).toEqual([]);
    const res = await facilitator.post(
      `${inquiryBase}/rounds/new`,
      roundForm({ 'domains[]': [String(lives!.id)], method: 'ranking', voting: 'paper' }),
    );
    expect(res.statusCode).toBe(303);
    const round = await t.db.selectFrom('rounds').selectAll().executeTakeFirstOrThrow();
    expect(res.headers.location).toBe(`${base}/rounds/${round.id}`);
    expect(round).toMatchObject({
      name: 'Table 2',
      level: 1,
      method: 'ranking',
      dots: 4,
      voting: 'paper',
      stage: 'preparing',
      shuffle: 1,
      created_by: people.facilitator.id,
    });
    expect(round.join_code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    const hub = await facilitator.get(res.headers.location!);
    expect(flash(hub.body)).toBe('Round created. Pick its stories next.');
    expect(visibleText(hub.body)).toContain(`${round.join_code.slice(0, 3)} ${round.join_code.slice(3)}`);
    expect(visibleText(hub.body)).toContain("Domains Changes in people's lives");
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('action', '=', 'round.created')
      .execute();
    expect(audit).toEqual([{ action: 'round.created', actor_user_id: people.facilitator.id }]);
  });

  it('sets the level one above the rounds it takes stories from, and brings in the stories they chose', async () => {
    const [lives, services] = await domainsOf();
    const table1 = await makeRound({ name: 'Table 1' });
    const table2 = await makeRound({ name: 'Table 2' });
    const a = await makeStory(t.db, inquiry, { title: 'The bus came back', domain: 0 });
    const b = await makeStory(t.db, inquiry, { title: 'The clinic opened late', domain: 1 });
    const withdrawn = await makeStory(t.db, inquiry, { title: 'Later withdrawn', domain: 0 });
    await addToRound(table1, [a, withdrawn]);
    await addToRound(table2, [b]);
    await decide(table1, lives!.id, [a, withdrawn]);
    await decide(table2, services!.id, [b]);
    await t.db
      .updateTable('stories')
      .set({ status: 'withdrawn', withdrawn_at: new Date().toISOString() })
      .where('id', '=', withdrawn.id)
      .execute();

    const form = visibleText((await facilitator.get(`${inquiryBase}/rounds/new`)).body);
    // Each earlier round says its number is its level (a bare "Table 1 (1)" did not).
    expect(form).toContain('Take the stories chosen by');
    expect(form).toContain('Table 1 — level 1');
    expect(form).not.toContain('Table 1 (1)');
    const res = await facilitator.post(
      `${inquiryBase}/rounds/new`,
      roundForm({ name: 'Alliance board', 'sources[]': [String(table1.id), String(table2.id)] }),
    );
    expect(res.statusCode).toBe(303);
    const board = await t.db
      .selectFrom('rounds')
      .selectAll()
      .where('name', '=', 'Alliance board')
      .executeTakeFirstOrThrow();
    expect(board.level).toBe(2);
    const text = visibleText((await facilitator.get(res.headers.location!)).body);
    expect(text).toContain('The bus came back');
    expect(text).toContain('The clinic opened late');
    expect(text).toContain('passed up');
    expect(text).not.toContain('Later withdrawn');
  });

  it('refuses bad input beside each field, keeps what was typed, and writes nothing', async () => {
    const table1 = await makeRound({ level: 2 });
    await facilitator.get(`${inquiryBase}/rounds/new`);
    const before = await allRows(t.db);
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ name: '  ' }, 'name', 'Give the round a name (up to 200 characters).'],
      [{ name: 'A'.repeat(201) }, 'name', 'Give the round a name (up to 200 characters).'],
      [{ level: '0' }, 'level', 'The level is a whole number from 1 to 9.'],
      [{ level: '1.5' }, 'level', 'The level is a whole number from 1 to 9.'],
      [{ dots: '21' }, 'dots', 'Type a whole number from 1 to 20.'],
      [{ dots: 'lots' }, 'dots', 'Type a whole number from 1 to 20.'],
      [{ 'domains[]': ['999999'] }, 'domains', "Choose among the inquiry's domains."],
      [{ 'sources[]': ['999999'] }, 'sources', "Choose among this inquiry's rounds."],
      [
        { level: '2', 'sources[]': [String(table1.id)] },
        'sources',
        'Stories pass up: choose rounds at a lower level than this one (or raise its level).',
      ],
      [{ method: 'lottery' }, 'method', 'Choose how the panel chooses.'],
    ];
    for (const [fields, field, message] of cases) {
      const res = await facilitator.post(`${inquiryBase}/rounds/new`, roundForm({ panel: 'Kept panel', ...fields }));
      expect(res.statusCode, field).toBe(422);
      expect(fieldError(res.body, field), JSON.stringify(fields)).toBe(message);
      expect(fieldValue(res.body, 'panel')).toBe('Kept panel');
    }
    expect(await allRows(t.db)).toEqual(before);
  });

  it('ignores the dots for consensus and secret ballots', async () => {
    await facilitator.get(`${inquiryBase}/rounds/new`);
    expect(
      (await facilitator.post(`${inquiryBase}/rounds/new`, roundForm({ method: 'secret', dots: '99' }))).statusCode,
    ).toBe(303);
    expect((await t.db.selectFrom('rounds').select('dots').executeTakeFirstOrThrow()).dots).toBe(1);
  });

  it('is for coordinators and facilitators of this alliance only', async () => {
    expect((await new Agent(t.app).get(`${inquiryBase}/rounds/new`)).headers.location).toMatch(/^\/sign-in/);
    for (const role of ['interviewer', 'reader'] as const) {
      const agent = await signedIn(t.app, people[role].email);
      expect((await agent.get(`${inquiryBase}/rounds/new`)).statusCode).toBe(403);
      expect((await agent.post(`${inquiryBase}/rounds/new`, roundForm())).statusCode).toBe(403);
    }
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(`${inquiryBase}/rounds/new`)).statusCode).toBe(404);
    expect((await outsider.post(`${inquiryBase}/rounds/new`, roundForm())).statusCode).toBe(404);
    expect(await t.db.selectFrom('rounds').selectAll().execute()).toEqual([]);
  });
});

describe('changing a round', () => {
  it('shows the settings, saves changes, and audits them', async () => {
    const round = await makeRound();
    const page = await facilitator.get(`${base}/rounds/${round.id}/edit`);
    expect(heading(page.body)).toBe('Change the round');
    expect(fieldValue(page.body, 'name')).toBe('Table 1');
    expect(await htmlErrors(page.body)).toEqual([]);
    const res = await facilitator.post(
      `${base}/rounds/${round.id}/edit`,
      roundForm({ name: 'Table one', level: '1', method: 'consensus' }),
    );
    expect(res.statusCode).toBe(303);
    expect(
      await t.db.selectFrom('rounds').select(['name', 'method']).where('id', '=', round.id).executeTakeFirst(),
    ).toEqual({ name: 'Table one', method: 'consensus' });
    expect(
      await t.db.selectFrom('audit_events').select('action').where('action', '=', 'round.updated').execute(),
    ).toHaveLength(1);
  });

  it('refuses a round as its own source, keeping what was typed and writing nothing', async () => {
    const round = await makeRound();
    await facilitator.get(`${base}/rounds/${round.id}/edit`);
    const before = await allRows(t.db);
    let res = await facilitator.post(
      `${base}/rounds/${round.id}/edit`,
      roundForm({ name: 'Changed', level: '3', 'sources[]': [String(round.id)] }),
    );
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'sources')).toBe('A round cannot take stories from itself.');
    res = await facilitator.post(`${base}/rounds/${round.id}/edit`, roundForm({ name: '', panel: 'Kept' }));
    expect(fieldError(res.body, 'name')).toBe('Give the round a name (up to 200 characters).');
    expect(fieldValue(res.body, 'panel')).toBe('Kept');
    expect(await allRows(t.db)).toEqual(before);
  });

  it('will not change how the panel chooses once voting has started', async () => {
    const round = await makeRound();
    await t.db.updateTable('rounds').set({ stage: 'voting' }).where('id', '=', round.id).execute();
    await facilitator.get(`${base}/rounds/${round.id}/edit`);
    const res = await facilitator.post(`${base}/rounds/${round.id}/edit`, roundForm({ method: 'secret' }));
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'method')).toBe('Voting has started: how the panel chooses can no longer change.');
  });

  it('guards the edit pages', async () => {
    const round = await makeRound();
    expect((await new Agent(t.app).get(`${base}/rounds/${round.id}/edit`)).headers.location).toMatch(/^\/sign-in/);
    expect((await (await signedIn(t.app, people.reader.email)).get(`${base}/rounds/${round.id}/edit`)).statusCode).toBe(
      403,
    );
    const interviewer = await signedIn(t.app, people.interviewer.email);
    expect((await interviewer.post(`${base}/rounds/${round.id}/edit`, roundForm())).statusCode).toBe(403);
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(`/alliances/${other.alliance.id}/rounds/${round.id}/edit`)).statusCode).toBe(404);
    expect(
      (await outsider.post(`/alliances/${other.alliance.id}/rounds/${round.id}/edit`, roundForm())).statusCode,
    ).toBe(404);
  });
});

describe('picking stories', () => {
  it("shows only stories with panel consent, never drafts or withdrawn ones, within the round's domains", async () => {
    const [lives] = await domainsOf();
    const round = await makeRound({ domainIds: [lives!.id] });
    await makeStory(t.db, inquiry, { title: 'Consented story', domain: 0 });
    await makeStory(t.db, inquiry, { title: 'No panel consent', domain: 0, consent: { panels: false } });
    await makeStory(t.db, inquiry, { title: 'Just a draft', domain: 0, status: 'draft' });
    const gone = await makeStory(t.db, inquiry, { title: 'Withdrawn one', domain: 0 });
    await t.db
      .updateTable('stories')
      .set({ status: 'withdrawn', withdrawn_at: new Date().toISOString() })
      .where('id', '=', gone.id)
      .execute();
    await makeStory(t.db, inquiry, { title: 'Another domain', domain: 1 });
    const res = await facilitator.get(`${base}/rounds/${round.id}/stories`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe("Pick the round's stories");
    const text = visibleText(res.body);
    expect(text).toContain('Consented story');
    for (const hidden of ['No panel consent', 'Just a draft', 'Withdrawn one', 'Another domain'])
      expect(text).not.toContain(hidden);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('filters by status, storyteller detail, tag, and reading time, and adds the ticked stories by hand', async () => {
    const round = await makeRound();
    const worker = await makeStory(t.db, inquiry, {
      title: 'A worker speaks',
      attributes: { 'Who are you?': 'Worker' },
      status: 'verified',
    });
    await makeStory(t.db, inquiry, {
      title: 'A citizen speaks',
      attributes: { 'Who are you?': 'Citizen' },
      status: 'verified',
    });
    const long = await makeStory(t.db, inquiry, {
      title: 'A long one',
      words: 'word '.repeat(700),
      status: 'verified',
    });
    const attribute = await t.db
      .selectFrom('attributes')
      .select('id')
      .where('inquiry_id', '=', inquiry.id)
      .where('label', '=', 'Who are you?')
      .executeTakeFirstOrThrow();
    let res = await facilitator.get(
      `${base}/rounds/${round.id}/stories?status=verified&attribute=${attribute.id}&attributeValue=worker`,
    );
    let text = visibleText(res.body);
    expect(text).toContain('A worker speaks');
    expect(text).not.toContain('A citizen speaks');
    res = await facilitator.get(`${base}/rounds/${round.id}/stories?minutes=2`);
    text = visibleText(res.body);
    expect(text).toContain('A worker speaks');
    expect(text).not.toContain('A long one');

    const tag = await t.db
      .insertInto('tags')
      .values({
        inquiry_id: inquiry.id,
        parent_id: null,
        name: 'Transport',
        description: '',
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('story_tags')
      .values({
        story_id: long.id,
        tag_id: tag.id,
        answer_position: null,
        start_offset: null,
        end_offset: null,
        quote: '',
        source: 'person',
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    text = visibleText((await facilitator.get(`${base}/rounds/${round.id}/stories?tag=${tag.id}`)).body);
    expect(text).toContain('A long one');
    expect(text).not.toContain('A worker speaks');

    const add = await facilitator.post(`${base}/rounds/${round.id}/stories`, {
      intent: 'add',
      'story[]': [String(worker.id), String(long.id)],
      status: 'verified',
    });
    expect(add.statusCode).toBe(303);
    expect(add.headers.location).toBe(`${base}/rounds/${round.id}/stories?status=verified`);
    const page = await facilitator.get(add.headers.location!);
    expect(flash(page.body)).toBe('Stories added to the round.');
    expect(visibleText(page.body)).toContain('Reading time: about 5 minutes in all.');
    const rows = await t.db
      .selectFrom('round_stories')
      .select(['story_id', 'origin'])
      .where('round_id', '=', round.id)
      .orderBy('position')
      .execute();
    expect(rows).toEqual([
      { story_id: worker.id, origin: 'hand' },
      { story_id: long.id, origin: 'hand' },
    ]);
    expect(
      JSON.parse(
        (await t.db.selectFrom('rounds').select('filters').where('id', '=', round.id).executeTakeFirstOrThrow())
          .filters,
      ),
    ).toEqual({ status: 'verified' });
  });

  it('adds all matching stories, removes one, and audits each change', async () => {
    const round = await makeRound();
    const a = await makeStory(t.db, inquiry, { domain: 0 });
    const b = await makeStory(t.db, inquiry, { domain: 0 });
    await makeStory(t.db, inquiry, { domain: 1 });
    const [lives] = await domainsOf();
    await facilitator.get(`${base}/rounds/${round.id}/stories`);
    expect(
      (await facilitator.post(`${base}/rounds/${round.id}/stories`, { intent: 'addAll', domain: String(lives!.id) }))
        .statusCode,
    ).toBe(303);
    let rows = await t.db
      .selectFrom('round_stories')
      .select(['story_id', 'origin'])
      .where('round_id', '=', round.id)
      .orderBy('story_id')
      .execute();
    expect(rows).toEqual([
      { story_id: a.id, origin: 'filter' },
      { story_id: b.id, origin: 'filter' },
    ]);
    expect(
      (await facilitator.post(`${base}/rounds/${round.id}/stories`, { intent: 'remove', 'story[]': String(a.id) }))
        .statusCode,
    ).toBe(303);
    rows = await t.db
      .selectFrom('round_stories')
      .select(['story_id', 'origin'])
      .where('round_id', '=', round.id)
      .execute();
    expect(rows).toEqual([{ story_id: b.id, origin: 'filter' }]);
    const actions = (
      await t.db.selectFrom('audit_events').select('action').where('subject_type', '=', 'round').orderBy('id').execute()
    ).map((e) => e.action);
    expect(actions).toEqual(['round.created', 'round.stories_added', 'round.story_removed']);
  });

  it('brings in stories the source rounds chose after this round was made', async () => {
    const [lives] = await domainsOf();
    const table = await makeRound({ name: 'Table 1' });
    const board = await makeRound({ name: 'Board', level: 2, sourceIds: [table.id] });
    const story = await makeStory(t.db, inquiry, { title: 'Chosen at the table' });
    await addToRound(table, [story]);
    await decide(table, lives!.id, [story]);
    await facilitator.get(`${base}/rounds/${board.id}/stories`);
    expect(visibleText((await facilitator.get(`${base}/rounds/${board.id}`)).body)).not.toContain(
      'Chosen at the table',
    );
    const res = await facilitator.post(`${base}/rounds/${board.id}/stories`, { intent: 'passUp' });
    expect(res.statusCode).toBe(303);
    expect(flash((await facilitator.get(res.headers.location!)).body)).toBe(
      'Chosen stories from earlier rounds brought in.',
    );
    const hub = visibleText((await facilitator.get(`${base}/rounds/${board.id}`)).body);
    expect(hub).toContain('Chosen at the table');
    expect(hub).toContain('passed up');
  });

  it('refuses bad filters and an empty tick beside the field, keeping them and writing nothing', async () => {
    const round = await makeRound();
    await makeStory(t.db, inquiry);
    await facilitator.get(`${base}/rounds/${round.id}/stories`);
    const before = await allRows(t.db);
    let res = await facilitator.post(`${base}/rounds/${round.id}/stories`, {
      intent: 'addAll',
      minutes: 'soon',
      words: '200',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'minutes')).toBe('Type a whole number of minutes, 1 or more.');
    expect(fieldValue(res.body, 'minutes')).toBe('soon');
    expect(fieldValue(res.body, 'words')).toBe('200');
    res = await facilitator.post(`${base}/rounds/${round.id}/stories`, { intent: 'add', domain: '999999' });
    expect(fieldError(res.body, 'domain')).toBe("Choose one of the round's domains.");
    res = await facilitator.post(`${base}/rounds/${round.id}/stories`, { intent: 'add' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'story')).toBe('Tick at least one story to add.');
    res = await facilitator.get(`${base}/rounds/${round.id}/stories?status=draft`);
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'status')).toBe('Choose one of the statuses listed.');
    expect(await allRows(t.db)).toEqual(before);
  });

  it('will not change the stories once voting has started', async () => {
    const round = await makeRound();
    const story = await makeStory(t.db, inquiry);
    await t.db.updateTable('rounds').set({ stage: 'voting' }).where('id', '=', round.id).execute();
    const page = await facilitator.get(`${base}/rounds/${round.id}/stories`);
    expect(visibleText(page.body)).toContain("Voting has started: the round's stories can no longer change.");
    const before = await allRows(t.db);
    const res = await facilitator.post(`${base}/rounds/${round.id}/stories`, {
      intent: 'add',
      'story[]': String(story.id),
    });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('Stories can be picked only while the round is preparing or reading.');
    expect(await allRows(t.db)).toEqual(before);
  });

  it('guards the stories pages', async () => {
    const round = await makeRound();
    const url = `${base}/rounds/${round.id}/stories`;
    expect((await new Agent(t.app).get(url)).headers.location).toMatch(/^\/sign-in/);
    for (const role of ['interviewer', 'reader'] as const) {
      const agent = await signedIn(t.app, people[role].email);
      expect((await agent.get(url)).statusCode).toBe(403);
      expect((await agent.post(url, { intent: 'passUp' })).statusCode).toBe(403);
    }
    const outsider = await signedIn(t.app, other.coordinator.email);
    expect((await outsider.get(`/alliances/${other.alliance.id}/rounds/${round.id}/stories`)).statusCode).toBe(404);
    expect(
      (await outsider.post(`/alliances/${other.alliance.id}/rounds/${round.id}/stories`, { intent: 'passUp' }))
        .statusCode,
    ).toBe(404);
  });
});
