/**
 * A story with two recordings: each recording and its draft transcript are named by their number, so a person (and
 * a screen reader listing the page's regions) can tell them apart. One recording keeps the plain name.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { wav } from '../attachments/fixtures.ts';
import { addRecording, storyUrl, visibleText } from './recording.ts';

let t: TestApp;

beforeAll(async () => {
  // Any program that exists will do: no draft is asked for here, only the section offering one.
  t = await testApp({ transcribeCommand: ['/bin/cat', '{file}'] });
});
afterAll(() => t.close());

it('numbers two recordings of one story and their draft transcripts, and not a single one', async () => {
  const people = await makeAlliance(t.db);
  const inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  const story = await makeStory(t.db, inquiry, { interviewer: people.interviewer, consent: { recording: true } });
  const interviewer = await signedIn(t.app, people.interviewer.email);
  await addRecording(t.app, interviewer, story, wav(1, 1));
  const one = visibleText((await interviewer.get(storyUrl(story))).body);
  expect(one).toContain('Recording of the interview');
  expect(one).not.toContain('Recording 1 of');

  await addRecording(t.app, interviewer, story, wav(1, 2));
  const page = (await interviewer.get(storyUrl(story))).body;
  const text = visibleText(page);
  expect(text).toContain('Recording 1 of 2 of the interview');
  expect(text).toContain('Recording 2 of 2 of the interview');
  const regions = [...page.matchAll(/<h3 id="transcript-title-\d+">([^<]+)<\/h3>/g)].map((m) => m[1]);
  expect(regions).toEqual(['Draft transcript of recording 1', 'Draft transcript of recording 2']);
});
