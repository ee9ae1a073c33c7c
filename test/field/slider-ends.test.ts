/**
 * A slider's ends are the inquiry's words inside a sentence in the interviewer's language: on a French page asking
 * an Arabic inquiry's questions, "De … (0) à … (100)." isolates each Arabic end, marked as Arabic and right to left,
 * so the numbers and the French words around them stay where they belong. The questions and their choices are
 * marked as the inquiry's words too.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInquiry } from '../../server/inquiries/inquiries-store.ts';
import { htmlErrors } from '../helpers/html.ts';
import { decode } from '../helpers/pages.ts';
import { makeWorld, type World } from '../inquiries/setup.ts';
import { formPage } from './field-fixture.ts';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

/** The hint under the slider that asks how the teller feels: its HTML as sent. */
const endsHint = (html: string) => decode(/<p class="hint" id="field-q\d+-ends">(.*?)<\/p>/.exec(html)?.[1] ?? '');

describe('a slider’s ends on the field interview form', () => {
  it('isolates an Arabic inquiry’s ends in a French hint, marked as Arabic', async () => {
    await w.t.db.updateTable('users').set({ language: 'fr' }).where('id', '=', w.people.interviewer.id).execute();
    const ar = await createInquiry(w.t.db, w.people.coordinator, w.alliance.id, {
      title: 'التغيير',
      method: 'msc',
      language: 'ar',
    });
    expect((await w.as.coordinator.post(`${w.base}/inquiries/${ar.id}/questions/ready-set`)).statusCode).toBe(303);
    const page = await w.as.interviewer.get(formPage(w.alliance.id, ar.id));
    expect(page.statusCode).toBe(200);
    expect(endsHint(page.body)).toBe(
      'De <bdi lang="ar" dir="rtl">سيئ جدًا</bdi> (0) à <bdi lang="ar" dir="rtl">جيد جدًا</bdi> (100).',
    );
    // The ends printed beside the scale are marked the same way.
    expect(page.body).toContain(
      '<span class="slider__end" aria-hidden="true"><bdi lang="ar" dir="rtl">سيئ جدًا</bdi></span>',
    );
    // So are the questions themselves and their choices: the page around them stays French.
    expect(page.body).toMatch(/class="question__prompt"><bdi lang="ar" dir="rtl">[^<]+<\/bdi>/);
    expect(page.body).toMatch(/<label for="[^"]+"><bdi lang="ar" dir="rtl">[^<]+<\/bdi><\/label>/);
    expect(page.body).toContain('<html lang="fr"');
    expect(await htmlErrors(page.body)).toEqual([]);
  });

  it('marks an English inquiry’s ends as English on the interviewer’s English form', async () => {
    expect((await w.as.coordinator.post(`${w.mscPath}/questions/ready-set`)).statusCode).toBe(303);
    const page = await w.as.interviewer.get(formPage(w.alliance.id, w.msc.id));
    expect(endsHint(page.body)).toMatch(
      /^From <bdi lang="en" dir="ltr">[^<]+<\/bdi> \(0\) to <bdi lang="en" dir="ltr">[^<]+<\/bdi> \(100\)\.$/,
    );
  });
});
