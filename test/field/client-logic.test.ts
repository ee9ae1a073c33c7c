/**
 * The plain logic of the phone's script (static/js/field/logic.js), run in Node: what an answer from Hearth means
 * for an interview on the device, the questions as asked when an interview is corrected after the guide changed,
 * reading the form's fields as the server reads them, device ids, the "nearly full" check, and what an interview
 * must have before the phone keeps it: the server's own rules (server/stories/capture.ts), held to the same answers.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Guide as ServerGuide } from '../../server/inquiries/inquiries-store.ts';
import { readInterview } from '../../server/stories/capture.ts';

const logicUrl = pathToFileURL(join(import.meta.dirname, '..', '..', 'static', 'js', 'field', 'logic.js')).href;

interface Asked {
  questionId: number;
  kind: string;
  prompt: string;
}
interface Guide {
  questions: { questionId: number; kind: string; prompts: Record<string, string> }[];
  about: { attributeId: number; label: string }[];
}
interface Logic {
  newDeviceId(random?: unknown): string;
  fill(text: string, values: Record<string, unknown>): string;
  counted(texts: Record<string, string>, key: string, count: number, language: string): string;
  formValues(entries: [string, unknown][]): Record<string, string | string[]>;
  askedQuestions(guide: Guide, domainId: unknown, before?: { domainId?: unknown; asked: Asked[] }): Asked[];
  askedAbout(guide: Guide, before?: { attributeId: number; label: string }[]): { attributeId: number; label: string }[];
  carriedValues(
    guide: Guide,
    before?: { values: Record<string, unknown>; asked: Asked[]; about: Guide['about'] },
  ): Record<string, unknown>;
  nearlyFull(estimate: unknown, threshold?: number): number | undefined;
  outcomeOf(status: number, body: unknown): { kind: string; [key: string]: unknown };
  fileOutcomeOf(status: number, body: unknown): { kind: string; [key: string]: unknown };
  queueSummary(texts: Record<string, string>, counts: Record<string, number>, language: string): string;
  fileAddress(base: string, file: { interviewId: string; deviceId: string; kind: string }): string;
  localToday(now?: Date): string;
  interviewProblems(
    values: Record<string, string | string[]>,
    guide: Guide,
    checks: { required: string[]; domains: boolean },
    today: string,
  ): Record<string, string>;
}
const logic = (await import(logicUrl)) as Logic;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the phone’s logic', () => {
  it('makes a random version 4 UUID, with or without crypto.randomUUID', () => {
    expect(logic.newDeviceId()).toMatch(UUID);
    const withoutRandomUUID = { getRandomValues: (b: Uint8Array<ArrayBuffer>) => crypto.getRandomValues(b) };
    const ids = new Set(Array.from({ length: 100 }, () => logic.newDeviceId(withoutRandomUUID)));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('reads an answer from Hearth', () => {
    expect(logic.outcomeOf(200, { status: 'stored', code: 'MSC-0123', url: '/alliances/1/stories/9' })).toEqual({
      kind: 'stored',
      code: 'MSC-0123',
      url: '/alliances/1/stories/9',
    });
    expect(logic.outcomeOf(422, { status: 'refused', message: 'No', errors: { consentHow: 'Say how' } })).toEqual({
      kind: 'refused',
      message: 'No',
      errors: { consentHow: 'Say how' },
    });
    expect(logic.outcomeOf(401, { status: 'signIn' }).kind).toBe('signIn');
    expect(logic.outcomeOf(401, null).kind).toBe('signIn'); // a proxy's page: still sign in
    expect(logic.outcomeOf(403, { error: 'errors.csrf' }).kind).toBe('staleToken');
    expect(logic.outcomeOf(403, { error: 'errors.forbidden' }).kind).toBe('problem');
    for (const status of [0, 429, 500, 502, 503]) expect(logic.outcomeOf(status, null).kind).toBe('later');
    // A 200 that is not Hearth's "stored" (a captive portal's page) never removes an interview from the device.
    expect(logic.outcomeOf(200, null).kind).toBe('problem');
    expect(logic.outcomeOf(200, { status: 'stored' }).kind).toBe('problem');
  });

  it('reads the form as the server does: one string per field, a list when a name repeats; no token, no intent', () => {
    expect(
      logic.formValues([
        ['_csrf', 'token'],
        ['intent', 'record'],
        ['storyteller', 'Rose'],
        ['consent', 'panels'],
        ['consent', 'packs'],
        ['consent', 'quotes'],
        ['q7', 'Only one'],
        ['photo', {}],
        ['constructor', 'x'],
      ]),
    ).toEqual({ storyteller: 'Rose', consent: ['panels', 'packs', 'quotes'], q7: 'Only one', constructor: 'x' });
  });

  const guide: Guide = {
    questions: [
      {
        questionId: 1,
        kind: 'story',
        prompts: { '': 'Change in [domain]?', '5': 'Change in lives?', '6': 'Change in services?' },
      },
      { questionId: 3, kind: 'short', prompts: { '': 'Who else?' } },
    ],
    about: [{ attributeId: 8, label: 'Age band' }],
  };

  it('asks each question as the form shows it for the domain chosen', () => {
    expect(logic.askedQuestions(guide, '5')).toEqual([
      { questionId: 1, kind: 'story', prompt: 'Change in lives?' },
      { questionId: 3, kind: 'short', prompt: 'Who else?' },
    ]);
    expect(logic.askedQuestions(guide, undefined)[0]!.prompt).toBe('Change in [domain]?');
  });

  it('keeps the questions as first asked when an interview is corrected after the guide changed', () => {
    const before = {
      domainId: '5',
      asked: [
        { questionId: 1, kind: 'story', prompt: 'Looking back, the change in lives?' },
        { questionId: 2, kind: 'why', prompt: 'Why does it matter?' }, // removed from the guide since
      ],
    };
    expect(logic.askedQuestions(guide, '5', before)).toEqual([
      { questionId: 1, kind: 'story', prompt: 'Looking back, the change in lives?' },
      { questionId: 3, kind: 'short', prompt: 'Who else?' },
      { questionId: 2, kind: 'why', prompt: 'Why does it matter?' },
    ]);
    // Another domain chosen while correcting: the question is now asked about that domain.
    expect(logic.askedQuestions(guide, '6', before)[0]!.prompt).toBe('Change in services?');
    const values = { q1: 'words', q2: 'why words', q2na: 'yes', a8: '65+', a9: 'Harbour' };
    const about = [
      { attributeId: 8, label: 'Age band' },
      { attributeId: 9, label: 'Where' },
    ];
    expect(logic.carriedValues(guide, { values, asked: before.asked, about })).toEqual({
      q2: 'why words',
      q2na: 'yes',
      a9: 'Harbour',
    });
    expect(logic.askedAbout(guide, about)).toEqual(about);
  });

  it('says when the device is nearly full, in megabytes left', () => {
    const mb = 1024 * 1024;
    expect(logic.nearlyFull({ usage: 990 * mb, quota: 1000 * mb })).toBe(10);
    expect(logic.nearlyFull({ usage: 100 * mb, quota: 1000 * mb })).toBeUndefined();
    expect(logic.nearlyFull({ usage: 1001 * mb, quota: 1000 * mb })).toBe(0);
    expect(logic.nearlyFull(undefined)).toBeUndefined(); // a browser that cannot tell
    expect(logic.nearlyFull({ usage: 0, quota: 0 })).toBeUndefined();
  });

  it('fills and counts texts as the page gives them', () => {
    const texts = { waiting_one: '{{count}} interview waiting', waiting_other: '{{count}} interviews waiting' };
    expect(logic.counted(texts, 'waiting', 1, 'en')).toBe('1 interview waiting');
    expect(logic.counted(texts, 'waiting', 3, 'es')).toBe('3 interviews waiting');
    // Arabic's six forms and French's "one" for 0 and 1, chosen on the phone as the server chooses them.
    const ar = Object.fromEntries(
      ['zero', 'one', 'two', 'few', 'many', 'other'].map((form) => [`waiting_${form}`, `${form} {{count}}`]),
    );
    expect([0, 1, 2, 3, 11, 100].map((n) => logic.counted(ar, 'waiting', n, 'ar'))).toEqual([
      'zero 0',
      'one 1',
      'two 2',
      'few 3',
      'many 11',
      'other 100',
    ]);
    const fr = {
      waiting_one: '{{count}} entretien',
      waiting_many: '{{count}} d’entretiens',
      waiting_other: '{{count}} entretiens',
    };
    expect([0, 1, 2].map((n) => logic.counted(fr, 'waiting', n, 'fr'))).toEqual([
      '0 entretien',
      '1 entretien',
      '2 entretiens',
    ]);
    expect(logic.fill('sent: {{code}} {{missing}}', { code: 'MSC-0001' })).toBe('sent: MSC-0001 {{missing}}');
  });

  it('says what the queue holds, recordings and photos included', async () => {
    const en = dataTexts((await import('../../locales/en.json', { with: { type: 'json' } })).default);
    const summary = (counts: Record<string, number>) => logic.queueSummary(en, counts, 'en');
    expect(summary({ interviews: 3, recordings: 1, photos: 2 })).toBe(
      '3 interviews waiting to send, 1 recording, 2 photos',
    );
    expect(summary({ interviews: 1, recordings: 0, photos: 0 })).toBe('1 interview waiting to send');
    expect(summary({ interviews: 0, recordings: 2, photos: 1 })).toBe('2 recordings, 1 photo waiting to send');
    expect(summary({ interviews: 0, recordings: 0, photos: 0 })).toBe('Nothing waiting to send.');
  });

  it('reads an answer to a file, and sends each file to its interview’s and its own id', () => {
    expect(logic.fileOutcomeOf(200, { status: 'stored', url: '/alliances/1/stories/2/files/3' })).toEqual({
      kind: 'stored',
      url: '/alliances/1/stories/2/files/3',
    });
    for (const status of [409, 413, 422])
      expect(logic.fileOutcomeOf(status, { status: 'refused', message: 'Too large' })).toEqual({
        kind: 'refused',
        message: 'Too large',
      });
    expect(logic.fileOutcomeOf(401, { status: 'signIn' }).kind).toBe('signIn');
    expect(logic.fileOutcomeOf(413, null).kind).toBe('problem'); // a proxy's own refusal: kept, not dropped
    expect(logic.fileOutcomeOf(0, null).kind).toBe('later');
    expect(logic.fileOutcomeOf(503, null).kind).toBe('later');
    expect(
      logic.fileAddress('/alliances/1/field/stories', { interviewId: 'a-1', deviceId: 'b-2', kind: 'photo' }),
    ).toBe('/alliances/1/field/stories/a-1/photos/b-2');
  });
});

/** The phone's texts as the page gives them: field.client.* flattened. */
function dataTexts(locale: { field: { client: Record<string, string> } }): Record<string, string> {
  return locale.field.client;
}

