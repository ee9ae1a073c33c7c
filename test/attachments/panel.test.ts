/**
 * A round's reading page plays a story's recording only where its teller agreed to panels hearing it, as the
 * consent projection says: guests and members hear those; a reader (often a funder) on the panel hears only those
 * of stories shared with funders whose teller is not anonymous; nobody outside the round hears any.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeUpload } from '../../server/attachments/upload.ts';
import type { Round, Story } from '../../server/db/schema.ts';
import { addToPanel } from '../../server/rounds/participants-store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory, type StoryOptions } from '../helpers/stories.ts';
import { addRoundStories, guestIn, makeRound, setStage } from '../rounds/round-fixtures.ts';
import { wav } from './fixtures.ts';

let t: TestApp;
let round: Round;
let guest: Agent;
let reader: Agent;
let facilitator: Agent;
let outsider: Agent;
const stories: Record<string, Story> = {};
const recordings: Record<string, Buffer> = {};

const readingUrl = (s: Story) => `/rounds/${round.id}/take-part/stories/${s.id}`;

beforeAll(async () => {
  t = await testApp();
  const people = await makeAlliance(t.db);
  const inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  const made: [string, StoryOptions['consent']][] = [
    ['heard', { recording: true, hearing: true }],
    ['notHeard', { recording: true }],
    ['anonymous', { recording: true, hearing: true, anonymous: true }],
    ['keptFromFunders', { recording: true, hearing: true, funders: false }],
  ];
  for (const [name, consent] of made) {
    stories[name] = await makeStory(t.db, inquiry, { title: `Story ${name}`, consent, storyteller: `Teller ${name}` });
    recordings[name] = wav(3, name.length);
    const stored = await storeUpload(
      t.db,
      Readable.from([recordings[name]!]),
      { allianceId: people.alliance.id, storyId: stories[name]!.id, kind: 'recording', actor: people.interviewer },
      { maxBytes: 1_000_000, maxRecordingSeconds: 600 },
    );
    expect(stored.ok).toBe(true);
  }
  round = await makeRound(t.db, people.alliance.id, inquiry.id, { stage: 'reading' });
  await addRoundStories(
    t.db,
    round.id,
    Object.values(stories).map((s) => s.id),
  );
  guest = await guestIn(t.app, round.join_code, 'Guest listener');
  await addToPanel(t.db, people.facilitator, round, people.reader);
  reader = await signedIn(t.app, people.reader.email);
  facilitator = await signedIn(t.app, people.facilitator.email);
  // A member takes part by pressing Join this round (opening the page joins nobody).
  await facilitator.submit(`/rounds/${round.id}/take-part`, '/join', {
    code: round.join_code,
    name: people.facilitator.name,
  });
  outsider = await signedIn(t.app, (await makeAlliance(t.db, 'Elsewhere')).coordinator.email);
});

afterAll(() => t.close());

async function hears(agent: Agent, name: string): Promise<boolean> {
  const page = await agent.get(readingUrl(stories[name]!));
  const file = await agent.get(`${readingUrl(stories[name]!)}/recording`);
  const onPage = page.body.includes(`<source src="${readingUrl(stories[name]!)}/recording" type="audio/wav">`);
  expect(onPage).toBe(file.statusCode === 200);
  if (file.statusCode === 200) expect(file.rawPayload.equals(recordings[name]!)).toBe(true);
  else expect(file.statusCode).toBe(404);
  return onPage;
}

describe('hearing a recording in a round', () => {
  it('plays for guests and members only where the teller agreed to panels hearing it', async () => {
    for (const panel of [guest, facilitator]) {
      expect(await hears(panel, 'heard')).toBe(true);
      expect(await hears(panel, 'notHeard')).toBe(false);
      expect(await hears(panel, 'anonymous')).toBe(true);
      expect(await hears(panel, 'keptFromFunders')).toBe(true);
    }
  });

  it('plays for a reader on the panel only a story shared with funders, never an anonymous teller’s voice', async () => {
    expect(await hears(reader, 'heard')).toBe(true);
    expect(await hears(reader, 'notHeard')).toBe(false);
    expect(await hears(reader, 'anonymous')).toBe(false);
    expect((await reader.get(`${readingUrl(stories.keptFromFunders!)}/recording`)).statusCode).toBe(404);
  });

  it('seeks by ranges, as the story page does', async () => {
    const part = await t.app.inject({
      method: 'GET',
      url: `${readingUrl(stories.heard!)}/recording`,
      headers: { cookie: guest.cookie, range: 'bytes=44-143' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(recordings.heard!.subarray(44, 144))).toBe(true);
  });

  it('plays for nobody outside the round, nor before its reading starts', async () => {
    expect((await outsider.get(`${readingUrl(stories.heard!)}/recording`)).statusCode).toBe(404);
    const stranger = await guestIn(t.app, (await makeRound(t.db, round.alliance_id, round.inquiry_id)).join_code);
    expect((await stranger.get(`${readingUrl(stories.heard!)}/recording`)).statusCode).toBe(404);
    await setStage(t.db, round.id, 'preparing');
    expect((await guest.get(`${readingUrl(stories.heard!)}/recording`)).statusCode).toBe(404);
    await setStage(t.db, round.id, 'reading');
  });
});
