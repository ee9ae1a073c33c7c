/**
 * The read-back page is read aloud to the teller: their answers about their own story are said as the story page
 * says them ("70 of 100, between “Very bad” and “Very good”"), not as a bare number or choices run together.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validInterview } from '../helpers/interviews.ts';
import { visibleText } from '../helpers/pages.ts';
import { makeSignWorld, type SignWorld } from '../signification/setup.ts';

let w: SignWorld;
beforeEach(async () => (w = await makeSignWorld()));
afterEach(() => w.t.close());

describe('reading a story back', () => {
  it('says a slider between its ends and each choice apart, in the story page’s words', async () => {
    const res = await w.interviewer.submit(
      `${w.inquiryPath}/interviews/new`,
      `${w.inquiryPath}/interviews`,
      validInterview(w.guide, {
        [`q${w.feel.id}`]: '90',
        [`q${w.change.id}`]: 'n/a',
        [`q${w.hear.id}`]: ['People like me', 'Managers'],
        [`q${w.about.id}`]: 'A community',
      }),
    );
    expect(res.statusCode).toBe(303);
    const story = await w.t.db.selectFrom('stories').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const storyPage = visibleText((await w.coordinator.get(`${w.base}/stories/${story.id}`)).body);
    const page = await w.coordinator.get(`${w.base}/stories/${story.id}/read-back`);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    for (const said of [
      'How do you feel about this story? 90 of 100, between “Very bad” and “Very good”',
      'How much did this change things? Does not apply',
      'Who should hear this story? People like me; Managers',
      'Is this story mostly about a person, a service or a community? A community',
    ]) {
      expect(text).toContain(said);
      expect(storyPage).toContain(said);
    }
    expect(text).not.toContain('People like me, Managers');
  });
});
