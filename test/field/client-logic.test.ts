/**
 * The plain logic of the phone's script (static/js/field/logic.js), run in Node: what an answer from Hearth means
 * for an interview on the device, the questions as asked when an interview is corrected after the guide changed,
 * reading the form's fields as the server reads them, device ids, and the "nearly full" check.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

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
