import { describe, expect, it } from 'vitest';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { fillPrompt } from '../../server/inquiries/templates.ts';
import type { Question } from '../../server/db/schema.ts';
import {
  askedPrompt,
  checkInterview,
  dateProblem,
  domainPhrase,
  storyToValues,
  toStoryInput,
} from '../../server/stories/capture.ts';
import { countWords, searchableText } from '../../server/stories/text.ts';

const q = (id: number, kind: Question['kind'], extra: Partial<Question> = {}): Question => ({
  id,
  inquiry_id: 1,
  position: id,
  kind,
  prompt: `Q${id}`,
  help: '',
  required: 0,
  options: '[]',
  phase: null,
  archived: 0,
  about_story: 0,
  ...extra,
});
const guide: Guide = {
  inquiry: {
    id: 1,
    alliance_id: 1,
    title: 'T',
    method: 'msc',
    purpose: '',
    period_start: null,
    period_end: null,
    period_words: 'year',
    ai_topic: 'our street',
    consent_statement: '',
    languages: 'en,es',
    code_prefix: 'T',
    story_counter: 0,
    public_token: null,
    public_open: 0,
    created_by: 1,
    created_at: '',
    updated_at: '',
  },
  domains: [{ id: 7, inquiry_id: 1, name: 'Health', description: '', position: 0, archived: 0 }],
  questions: [
    q(1, 'story', { required: 1, prompt: 'Over the last [period], what changed in [domain]?' }),
    q(2, 'multiple', { options: '["A","B","C"]' }),
    q(3, 'scale'),
    q(4, 'single', { options: '["Yes","No"]', required: 1 }),
    q(5, 'title'),
  ],
  attributes: [
    { id: 9, inquiry_id: 1, position: 0, label: 'Who', kind: 'single', options: '["Worker","Citizen"]', archived: 0 },
  ],
};
const today = new Date('2026-11-22T10:00:00Z');

describe('dates', () => {
  it.each([
    ['2026-02-28', undefined],
    ['2024-02-29', undefined],
    ['2026-02-29', 'stories.errors.date'],
    ['2026-13-01', 'stories.errors.date'],
    ['2026-11-22', undefined],
    // 10:00 UTC is already 23 November east of UTC+10 (Sydney in summer, Kiribati): their today is not the future.
    ['2026-11-23', undefined],
    ['2026-11-24', 'stories.errors.futureDate'],
    // A mistyped year: nobody tells a story today of something before 1900.
    ['1900-01-01', undefined],
    ['1899-12-31', 'stories.errors.tooOld'],
    ['0206-11-22', 'stories.errors.tooOld'],
  ])('%s -> %s', (value, problem) => expect(dateProblem(value, today)).toBe(problem));

  it('takes the teller’s today east of UTC, and refuses a day that has begun nowhere yet', () => {
    // 22:00 UTC on 6 December is 09:00 on 7 December in Sydney (UTC+11) and 00:00 on 7 December in Amman (UTC+2).
    const evening = new Date('2026-12-06T22:00:00Z');
    expect(dateProblem('2026-12-07', evening)).toBeUndefined();
    expect(dateProblem('2026-12-08', evening)).toBe('stories.errors.futureDate');
    // At 09:00 UTC it is still 6 December everywhere (23:00 in Kiribati, UTC+14).
    expect(dateProblem('2026-12-07', new Date('2026-12-06T09:00:00Z'))).toBe('stories.errors.futureDate');
  });
});

describe('prompts as asked', () => {
  it('fills in the period, the domain and the topic', () => {
    expect(askedPrompt(guide, guide.questions[0]!, 7)).toBe('Over the last year, what changed in health?');
    expect(fillPrompt('When was [topic] at its best?', { topic: 'our street' })).toBe(
      'When was our street at its best?',
    );
    expect(domainPhrase("Changes in people's lives")).toBe("people's lives");
    expect(domainPhrase('Changes in how services work together')).toBe('how services work together');
    expect(domainPhrase('Any other change')).toBe('any area of life or work');
    expect(domainPhrase('Housing')).toBe('housing');
  });
});

