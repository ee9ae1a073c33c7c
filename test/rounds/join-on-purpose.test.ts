/**
 * A member joins a round by pressing "Join this round" (a form, so a coordinator checking the page joins nothing),
 * only while the panel is reading or voting; and a member removed from the alliance no longer counts as sitting
 * on its panels: not on the round's page, the inquiry's list of rounds, or the report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeMember } from '../../server/accounts/members-store.ts';
import { signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, flash, visibleText } from '../helpers/pages.ts';
import { guestIn, participationWorld, setStage } from './round-fixtures.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof participationWorld>>;
let home: string;
const PAST = 'This round is past reading and voting: nobody can join it now.';

beforeEach(async () => {
  t = await testApp();
  w = await participationWorld(t, { stage: 'reading' });
  home = `/rounds/${w.round.id}/take-part`;
});
afterEach(() => t.close());

const participants = () =>
  t.db.selectFrom('round_participants').selectAll().where('round_id', '=', w.round.id).orderBy('id').execute();
const joinedEvents = () =>
  t.db.selectFrom('audit_events').select('id').where('action', '=', 'round.participant_joined').execute();
/** The fields of the page's "Join this round" form, as the browser would send them. */
const joinForm = (html: string) => {
  const form = /<form method="post" action="\/join"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
};

describe('a member taking part', () => {
  it('opening the take-part page joins nothing; pressing "Join this round" joins, once', async () => {
    const coordinator = await signedIn(t.app, w.people.coordinator.email);
    const page = await coordinator.get(home);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('Join this round');
    expect(await htmlErrors(page.body)).toEqual([]);
    await coordinator.get(`${home}/stories/${w.stories[0]!.id}`);
    await coordinator.get(`${home}/vote`);
    expect(await participants()).toEqual([]);
    expect(await joinedEvents()).toEqual([]);

    // A stale or missing CSRF token joins nobody.
    expect((await coordinator.post('/join', { ...joinForm(page.body), _csrf: 'stale' })).statusCode).not.toBe(303);
    expect(await participants()).toEqual([]);

    const res = await coordinator.post('/join', joinForm((await coordinator.get(home)).body));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(home);
    const joined = await coordinator.get(home);
    expect(flash(joined.body)).toBe('You have joined the round. Welcome!');
    expect(visibleText(joined.body)).toContain(`You are taking part as ${w.people.coordinator.name}.`);
    expect(joined.body).not.toContain('action="/join"');
    expect((await participants()).map((p) => p.user_id)).toEqual([w.people.coordinator.id]);
    expect(await joinedEvents()).toHaveLength(1);
  });

  it('once the panel is deciding, the page says the round is past joining, and neither it nor the code joins', async () => {
    const guest = await guestIn(t.app, w.round.join_code);
    await setStage(t.db, w.round.id, 'deciding');
    const facilitator = await signedIn(t.app, w.people.facilitator.email);
    const page = await facilitator.get(home);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain(PAST);
    expect(page.body).not.toContain('action="/join"');
    expect(await htmlErrors(page.body)).toEqual([]);
    const byCode = await facilitator.submit('/join', '/join', { code: w.round.join_code, name: 'Late' });
    expect(byCode.statusCode).toBe(422);
    expect(fieldError(byCode.body, 'code')).toBe(PAST);
    const lateGuest = await guestIn(t.app, w.round.join_code).catch((e: Error) => e);
    expect(lateGuest).toBeInstanceOf(Error);
    // Whoever joined in time still reads and comments.
    expect((await guest.get(`${home}/stories/${w.stories[0]!.id}`)).statusCode).toBe(200);
    expect((await participants()).map((p) => p.display_name)).toEqual(['Sam']);
  });
});

describe('a member removed from the alliance', () => {
  it('no longer counts on the round page, the list of rounds or the report', async () => {
    await guestIn(t.app, w.round.join_code, 'Sam');
    const interviewer = await signedIn(t.app, w.people.interviewer.email);
    expect((await interviewer.post('/join', joinForm((await interviewer.get(home)).body))).statusCode).toBe(303);
    const coordinator = await signedIn(t.app, w.people.coordinator.email);
    const roundPage = `/alliances/${w.alliance.id}/rounds/${w.round.id}`;
    expect(visibleText((await coordinator.get(roundPage)).body)).toContain('2 participants');

    const { id } = await t.db
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', w.people.interviewer.id)
      .where('alliance_id', '=', w.alliance.id)
      .executeTakeFirstOrThrow();
    expect(await removeMember(t.db, w.people.coordinator, w.alliance.id, id)).toBe('changed');

    const participantsSection = (html: string) =>
      visibleText(/<section id="participants"[\s\S]*?<\/section>/.exec(html)![0]);
    const after = participantsSection((await coordinator.get(roundPage)).body);
    expect(after).toContain('1 participant');
    expect(after).toContain('Sam');
    expect(after).not.toContain(w.people.interviewer.name);
    const list = (await coordinator.get(`/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}/rounds`)).body;
    const row = /<tr>\s*<th scope="row">[\s\S]*?<\/tr>/.exec(list)![0];
    expect([...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1])[3], 'the Participants column').toBe('1');
    const report = visibleText(
      (await coordinator.get(`/alliances/${w.alliance.id}/inquiries/${w.inquiry.id}/report`)).body,
    );
    expect(report).toContain('Who sat on it: 1 guest.');
    expect(report).not.toContain('former member');
  });
});
