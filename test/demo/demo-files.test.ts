/**
 * The demo's recordings and photo of paper (server/demo/files, loaded through the attachments upload): three
 * stories whose tellers agreed to keep the recording play it on their story page (Ogg, with range requests), one
 * of them also on a panel's reading page; the story typed in from paper shows its form's photo, without Exif. Each
 * file is small enough to ship in the repository.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../server/db/schema.ts';
import { DEMO_FILES, DEMO_FILES_DIR } from '../../server/demo/load-files.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE, loadDemo, type Demo } from '../../server/demo/load.ts';
import { hearableRecording } from '../../server/attachments/attachments-store.ts';
import { Agent } from '../helpers/agent.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let demo: Demo;
let coordinator: Agent;
const byTitle = new Map<string, Story>();

beforeAll(async () => {
  t = await testApp();
  demo = await loadDemo(t.db);
  for (const s of await t.db.selectFrom('stories').selectAll().where('alliance_id', '=', demo.alliance.id).execute())
    byTitle.set(s.title, s);
  coordinator = new Agent(t.app);
  expect((await coordinator.signIn(DEMO_PEOPLE[0]!.email, DEMO_PASSWORD)).statusCode).toBe(303);
});
afterAll(() => t.close());

const storyPage = (s: Story) => `/alliances/${s.alliance_id}/stories/${s.id}`;

describe('the demo files', () => {
  it('are each under 150 KB, and the photo carries no Exif', async () => {
    for (const { file } of DEMO_FILES)
      expect(statSync(join(DEMO_FILES_DIR, file)).size).toBeLessThanOrEqual(150 * 1024);
    expect(await exifr.parse(readFileSync(join(DEMO_FILES_DIR, 'paper-form.jpg')))).toBeUndefined();
  });

  it('give three stories whose tellers agreed to keep it a recording that plays and seeks on the story page', async () => {
    const recorded = DEMO_FILES.filter((f) => f.kind === 'recording');
    expect(recorded).toHaveLength(3);
    for (const { title, file } of recorded) {
      const story = byTitle.get(title)!;
      expect(story.consent_recording).toBe(1);
      const page = await coordinator.get(storyPage(story));
      const src = /<source src="([^"]+)" type="audio\/ogg"/.exec(page.body)?.[1];
      expect(src, title).toBeTruthy();
      const whole = await coordinator.get(src!);
      expect(whole.statusCode).toBe(200);
      expect(whole.rawPayload.equals(readFileSync(join(DEMO_FILES_DIR, file)))).toBe(true);
      const part = await t.app.inject({
        method: 'GET',
        url: src!,
        headers: { cookie: coordinator.cookie, range: 'bytes=100-199' },
      });
      expect(part.statusCode).toBe(206);
      expect(part.rawPayload).toHaveLength(100);
    }
  });

  it('let panels hear only the recording whose teller agreed to it', async () => {
    const heard = [];
    for (const { title } of DEMO_FILES.filter((f) => f.kind === 'recording')) {
      const story = byTitle.get(title)!;
      if (await hearableRecording(t.db, demo.alliance.id, story.id, 'team')) heard.push(title);
    }
    expect(heard).toEqual(['They finally fixed the damp']);
  });

  it('show the photo of the paper form on the story typed in from paper', async () => {
    const story = byTitle.get('The sanction got sorted')!;
    expect(story.route).toBe('paper');
    const page = await coordinator.get(storyPage(story));
    expect(page.body).toContain('alt="Photo of the paper, 1 of 1"');
    const src = /<img src="([^"]+\/files\/\d+)"/.exec(page.body)![1]!;
    const photo = await coordinator.get(src);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
  });
});
