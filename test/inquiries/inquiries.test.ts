/** The inquiries list, starting an inquiry from a method's template, the inquiry page and the paper form. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { createStory } from '../../server/stories/store.ts';
import { fieldError, fieldValue, flash, heading, visibleText } from '../helpers/pages.ts';
import { auditSince, guideSnapshot, makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

describe('the list of inquiries', () => {
  it('shows each inquiry with its method, period and counts of stories and drafts, newest first', async () => {
    await w.t.db
      .updateTable('inquiries')
      .set({ period_start: '2026-01-01', period_end: '2026-06-30' })
      .where('id', '=', w.msc.id)
      .execute();
    const guide = await loadGuide(w.t.db, w.msc);
    const input = (title: string) => ({
      domainId: guide.domains[0]!.id,
      title,
      language: 'en',
      storyteller: 'T1',
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
    });
    for (const status of ['recorded', 'recorded', 'draft'] as const) {
      await createStory(w.t.db, w.people.interviewer, w.msc, input('A story'), {
        status,
        route: 'interview',
        interviewerId: w.people.interviewer.id,
      });
    }

    const res = await w.as.interviewer.get(`${w.base}/inquiries`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Inquiries');
    expect(res.body).toMatch(/<a href="\/alliances\/\d+\/inquiries" aria-current="page">Inquiries<\/a>/);
    const text = visibleText(res.body);
    expect(text).toContain('Working together at its best Appreciative Inquiry (5-D) — 0 0');
    expect(text).toContain(
      'Changes this year Most Significant Change 1 Jan 2026 – 30 Jun 2026 asked as “six months” 2 1',
    );
    expect(text.indexOf('Working together')).toBeLessThan(text.indexOf('Changes this year'));
    expect(text).not.toContain('Their inquiry');
    expect(text).not.toContain('New inquiry');
  });

  it('offers coordinators a new inquiry, and says what to do when there are none', async () => {
    await w.t.db.deleteFrom('inquiries').where('alliance_id', '=', w.alliance.id).execute();
    const res = await w.as.coordinator.get(`${w.base}/inquiries`);
    expect(res.body).toContain(`<a class="button" href="${w.base}/inquiries/new">New inquiry</a>`);
    expect(visibleText(res.body)).toContain('There are no inquiries yet. Start one with “New inquiry”');
    expect(visibleText((await w.as.facilitator.get(`${w.base}/inquiries`)).body)).toContain(
      'There are no inquiries yet. A coordinator sets them up.',
    );
  });
});

describe('starting an inquiry', () => {
  it('shows the three methods, each saying what it is', async () => {
    const res = await w.as.coordinator.get(`${w.base}/inquiries/new`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('New inquiry');
    const text = visibleText(res.body);
    expect(text).toContain('Most Significant Change Storytellers say what they think was the most significant change');
    expect(text).toContain('Appreciative Inquiry (5-D) Interviews in pairs discover the best of what is');
    expect(text).toContain('Custom A plain guide with one story question');
  });

  it('creates an MSC inquiry from its template and opens it', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: '  Spring stories  ', method: 'msc' });
    expect(res.statusCode).toBe(303);
    const made = await w.t.db
      .selectFrom('inquiries')
      .selectAll()
      .where('title', '=', 'Spring stories')
      .executeTakeFirstOrThrow();
    expect(res.headers.location).toBe(`${w.base}/inquiries/${made.id}`);
    expect(made).toMatchObject({
      alliance_id: w.alliance.id,
      method: 'msc',
      code_prefix: 'MSC',
      period_words: 'six months',
    });
    const page = await w.as.coordinator.get(res.headers.location as string);
    expect(heading(page.body)).toBe('Spring stories');
    expect(flash(page.body)).toContain('The inquiry is ready');
    expect(visibleText(page.body)).toContain("Changes in people's lives");
    expect(await auditSince(w.t.db, before)).toEqual(['inquiry.created']);
  });

  it('creates an Appreciative Inquiry and a custom one', async () => {
    for (const method of ['ai', 'custom'] as const) {
      const res = await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: `A ${method} inquiry`, method });
      expect(res.statusCode).toBe(303);
      const page = visibleText((await w.as.coordinator.get(res.headers.location as string)).body);
      expect(page).toContain(method === 'ai' ? 'Appreciative Inquiry (5-D):' : 'Custom:');
    }
  });

  it('asks for a title and a method, keeping what was typed and writing nothing', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: '   ' });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'title')).toBe('Enter a title (up to 200 characters).');
    expect(fieldError(res.body, 'method')).toBe(
      'Choose a method: Most Significant Change, Appreciative Inquiry or Custom.',
    );
    expect(res.body).toContain('<a href="#field-method">');

    const long = 'T'.repeat(201);
    const again = await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: long, method: 'ai' });
    expect(again.statusCode).toBe(422);
    expect(fieldValue(again.body, 'title')).toBe(long);
    expect(again.body).toMatch(/value="ai" aria-describedby="method-ai-hint" checked/);
    const unknown = await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: 'Fine', method: 'delphi' });
    expect(unknown.statusCode).toBe(422);
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });

  it('keeps what was typed when the form had expired', async () => {
    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.base}/inquiries/new`, {
      title: 'Spring stories',
      method: 'msc',
      _csrf: 'stale',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldValue(res.body, 'title')).toBe('Spring stories');
    expect(visibleText(res.body)).toContain('For your security this form had expired.');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});

describe('the inquiry page', () => {
  it('shows an MSC inquiry: method, period, domains, the guide filled in, attributes, consent and links', async () => {
    await w.t.db
      .updateTable('inquiries')
      .set({ period_start: '2026-01-01', period_end: '2026-06-30', purpose: 'To learn what changed.' })
      .where('id', '=', w.msc.id)
      .execute();
    const res = await w.as.interviewer.get(w.mscPath);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Changes this year');
    const text = visibleText(res.body);
    expect(text).toContain('Most Significant Change:');
    expect(text).toContain('To learn what changed.');
    expect(text).toContain('Reporting period 1 Jan 2026 – 30 Jun 2026. Asked as “six months”.');
    expect(text).toContain(
      "Domains of change Each story is about one domain of change. [domain] in a question is the domain the story is about. Changes in people's lives",
    );
    expect(text).toContain(
      'Looking back over the last six months, what do you think was the most significant change in [domain]? Story text · required',
    );
    expect(text).toContain('Who are you? Single choice: Citizen; Family member; Worker; Manager; Leader');
    for (const use of [
      'Read by the panels that choose stories',
      'Printed in story packs for events',
      'Quoted in reports',
      'Shared with funders',
      'Published',
    ])
      expect(text).toContain(use);
    expect(text).toContain('whether their story is anonymous');
    expect(text).toContain('Languages stories may be told in English (en)');
    expect(text).toContain('Stories are numbered MSC-0001');
    expect(text).toContain('Public storytelling link Closed.');
    expect(res.body).toContain(`href="${w.mscPath}/interviews/new"`);
    expect(res.body).toContain(`href="${w.mscPath}/stories"`);
    expect(res.body).toContain(`href="${w.mscPath}/paper"`);
    // Interviewers read the guide; only coordinators change it.
    expect(res.body).not.toContain(`${w.mscPath}/settings`);
    expect(res.body).not.toContain('/move"');
    expect(text).not.toContain('Open a public storytelling link');
  });

  it('groups an Appreciative Inquiry guide by phase and shows the topic once set', async () => {
    let text = visibleText((await w.as.facilitator.get(w.aiPath)).body);
    expect(text).toContain('Topic of inquiry (Define) No topic yet, so questions show [topic].');
    expect(text).toContain('Tell me about a time when [topic] was at its best');
    await w.t.db.updateTable('inquiries').set({ ai_topic: 'working together' }).where('id', '=', w.ai.id).execute();
    text = visibleText((await w.as.facilitator.get(w.aiPath)).body);
    expect(text).toContain('Tell me about a time when working together was at its best');
    const phases = [
      'Discover — the best of what is',
      'Dream — what could be',
      'Design — what should be',
      'Deliver — what will be',
    ].map((p) => text.indexOf(p));
    expect(phases.every((p) => p > 0)).toBe(true);
    expect([...phases].sort((a, b) => a - b)).toEqual(phases);
    // The title question belongs to Discover: it is shown there, before Dream.
    expect(text.indexOf('What title would you give your story?')).toBeLessThan(phases[1]!);
    expect(text).not.toContain('Domains of change');
    expect(text).not.toContain('Record an interview'); // facilitators do not record interviews
  });

  it('gives coordinators edit links, move buttons and the public link controls', async () => {
    const res = await w.as.coordinator.get(w.mscPath);
    const guide = await loadGuide(w.t.db, w.msc);
    expect(res.body).toContain(`href="${w.mscPath}/settings"`);
    expect(res.body).toContain(`href="${w.mscPath}/domains/new"`);
    expect(res.body).toContain(`href="${w.mscPath}/questions/new"`);
    expect(res.body).toContain(`href="${w.mscPath}/attributes/new"`);
    expect(res.body).toContain(`href="${w.mscPath}/questions/${guide.questions[0]!.id}"`);
    expect(res.body).toContain(`action="${w.mscPath}/domains/${guide.domains[1]!.id}/move"`);
    expect(res.body).toContain(`action="${w.mscPath}/public/open"`);
    expect(visibleText(res.body)).toContain('never changes a story already told');
  });

  it('gives 404 for an inquiry of another alliance, or one that does not exist', async () => {
    expect((await w.as.coordinator.get(`${w.base}/inquiries/${w.other.inquiry.id}`)).statusCode).toBe(404);
    expect((await w.as.coordinator.get(`${w.base}/inquiries/99999`)).statusCode).toBe(404);
    expect((await w.as.coordinator.get(`${w.base}/inquiries/abc`)).statusCode).toBe(404);
  });
});

describe('the paper form', () => {
  it('has everything an interview on paper needs, with the prompts read naturally', async () => {
    const res = await w.as.interviewer.get(`${w.mscPath}/paper`);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('Changes this year');
    const text = visibleText(res.body);
    for (const part of [
      'Paper interview form · Most Significant Change',
      'Story code: (filled in when typed into Hearth)',
      'Interviewer:',
      'Second interviewer (partner):',
      'Date:',
      'Place:',
      'Storyteller’s pseudonym or code:',
      'Who are you? Tick one. Citizen Family member Worker Manager Leader',
      'Which domain of change is this story about? Tick one.',
      '1. Looking back over the last six months, what do you think was the most significant change in the domain ticked above? (required)',
      'Let the storyteller tell it their way.',
      '5. What title would you give your story?',
      'The storyteller agrees that their story may be: Read by the panels that choose stories Printed in story packs for events Quoted in reports Shared with funders Published',
      'Anonymous: keep my name out of it',
      'Consent was given: Spoken Written Storyteller’s signature',
      'Storyteller’s signature:',
    ]) {
      expect(text).toContain(part);
    }
    expect(res.body).toContain('write-space write-space--story');
    expect(res.body.match(/class="tick"/g)!.length).toBeGreaterThanOrEqual(5 + 6 + 3 + 5 + 1 + 3);
    expect(res.body).not.toContain('<form method="post" action="/alliances'); // nothing to send: it is for paper
  });

  it('groups an Appreciative Inquiry paper form by phase', async () => {
    const text = visibleText((await w.as.facilitator.get(`${w.aiPath}/paper`)).body);
    expect(text).toContain('Discover — the best of what is 1. Tell me about a time when this was at its best');
    expect(text).toContain('Deliver — what will be 6. What is one thing you, or we, could start doing now?');
    expect(text).not.toContain('Which domain of change');
  });

  it('shows the languages to tick when stories may be told in more than one', async () => {
    await w.t.db.updateTable('inquiries').set({ languages: 'en,es,pt-BR' }).where('id', '=', w.msc.id).execute();
    expect(visibleText((await w.as.coordinator.get(`${w.mscPath}/paper`)).body)).toContain(
      'Language the story was told in: English Spanish Brazilian Portuguese',
    );
  });

  it("gives 404 for another alliance's inquiry", async () => {
    expect((await w.as.coordinator.get(`${w.base}/inquiries/${w.other.inquiry.id}/paper`)).statusCode).toBe(404);
  });
});
