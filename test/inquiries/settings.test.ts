/** An inquiry's settings, and its public storytelling link. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { createStory, type StoryInput } from '../../server/stories/store.ts';
import { copyLink, fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { auditSince, guideSnapshot, makeWorld, reload, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

const good = {
  title: 'Changes this year',
  purpose: 'To learn what changed for people.\nAnd why.',
  periodStart: '2026-01-01',
  periodEnd: '2026-06-30',
  periodWords: 'six months',
  consentStatement: 'We will keep your story.',
  languages: 'en, es, pt-br',
  codePrefix: 'hb26',
};

describe('inquiry settings', () => {
  it('shows the settings as they stand', async () => {
    const res = await w.as.coordinator.get(`${w.mscPath}/settings`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Inquiry settings');
    expect(fieldValue(res.body, 'title')).toBe('Changes this year');
    expect(fieldValue(res.body, 'periodWords')).toBe('six months');
    expect(fieldValue(res.body, 'codePrefix')).toBe('MSC');
    expect(fieldValue(res.body, 'languages')).toBe('en');
    expect(res.body).toContain('<input id="field-periodStart" name="periodStart" type="date"');
    expect(res.body).toMatch(/<textarea id="field-consentStatement"[^>]*>\nWe would like to keep your story/);
    expect(res.body).not.toContain('field-aiTopic'); // MSC has no topic of inquiry
    expect((await w.as.coordinator.get(`${w.aiPath}/settings`)).body).toContain('field-aiTopic');
  });

  it('saves them: the period fills [period], codes get the new prefix from now on, and it is audited', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/settings`, { ...good, periodWords: 'year' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(w.mscPath);
    const saved = await reload(w.t.db, w.msc);
    expect(saved).toMatchObject({
      purpose: 'To learn what changed for people.\nAnd why.',
      period_start: '2026-01-01',
      period_end: '2026-06-30',
      period_words: 'year',
      consent_statement: 'We will keep your story.',
      languages: 'en,es,pt-BR',
      code_prefix: 'HB26',
    });
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toBe('Settings saved.');
    const text = visibleText(page.body);
    expect(text).toContain('Looking back over the last year, what do you think');
    expect(text).toContain('English (en), Spanish (es), Brazilian Portuguese (pt-BR)');
    expect(text).toContain('Stories are numbered HB26-0001');
    expect(text).toContain('We will keep your story.');
    expect(await auditSince(w.t.db, before)).toEqual(['inquiry.settings_changed']);
    const event = await w.t.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'inquiry.settings_changed')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail).changed).toContain('code_prefix');
  });

  it('gives the new story code prefix only to stories recorded afterwards', async () => {
    const story = async () => {
      const inquiry = await reload(w.t.db, w.msc);
      const guide = await loadGuide(w.t.db, inquiry);
      const input: StoryInput = {
        domainId: guide.domains[0]!.id,
        title: 'A change',
        language: 'en',
        storyteller: 'T',
        partnerId: null,
        toldOn: null,
        toldWhere: '',
        consent: {
          panels: true,
          packs: true,
          quotes: true,
          funders: true,
          publish: true,
          anonymous: false,
          how: null,
          on: null,
        },
        answers: [],
        attributes: [],
      };
      return (
        await createStory(w.t.db, w.people.coordinator, inquiry, input, {
          status: 'recorded',
          route: 'interview',
          interviewerId: null,
        })
      ).story;
    };
    const first = await story();
    await w.as.coordinator.post(`${w.mscPath}/settings`, good);
    const second = await story();
    expect(first.code).toBe('MSC-0001');
    expect(second.code).toBe('HB26-0002');
    expect(
      (await w.t.db.selectFrom('stories').select('code').where('id', '=', first.id).executeTakeFirstOrThrow()).code,
    ).toBe('MSC-0001');
  });

  it('saves a topic for an Appreciative Inquiry, which fills [topic]', async () => {
    const res = await w.as.coordinator.post(`${w.aiPath}/settings`, {
      ...good,
      title: 'At our best',
      aiTopic: 'working together',
      periodStart: '',
      periodEnd: '',
    });
    expect(res.statusCode).toBe(303);
    expect(await reload(w.t.db, w.ai)).toMatchObject({
      ai_topic: 'working together',
      period_start: null,
      period_end: null,
    });
    expect(visibleText((await w.as.coordinator.get(w.aiPath)).body)).toContain(
      'Tell me about a time when working together was at its best',
    );
  });

  it('refuses dates that do not exist or are in the wrong order, keeping everything typed', async () => {
    const before = await guideSnapshot(w.t.db);
    let res = await w.as.coordinator.post(`${w.mscPath}/settings`, { ...good, periodStart: '2026-02-30' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'periodStart')).toBe('Enter a real date, like 2026-03-31.');
    expect(fieldValue(res.body, 'periodStart')).toBe('2026-02-30');
    expect(fieldValue(res.body, 'languages')).toBe('en, es, pt-br');

    res = await w.as.coordinator.post(`${w.mscPath}/settings`, {
      ...good,
      periodStart: '2026-06-30',
      periodEnd: '2026-01-01',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'periodEnd')).toBe('The last day cannot be before the first day.');
    expect(res.body).toContain('<a href="#field-periodEnd">The last day cannot be before the first day.</a>');

    res = await w.as.coordinator.post(`${w.mscPath}/settings`, { ...good, periodStart: '1 March' });
    expect(fieldError(res.body, 'periodStart')).toBe('Enter a real date, like 2026-03-31.');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('reports every problem at once, each beside its field, keeping what was typed', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/settings`, {
      ...good,
      title: '',
      periodStart: '2026-06-30',
      periodEnd: '2026-01-01',
      languages: 'français, xx-!!,',
      codePrefix: 'a',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'title')).toBe('Enter a title (up to 200 characters).');
    expect(fieldError(res.body, 'periodEnd')).toBe('The last day cannot be before the first day.');
    expect(fieldError(res.body, 'languages')).toBe(
      'Enter one or more language codes separated by commas, like en, es, pt-BR (up to 20).',
    );
    expect(fieldError(res.body, 'codePrefix')).toBe(
      'Use 2 to 6 capital letters (A–Z) or digits, with no spaces or dashes.',
    );
    // The summary lists them in the order of the form.
    const summary = [...res.body.matchAll(/<a href="#field-(\w+)">/g)].map((m) => m[1]);
    expect(summary).toEqual(['title', 'periodEnd', 'languages', 'codePrefix']);
    expect(fieldValue(res.body, 'periodStart')).toBe('2026-06-30');
    expect(fieldValue(res.body, 'periodEnd')).toBe('2026-01-01');
    expect(fieldValue(res.body, 'languages')).toBe('français, xx-!!,');
    expect(fieldValue(res.body, 'codePrefix')).toBe('a');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('refuses language codes that name no language, and a bad story code prefix', async () => {
    const before = await guideSnapshot(w.t.db);
    for (const languages of ['English', 'en, xx', 'en;es', '', 'en-ZZ']) {
      const res = await w.as.coordinator.post(`${w.mscPath}/settings`, { ...good, languages });
      expect(res.statusCode, languages).toBe(422);
      expect(fieldError(res.body, 'languages'), languages).toBe(
        'Enter one or more language codes separated by commas, like en, es, pt-BR (up to 20).',
      );
    }
    for (const codePrefix of ['M', 'MSC-1', 'TOOLONG7', '']) {
      const res = await w.as.coordinator.post(`${w.mscPath}/settings`, { ...good, codePrefix });
      expect(res.statusCode, codePrefix).toBe(422);
      expect(fieldError(res.body, 'codePrefix')).toBe(
        'Use 2 to 6 capital letters (A–Z) or digits, with no spaces or dashes.',
      );
      expect(fieldValue(res.body, 'codePrefix')).toBe(codePrefix);
    }
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('asks for a title and a consent statement, keeping the purpose as typed', async () => {
    const res = await w.as.coordinator.post(`${w.mscPath}/settings`, {
      ...good,
      title: '',
      consentStatement: '  ',
      purpose: 'Keep <this> & that',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'title')).toBe('Enter a title (up to 200 characters).');
    expect(fieldError(res.body, 'consentStatement')).toBe(
      'Enter the consent statement storytellers hear (up to 5,000 characters).',
    );
    expect(res.body).toContain('>\nKeep &lt;this&gt; &amp; that</textarea>');
  });

  it('keeps what was typed when the form had expired', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/settings`, { ...good, _csrf: 'stale' });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'codePrefix')).toBe('hb26');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it("gives 404 for another alliance's inquiry, on the form and the save", async () => {
    expect((await w.as.coordinator.get(`${w.base}/inquiries/${w.other.inquiry.id}/settings`)).statusCode).toBe(404);
    const before = await guideSnapshot(w.t.db);
    const theirs = `/alliances/${w.other.alliance.id}/inquiries/${w.msc.id}/settings`;
    expect((await w.other.as.post(theirs, good)).statusCode).toBe(404);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});

describe('the public storytelling link', () => {
  const linkOn = (html: string) => (html.includes('id="public-link"') ? copyLink(html, 'public-link') : undefined);

  it('opens with a long random link to copy, shown to everyone who can see the inquiry', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/public/open`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${w.mscPath}#public`);
    const saved = await reload(w.t.db, w.msc);
    expect(saved.public_open).toBe(1);
    expect(saved.public_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toContain('The public storytelling link is open.');
    expect(linkOn(page.body)).toBe(`http://localhost:3000/tell/${saved.public_token}`);
    expect(linkOn((await w.as.interviewer.get(w.mscPath)).body)).toBe(
      `http://localhost:3000/tell/${saved.public_token}`,
    );
    expect(await auditSince(w.t.db, before)).toEqual(['inquiry.public_opened']);
    const event = await w.t.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'inquiry.public_opened')
      .executeTakeFirstOrThrow();
    expect(event.detail).not.toContain(saved.public_token!);
  });

  it('closes, and opens again with the same link', async () => {
    await w.as.coordinator.post(`${w.mscPath}/public/open`);
    const token = (await reload(w.t.db, w.msc)).public_token;
    expect((await w.as.coordinator.post(`${w.mscPath}/public/close`)).statusCode).toBe(303);
    expect(await reload(w.t.db, w.msc)).toMatchObject({ public_open: 0, public_token: token });
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toContain('The public storytelling link is closed');
    expect(linkOn(page.body)).toBeUndefined();
    expect(visibleText(page.body)).toContain('Public storytelling link Closed.');
    await w.as.coordinator.post(`${w.mscPath}/public/open`);
    expect(await reload(w.t.db, w.msc)).toMatchObject({ public_open: 1, public_token: token });
  });

  it('makes a new link, and the old one is gone', async () => {
    await w.as.coordinator.post(`${w.mscPath}/public/open`);
    const old = (await reload(w.t.db, w.msc)).public_token;
    await w.as.coordinator.get(w.mscPath);
    expect((await w.as.coordinator.post(`${w.mscPath}/public/renew`)).statusCode).toBe(303);
    const renewed = await reload(w.t.db, w.msc);
    expect(renewed.public_token).not.toBe(old);
    expect(renewed.public_open).toBe(1);
    const page = await w.as.coordinator.get(w.mscPath);
    expect(flash(page.body)).toBe('There is a new public storytelling link. The old one no longer works.');
    expect(linkOn(page.body)).toContain(renewed.public_token);
    expect(page.body).not.toContain(old!);
    expect(await w.t.db.selectFrom('inquiries').select('id').where('public_token', '=', old!).execute()).toEqual([]);
  });

  it('refuses a change without its CSRF token (403), changing nothing', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.mscPath}/public/open`, { _csrf: 'forged' });
    expect(res.statusCode).toBe(403);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it("gives 404 for another alliance's inquiry", async () => {
    const before = await guideSnapshot(w.t.db);
    for (const action of ['open', 'close', 'renew']) {
      expect(
        (await w.other.as.post(`/alliances/${w.other.alliance.id}/inquiries/${w.msc.id}/public/${action}`)).statusCode,
      ).toBe(404);
    }
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});