describe('checking an interview', () => {
  it('asks for required answers only when recording, not for a draft', () => {
    const ctx = { mode: 'interview' as const, partnerIds: [], today };
    expect(checkInterview(guide, { intent: 'draft' }, ctx)).toEqual({});
    expect(checkInterview(guide, { intent: 'record' }, ctx)).toMatchObject({
      q1: 'stories.errors.required',
      q4: 'stories.errors.required',
      domainId: 'stories.errors.domainRequired',
      consentHow: 'stories.errors.consentHow',
    });
  });

  it('refuses hearing a recording that is not kept, when it is the one box ticked as when it is one of several', () => {
    const ctx = { mode: 'interview' as const, partnerIds: [], today };
    expect(checkInterview(guide, { intent: 'draft', consent: 'hearing' }, ctx)).toEqual({
      consent: 'stories.errors.hearingNeedsRecording',
    });
    expect(checkInterview(guide, { intent: 'draft', consent: ['panels', 'hearing'] }, ctx)).toEqual({
      consent: 'stories.errors.hearingNeedsRecording',
    });
    expect(checkInterview(guide, { intent: 'draft', consent: ['recording', 'hearing'] }, ctx)).toEqual({});
  });

  it('speaks to a teller on the public link in plain words: no draft, no "domain of change"', () => {
    const ctx = { mode: 'public' as const, partnerIds: [], today };
    expect(checkInterview(guide, { intent: 'record', consent: 'panels' }, ctx)).toEqual({
      domainId: 'stories.errors.domainRequired_public',
      q1: 'stories.errors.required_public',
      q4: 'stories.errors.required_public',
    });
    expect(checkInterview(guide, { intent: 'record', consent: 'panels', domainId: '99' }, ctx).domainId).toBe(
      'stories.errors.domain_public',
    );
  });

  it('asks a teller on the public link to tick at least one use; an interviewer records what was said', () => {
    const answered = { intent: 'record', domainId: '7', q1: 'Words', q4: 'Yes' };
    expect(checkInterview(guide, answered, { mode: 'public', partnerIds: [], today })).toEqual({
      consent: 'stories.errors.noUse_public',
    });
    expect(checkInterview(guide, { ...answered, consent: [] }, { mode: 'public', partnerIds: [], today })).toEqual({
      consent: 'stories.errors.noUse_public',
    });
    expect(
      checkInterview(guide, { ...answered, consent: 'quotes' }, { mode: 'public', partnerIds: [], today }),
    ).toEqual({});
    const interview = { ...answered, storyteller: 'Rose', consentHow: 'spoken', consentOn: '2026-11-01' };
    expect(checkInterview(guide, interview, { mode: 'interview', partnerIds: [], today })).toEqual({});
  });

  it('records an anonymous teller without a pseudonym', () => {
    const ctx = { mode: 'interview' as const, partnerIds: [], today };
    const values = {
      intent: 'record',
      domainId: '7',
      q1: 'Words',
      q4: 'Yes',
      consentHow: 'spoken',
      consentOn: '2026-11-01',
    };
    expect(checkInterview(guide, values, ctx)).toEqual({ storyteller: 'stories.errors.storyteller' });
    expect(checkInterview(guide, { ...values, anonymous: 'yes' }, ctx)).toEqual({});
  });

  it('refuses choices that are not in the guide, even in a draft', () => {
    const errors = checkInterview(
      guide,
      { intent: 'draft', q2: ['A', 'Z'], q4: 'Maybe', a9: 'King', language: 'fr' },
      { mode: 'interview', partnerIds: [], today },
    );
    expect(errors).toEqual({
      q2: 'stories.errors.choice',
      q4: 'stories.errors.choice',
      a9: 'stories.errors.choice',
      language: 'stories.errors.language',
    });
  });
});

describe('turning a form into a story and back', () => {
  it('keeps choices, scales and "does not apply", drops unanswered questions, and round-trips', () => {
    const values = {
      domainId: '7',
      q1: ' My words \n',
      q2: ['A', 'C'],
      q3na: 'yes',
      q4: 'Yes',
      q5: ' Title ',
      storyteller: ' Ann ',
      consent: ['quotes'],
      consentHow: 'written',
      consentOn: '2026-11-01',
      a9: 'Worker',
    };
    const input = toStoryInput(guide, values, { mode: 'interview', today });
    expect(input.title).toBe('Title');
    expect(input.storyteller).toBe('Ann');
    expect(input.answers.map((a) => [a.questionId, a.value])).toEqual([
      [1, ' My words \n'],
      [2, '["A","C"]'],
      [3, 'n/a'],
      [4, 'Yes'],
      [5, ' Title '],
    ]);
    expect(input.consent).toMatchObject({ quotes: true, panels: false, how: 'written', on: '2026-11-01' });
    const back = storyToValues(
      {
        domain_id: 7,
        storyteller: 'Ann',
        language: 'en',
        partner_id: null,
        told_on: null,
        told_where: '',
        anonymous: 0,
        consent_how: 'written',
        consent_on: '2026-11-01',
        route: 'interview',
        consent_panels: 0,
        consent_packs: 0,
        consent_quotes: 1,
        consent_funders: 0,
        consent_publish: 0,
      },
      input.answers.map((a) => ({ question_id: a.questionId, kind: a.kind, value: a.value })),
      [{ attribute_id: 9, value: 'Worker' }],
    );
    expect(back).toMatchObject({
      domainId: '7',
      q1: ' My words \n',
      q2: ['A', 'C'],
      q3na: 'yes',
      q4: 'Yes',
      consent: ['quotes'],
      a9: 'Worker',
    });
  });

  it('records consent as given online, today, for the public link', () => {
    const input = toStoryInput(guide, { consentHow: 'spoken', consent: ['panels'] }, { mode: 'public', today });
    expect(input.consent).toMatchObject({ how: 'online', on: '2026-11-22', panels: true });
  });
});

describe('words', () => {
  it('counts words in any script and searches only the teller’s words', () => {
    expect(countWords("Ça m'a changé la vie — 人生")).toBe(6); // m'a is one word
    expect(
      searchableText('T', [
        { kind: 'story', value: 'story words' },
        { kind: 'single', value: 'Yes' },
      ]),
    ).toBe('T\nstory words');
  });
});