describe('what the phone checks before it keeps an interview', () => {
  // The server's guide and the same guide as the field page gives it to the phone's script.
  const kinds: [number, string, number, string[]?][] = [
    [1, 'story', 1],
    [2, 'why', 1],
    [3, 'title', 1],
    [4, 'scale', 1],
    [7, 'date', 0],
    [9, 'short', 0],
    [10, 'multiple', 1, ['Walking', 'Bus']],
    [11, 'slider', 1, ['Not at all', 'Completely']],
  ];
  const server = {
    inquiry: { languages: 'en' },
    domains: [{ id: 5 }, { id: 6 }],
    attributes: [{ id: 8, kind: 'short', options: '[]' }],
    questions: kinds.map(([id, kind, required, options = []]) => ({
      id,
      kind,
      required,
      options: JSON.stringify(options),
      prompt: `Question ${id}`,
      about_story: 0,
    })),
  } as unknown as ServerGuide;
  const phone: Guide = {
    questions: kinds.map(([questionId, kind]) => ({ questionId, kind, prompts: { '': `Question ${questionId}` } })),
    about: [{ attributeId: 8, label: 'Age band' }],
  };
  const checks = { required: ['q1', 'q2', 'q3', 'q4', 'q10', 'q11'], domains: true };
  const today = '2026-06-15';
  const complete: Record<string, string | string[]> = {
    route: 'interview',
    storyteller: 'Rose',
    toldOn: '2026-06-14',
    domainId: '5',
    q1: 'The nurse and the housing officer met us.',
    q2: 'Because they talked.',
    q3: 'The door',
    q4: '50',
    q10: ['Bus'],
    q11: 'n/a',
    consent: ['panels', 'packs'],
    consentHow: 'spoken',
    consentOn: '2026-06-15',
  };
  const onPhone = (values: Record<string, string | string[]>) => logic.interviewProblems(values, phone, checks, today);
  /**
   * What Hearth answers to the same fields sent from the phone (recorded, never a draft), on the same day: at 09:00
   * UTC, when the next day has begun nowhere yet (23:00 in Kiribati; the server allows for every time zone).
   */
  const onServer = (values: Record<string, string | string[]>) =>
    readInterview(server, { ...values, intent: 'record' }, { partnerIds: [], today: new Date(`${today}T09:00:00Z`) })
      .errors;
  /** The form as an empty page sends it: its text boxes empty, nothing ticked or chosen (so not sent at all). */
  const empty = Object.fromEntries(
    ['storyteller', 'toldOn', 'toldWhere', 'a8', 'q1', 'q2', 'q3', 'q4', 'q7', 'q9', 'consentOn'].map((n) => [n, '']),
  );

  it('refuses what Hearth refuses, with its messages in its order', () => {
    expect(onPhone({})).toEqual({
      storyteller: 'stories.errors.storyteller',
      domainId: 'stories.errors.domainRequired',
      q1: 'stories.errors.required',
      q2: 'stories.errors.required',
      q3: 'stories.errors.required',
      q4: 'stories.errors.required',
      q10: 'stories.errors.required',
      q11: 'stories.errors.required',
      consentHow: 'stories.errors.consentHow',
      consentOn: 'stories.errors.consentOn',
    });
    expect(onPhone(complete)).toEqual({});
    const cases: Record<string, string | string[]>[] = [
      complete,
      { storyteller: '   ' },
      { storyteller: '', anonymous: 'yes' }, // an anonymous teller needs no pseudonym
      { storyteller: '   ', anonymous: 'yes' },
      { storyteller: 'R'.repeat(121), anonymous: 'yes' }, // but one given is still kept short
      { storyteller: 'R'.repeat(121) },
      { toldOn: '2026-06-16', consentOn: '2026-06-16', q7: '2026-06-16' },
      { toldOn: '2026-06-15', q7: '2026-06-15' },
      { toldOn: '2026-02-30', consentOn: '15/06/2026', q7: '2026-13-01' },
      { toldOn: '1899-12-31', consentOn: '0026-06-15', q7: '1026-06-15' }, // a mistyped year
      { toldOn: '1900-01-01', consentOn: '1900-01-01', q7: '1900-01-01' },
      { q4: '', q4na: 'yes' },
      { q4: '101' },
      { q4: '7.5' },
      { q11: '' },
      { q10: [] },
      { consent: ['panels', 'hearing'] },
      { consent: ['hearing', 'recording'] },
      { consent: [] },
      { toldWhere: 'W'.repeat(201), a8: 'A'.repeat(201), q9: 'S'.repeat(501), q3: 'T'.repeat(501) },
      { q1: 'x'.repeat(100_001) },
      { q1: `  ${'x'.repeat(99_999)}` }, // a story is kept exactly as typed: its spaces count
      { domainId: '', consentHow: '', consentOn: '' },
    ];
    for (const values of [{}, { ...empty, route: 'interview' }, ...cases.map((c) => ({ ...complete, ...c }))]) {
      expect(Object.entries(onPhone(values)), JSON.stringify(values).slice(0, 300)).toEqual(
        Object.entries(onServer(values)),
      );
    }
  });

  it('takes an anonymous teller without a pseudonym, and refuses a year before 1900, as Hearth does', () => {
    const anonymous = { ...complete, storyteller: '', anonymous: 'yes' };
    expect(onPhone(anonymous)).toEqual({});
    expect(onServer(anonymous)).toEqual({});
    const old = { ...complete, toldOn: '1899-12-31', consentOn: '0026-06-15', q7: '1026-06-15' };
    const tooOld = { toldOn: 'stories.errors.tooOld', q7: 'stories.errors.tooOld', consentOn: 'stories.errors.tooOld' };
    expect(onPhone(old)).toEqual(tooOld);
    expect(onServer(old)).toEqual(tooOld);
  });

  it('refuses hearing a recording that is not kept, when it is the only box ticked', () => {
    // One ticked box arrives as a string, not a list.
    expect(onPhone({ ...complete, consent: 'hearing' })).toEqual({ consent: 'stories.errors.hearingNeedsRecording' });
    expect(onPhone({ ...complete, consent: 'recording' })).toEqual({});
  });

  it('takes today from the phone’s own clock: a date is in the future only after the phone’s today', () => {
    // Local time, whatever the phone's time zone: late in the evening is still today, just after midnight is the next day.
    expect(logic.localToday(new Date(2026, 11, 6, 23, 59))).toBe('2026-12-06');
    expect(logic.localToday(new Date(2026, 11, 7, 0, 1))).toBe('2026-12-07');
    expect(logic.localToday(new Date(2027, 0, 1, 9, 0))).toBe('2027-01-01');
    const problems = (consentOn: string, phoneToday: string) =>
      logic.interviewProblems({ ...complete, consentOn }, phone, checks, phoneToday);
    expect(problems('2026-12-07', '2026-12-07')).toEqual({});
    expect(problems('2026-12-08', '2026-12-07')).toEqual({ consentOn: 'stories.errors.futureDate' });
  });

  it('checks only what the page asks: no domain on a form without one, no question the guide does not require', () => {
    const values = { ...complete, domainId: '', q1: '', q4: '' };
    expect(logic.interviewProblems(values, phone, { required: ['q4'], domains: false }, today)).toEqual({
      q4: 'stories.errors.required',
    });
  });
});
