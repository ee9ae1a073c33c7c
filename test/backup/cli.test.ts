/**
 * `hearth backup` while Hearth is serving and taking new stories, then `hearth restore` into an empty database:
 * every story, version, consent record, tag, selection and reason of the snapshot comes back as it was.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database.ts';
import { loadDemo, DEMO_PASSWORD, DEMO_PEOPLE } from '../../server/demo/load.ts';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { validInterview } from '../helpers/interviews.ts';
import { HttpBrowser, sharedDatabase, startServer, stopServer, type ServerProcess } from '../helpers/processes.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const hearth = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['bin/hearth.js', ...args], { cwd: root, env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );

type Shared = Awaited<ReturnType<typeof sharedDatabase>>;
let source: Shared;
let target: Shared;
let server: ServerProcess;
const file = join(mkdtempSync(join(tmpdir(), 'hearth-backup-cli-')), 'hearth.backup');

beforeAll(async () => {
  source = await sharedDatabase();
  target = await sharedDatabase();
  await loadDemo(source.database.db);
  server = await startServer({ ...source.env, SESSION_KEY: randomBytes(32).toString('hex'), HEARTH_JOBS: 'false' });
}, 60_000);
afterAll(async () => {
  await stopServer(server);
  await source.drop();
  await target.drop();
});

/** What a restore must bring back, by story code: words, versions, consent, tags, selections and reasons. */
async function storiesByCode(db: Db, codes?: Set<string>) {
  const stories = await db.selectFrom('stories').selectAll().orderBy('code').execute();
  const out: Record<string, unknown> = {};
  for (const s of stories) {
    if (codes && !codes.has(s.code)) continue;
    out[s.code] = {
      story: s,
      answers: await db
        .selectFrom('story_answers')
        .selectAll()
        .where('story_id', '=', s.id)
        .orderBy('position')
        .execute(),
      versions: await db
        .selectFrom('story_versions')
        .selectAll()
        .where('story_id', '=', s.id)
        .orderBy('number')
        .execute(),
      tags: await db
        .selectFrom('story_tags')
        .innerJoin('tags', 'tags.id', 'story_tags.tag_id')
        .select(['tags.name', 'story_tags.quote', 'story_tags.start_offset'])
        .where('story_id', '=', s.id)
        .orderBy('story_tags.id')
        .execute(),
      chosen: await db
        .selectFrom('selections')
        .innerJoin('decisions', 'decisions.id', 'selections.decision_id')
        .innerJoin('rounds', 'rounds.id', 'selections.round_id')
        .select(['rounds.name', 'rounds.level', 'decisions.reasons', 'decisions.dissent', 'selections.votes'])
        .where('selections.story_id', '=', s.id)
        .orderBy('selections.id')
        .execute(),
    };
  }
  return out;
}

describe('hearth backup and restore', () => {
  it('backs up while stories are being told, and restores all of them into an empty database', async () => {
    const interviewer = new HttpBrowser();
    await interviewer.get(`${server.url}/sign-in`);
    expect(
      (await interviewer.post(`${server.url}/sign-in`, { email: DEMO_PEOPLE[0]!.email, password: DEMO_PASSWORD }))
        .status,
    ).toBe(303);
    const inquiry = await source.database.db
      .selectFrom('inquiries')
      .selectAll()
      .where('method', '=', 'msc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const guide = await loadGuide(source.database.db, inquiry);
    const form = `${server.url}/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}/interviews`;
    await interviewer.get(`${form}/new`);
    // Interviews keep arriving while the backup runs.
    const telling = (async () => {
      let told = 0;
      for (let i = 0; i < 40; i++) {
        const res = await interviewer.post(
          form,
          validInterview(guide, { storyteller: `During backup ${i}` }) as Record<string, string | string[]>,
        );
        if (res.status === 303) told++;
      }
      return told;
    })();
    const [backup, told] = await Promise.all([hearth(['backup', file], source.env), telling]);
    expect(backup.code).toBe(0);
    expect(told).toBe(40);
    expect(backup.out).toMatch(/Backed up .* to .*hearth\.backup \(\d+ stories/);

    const restored = await hearth(['restore', file], target.env);
    expect(restored.out).toMatch(/Restored .* \(\d+ stories/);
    expect(restored.code).toBe(0);
    const after = await storiesByCode(target.database.db);
    const before = await storiesByCode(source.database.db, new Set(Object.keys(after)));
    expect(Object.keys(after).length).toBeGreaterThanOrEqual(35);
    expect(after).toEqual(before);
    const reasons = JSON.stringify(after);
    expect(reasons).toContain('The board chose this story');

    // The restored Hearth serves them: the demo coordinator signs in and reads a chosen story.
    const second = await startServer({
      ...target.env,
      SESSION_KEY: randomBytes(32).toString('hex'),
      HEARTH_JOBS: 'false',
    });
    try {
      const reader = new HttpBrowser();
      await reader.get(`${second.url}/sign-in`);
      expect(
        (await reader.post(`${second.url}/sign-in`, { email: DEMO_PEOPLE[0]!.email, password: DEMO_PASSWORD })).status,
      ).toBe(303);
      const chosen = await target.database.db
        .selectFrom('selections')
        .select('story_id')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const page = await reader.get(`${second.url}/alliances/1/stories/${chosen.story_id}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('The board chose this story');
    } finally {
      await stopServer(second);
    }
  }, 120_000);

  it('refuses to restore over a database that holds data, and says why', async () => {
    const res = await hearth(['restore', file], source.env);
    expect(res.code).toBe(1);
    expect(res.out).toContain('already holds data');
    const usage = await hearth(['backup'], source.env);
    expect(usage.code).toBe(2);
  }, 60_000);
});
