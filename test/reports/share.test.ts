/** Share links: made once, opened without an account (the funder view, obeying consent), logged, expiring, revocable. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, fieldValue, heading, visibleText } from '../helpers/pages.ts';
import { reportBed, signInAs, type ReportBed } from './report-fixture.ts';

let t: TestApp;
let bed: ReportBed;
let coordinator: Agent;
beforeAll(async () => {
  t = await testApp();
  bed = await reportBed(t);
  coordinator = await signInAs(t, 'coordinator');
});
afterAll(() => t.close());

const shareUrl = () => `${bed.base}/report/share`;

async function makeLink(label = 'Community Foundation board', days = '30'): Promise<string> {
  const res = await coordinator.submit(shareUrl(), shareUrl(), { label, days });
  expect(res.statusCode).toBe(201);
  const token = /\/shared\/([A-Za-z0-9_-]{43})["<]/.exec(res.body)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

const linksTable = async () => t.db.selectFrom('share_links').selectAll().orderBy('id').execute();
const written = async () => ({
  links: await linksTable(),
  audit: await t.db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute(),
});

describe('making a share link', () => {
  it('shows the link once, keeps only a hash of its token, and audits it', async () => {
    const token = await makeLink();
    const [link] = (await linksTable()).slice(-1);
    expect(link!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await linksTable())).not.toContain(token);
    expect(link!.label).toBe('Community Foundation board');
    expect(Date.parse(link!.expires_at) - Date.parse(link!.created_at)).toBe(30 * 24 * 60 * 60 * 1000);
    expect(link!.period_from).toBe('2026-01-01');
    const page = await coordinator.get(shareUrl());
    expect(page.body).not.toContain(token);
    expect(visibleText(page.body)).toContain('Community Foundation board');
    expect(await htmlErrors(page.body)).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('action', '=', 'report.share_link_created')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.map((a) => a.detail).join()).not.toContain(token);
  });

  it.each([
    [{ label: '', days: '30' }, 'label', 'Say who the link is for'],
    [{ label: 'Funder', days: '0' }, 'days', 'whole number of days from 1 to 365'],
    [{ label: 'Funder', days: '366' }, 'days', 'whole number of days from 1 to 365'],
    [{ label: 'Funder', days: '1.5' }, 'days', 'whole number of days from 1 to 365'],
    [{ label: 'Funder', days: 'soon' }, 'days', 'whole number of days from 1 to 365'],
  ])(
    'refuses %o with a message beside the field, keeping what was typed and writing nothing',
    async (fields, field, message) => {
      const before = await written();
      const res = await coordinator.submit(shareUrl(), shareUrl(), fields);
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, field)).toContain(message);
      expect(fieldValue(res.body, 'days')).toBe(fields.days);
      expect(fieldValue(res.body, 'label')).toBe(fields.label);
      expect(await written()).toEqual(before);
      expect(await htmlErrors(res.body)).toEqual([]);
    },
  );

  it('is for coordinators only', async () => {
    const facilitator = await signInAs(t, 'facilitator');
    expect((await facilitator.get(shareUrl())).statusCode).toBe(403);
    expect((await facilitator.post(shareUrl(), { label: 'x', days: '3' })).statusCode).toBe(403);
    const anon = await new Agent(t.app).get(shareUrl());
    expect(anon.statusCode).toBe(303);
    const outsider = await signedIn(t.app, bed.outsider.email);
    expect((await outsider.get(shareUrl())).statusCode).toBe(404);
  });
});

describe('opening a share link', () => {
  it('shows the funder report without an account or member navigation, and records the opening', async () => {
    const token = await makeLink('Opened once');
    const link = (await linksTable()).slice(-1)[0]!;
    const res = await t.app.inject({ method: 'GET', url: `/shared/${token}` });
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe(bed.inquiry.title);
    expect(visibleText(res.body)).toContain('This is the report as funders see it');
    expect(res.body).not.toContain('alliance-nav');
    expect(res.body).not.toContain('Sign out');
    expect(await htmlErrors(res.body)).toEqual([]);
    // A member signed in sees no member navigation either.
    const asMember = await coordinator.get(`/shared/${token}`);
    expect(asMember.body).not.toContain('Sign out');
    const accesses = await t.db.selectFrom('share_accesses').selectAll().where('link_id', '=', link.id).execute();
    expect(accesses).toHaveLength(2);
    expect(Object.keys(accesses[0]!).sort()).toEqual(['accessed_at', 'id', 'link_id']);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'report.shared_link_opened')
      .where('subject_id', '=', String(link.id))
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.alliance_id).toBe(bed.demo.alliance.id);
    const list = visibleText((await coordinator.get(shareUrl())).body);
    expect(list).toMatch(/Opened once [^|]*? 2 /);
  });

  it('answers 410 once expired or revoked, and 404 for a token it never made', async () => {
    const token = await makeLink('Soon gone', '1');
    const link = (await linksTable()).slice(-1)[0]!;
    expect((await t.app.inject({ method: 'GET', url: `/shared/${token}` })).statusCode).toBe(200);
    await t.db
      .updateTable('share_links')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', link.id)
      .execute();
    const expired = await t.app.inject({ method: 'GET', url: `/shared/${token}` });
    expect(expired.statusCode).toBe(410);
    expect(visibleText(expired.body)).toContain('This link no longer works');
    expect(await htmlErrors(expired.body)).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/shared/${token}/report.pdf` })).statusCode).toBe(410);

    const other = await makeLink('Revoked');
    const revokedLink = (await linksTable()).slice(-1)[0]!;
    const revoke = await coordinator.post(`${shareUrl()}/${revokedLink.id}/revoke`);
    expect(revoke.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: `/shared/${other}` })).statusCode).toBe(410);
    expect((await coordinator.post(`${shareUrl()}/${revokedLink.id}/revoke`)).statusCode).toBe(404);
    expect(
      await t.db.selectFrom('audit_events').select('id').where('action', '=', 'report.share_link_revoked').execute(),
    ).toHaveLength(1);

    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await t.app.inject({ method: 'GET', url: `/shared/${wrong}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/shared/not-a-token' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/shared/${'x'.repeat(90)}` })).statusCode).toBe(404);
  });
});

describe('what funders see obeys consent', () => {
  it('leaves out chosen stories not shared with funders, unquotable quotes, withdrawn stories and every storyteller name', async () => {
    const chosen = await t.db
      .selectFrom('selections')
      .innerJoin('stories', 'stories.id', 'selections.story_id')
      .innerJoin('rounds', 'rounds.id', 'selections.round_id')
      .select(['stories.id', 'stories.code', 'stories.title', 'stories.storyteller', 'rounds.level'])
      .where('rounds.inquiry_id', '=', bed.inquiry.id)
      .orderBy('rounds.level', 'desc')
      .execute();
    const [kept, notShared, withdrawn] = [...new Map(chosen.map((c) => [c.id, c])).values()];
    await t.db.updateTable('stories').set({ consent_funders: 0 }).where('id', '=', notShared!.id).execute();
    const words = await t.db
      .selectFrom('story_answers')
      .select('value')
      .where('story_id', '=', notShared!.id)
      .where('kind', '=', 'story')
      .executeTakeFirstOrThrow();
    const story = await t.db
      .selectFrom('stories')
      .selectAll()
      .where('id', '=', withdrawn!.id)
      .executeTakeFirstOrThrow();
    await withdrawStory(t.db, null, 'The storyteller', story);

    const token = await makeLink('Consent check');
    const shared = visibleText((await t.app.inject({ method: 'GET', url: `/shared/${token}` })).body);
    expect(shared).toContain(`${kept!.code} ${kept!.title}`);
    expect(shared).not.toContain(notShared!.title);
    expect(shared).not.toContain(`${notShared!.code} `);
    expect(shared).not.toContain(words.value.slice(0, 80));
    expect(shared).toMatch(/more stor(y was|ies were) chosen here; (its|their) tellers? did not agree to share/);
    expect(shared).not.toContain(withdrawn!.title);
    expect(shared).not.toContain(bed.unquotableOpening);
    expect(shared).not.toContain('· told by');
    const tellers = (
      await t.db.selectFrom('stories').select('storyteller').where('inquiry_id', '=', bed.inquiry.id).execute()
    )
      .map((s) => s.storyteller)
      .filter((n) => n.length > 3);
    const bodyOnly = shared.slice(shared.indexOf('Introduction'));
    for (const name of tellers) expect(bodyOnly).not.toMatch(new RegExp(`told by ${name}`));

    // The staff report still has the story not shared with funders, but never the withdrawn one.
    const staff = visibleText((await coordinator.get(`${bed.base}/report`)).body);
    expect(staff).toContain(`${notShared!.code} ${notShared!.title}`);
    expect(staff).not.toContain(withdrawn!.title);
    // A coordinator's "see what funders see" is the same as the link.
    const preview = visibleText((await coordinator.get(`${bed.base}/report?audience=funders`)).body);
    expect(preview).not.toContain(notShared!.title);
  });
});
