/**
 * Withdrawal takes a story's recording and photos with its words, in the same transaction: the addresses answer
 * 404 and a backup taken afterwards holds none of their bytes, while other stories' files go through backup and
 * restore intact. An upload cut off part way, or overtaken by the withdrawal, leaves nothing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedBytes } from '../../server/attachments/file-stream.ts';
import { storeUpload } from '../../server/attachments/upload.ts';
import { backup } from '../../server/backup/backup.ts';
import { restore } from '../../server/backup/restore.ts';
import type { Db } from '../../server/db/database.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { phoneJpeg, wav } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-files-backup-'));
let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let interviewer: Agent;
const LIMITS = { maxBytes: 10_000_000, maxRecordingSeconds: 3600 };
const withdrawnRecording = wav(20, 101);
const keptRecording = wav(20, 202);

async function* pieces(bytes: Buffer, size = 10_000): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function attach(story: Story, kind: 'recording' | 'photo', bytes: Buffer) {
  const result = await storeUpload(
    t.db,
    pieces(bytes),
    { allianceId: story.alliance_id, storyId: story.id, kind, actor: people.interviewer },
    LIMITS,
  );
  if (!result.ok) throw new Error(result.problem.key);
  return result.file;
}

/** Every stored byte in a backup file, chunk by chunk. */
function backupChunks(file: string): Buffer[] {
  const chunks: Buffer[] = [];
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { table?: string; rows?: { data: { $bytes: string } }[] };
    if (record.table === 'attachment_chunks')
      for (const row of record.rows!) chunks.push(Buffer.from(row.data.$bytes, 'base64'));
  }
  return chunks;
}

/** Whether any stored chunk holds this run of a recording's samples. */
const holds = (chunks: Buffer[], recording: Buffer) =>
  chunks.some((c) => c.includes(recording.subarray(50_000, 50_512)));

async function read(db: Db, file: { id: number; chunk_size: number; size: number }): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of storedBytes(db, file)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  interviewer = await signedIn(t.app, people.interviewer.email);
});

afterAll(() => t.close());

describe('withdrawal', () => {
  it('deletes the recording and photos, answers 404, and leaves no byte in the next backup', async () => {
    const story = await makeStory(t.db, inquiry, { interviewer: people.interviewer, consent: { recording: true } });
    const other = await makeStory(t.db, inquiry, { interviewer: people.interviewer, consent: { recording: true } });
    const recording = await attach(story, 'recording', withdrawnRecording);
    const photo = await attach(story, 'photo', phoneJpeg());
    await attach(other, 'recording', keptRecording);
    const base = `/alliances/${story.alliance_id}/stories/${story.id}`;
    expect((await interviewer.get(`${base}/files/${recording.id}`)).statusCode).toBe(200);

    const before = join(dir, 'before.hearth');
    await backup(t.db, before);
    expect(holds(backupChunks(before), withdrawnRecording)).toBe(true); // so the test can fail

    expect((await interviewer.get(`${base}/withdraw`)).body).toContain('its recording and the photos');
    expect((await interviewer.post(`${base}/withdraw`)).statusCode).toBe(303);
    for (const file of [recording, photo])
      expect((await interviewer.get(`${base}/files/${file.id}`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('attachments').where('story_id', '=', story.id).select('id').execute()).toEqual([]);
    expect(
      await t.db
        .selectFrom('attachment_chunks')
        .where('attachment_id', 'in', [recording.id, photo.id])
        .select('seq')
        .execute(),
    ).toEqual([]);

    const after = join(dir, 'after.hearth');
    await backup(t.db, after);
    const chunks = backupChunks(after);
    expect(holds(chunks, withdrawnRecording)).toBe(false);
    expect(holds(chunks, keptRecording)).toBe(true);
    expect(readFileSync(after).length).toBeGreaterThan(0);
  });

  it('restores the other stories’ files byte for byte', async () => {
    const target = await freshDatabase();
    try {
      await restore(target.db, join(dir, 'after.hearth'));
      const files = await target.db.selectFrom('attachments').selectAll().execute();
      expect(files).toHaveLength(1);
      expect((await read(target.db, files[0]!)).equals(keptRecording)).toBe(true);
    } finally {
      await target.drop();
    }
  });
});

describe('an upload that does not finish', () => {
  it('keeps nothing when the connection is cut part way', async () => {
    const story = await makeStory(t.db, inquiry, { consent: { recording: true } });
    async function* cut() {
      yield withdrawnRecording.subarray(0, 100_000);
      throw new Error('aborted');
    }
    await expect(
      storeUpload(
        t.db,
        cut(),
        { allianceId: story.alliance_id, storyId: story.id, kind: 'recording', actor: people.interviewer },
        LIMITS,
      ),
    ).rejects.toThrow('aborted');
    expect(await t.db.selectFrom('attachments').where('story_id', '=', story.id).select('id').execute()).toEqual([]);
  });

  it('keeps nothing of a file still arriving when the story is withdrawn', async () => {
    const story = await makeStory(t.db, inquiry, { consent: { recording: true } });
    async function* slow() {
      yield withdrawnRecording.subarray(0, 100_000);
      await withdrawStory(t.db, people.coordinator, people.coordinator.name, story);
      yield withdrawnRecording.subarray(100_000);
    }
    const result = await storeUpload(
      t.db,
      slow(),
      { allianceId: story.alliance_id, storyId: story.id, kind: 'recording', actor: people.interviewer },
      LIMITS,
    );
    expect(result).toEqual({ ok: false, problem: { status: 409, key: 'attachments.errors.notKept' } });
    expect(await t.db.selectFrom('attachments').where('story_id', '=', story.id).select('id').execute()).toEqual([]);
  });
});
