/**
 * Exports with the recordings and photos: the zip holds the JSON and exactly the files each export's readers may
 * have (never a withdrawn story's, never a recording its teller did not agree to keep; for funders only
 * recordings of stories shared with them whose tellers let panels hear them, and no photos), the JSON names each
 * file by its path in the zip, and the REFI-QDA project lists them as sources and stays valid. Offered on the
 * export page with how many files and how large, and by `hearth export --files`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { storeUpload } from '../../server/attachments/upload.ts';
import { runCli } from '../../server/cli.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import type { HearthExport } from '../../server/exports/format.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { multipartBody, phoneJpeg, scanPdf, wav } from '../attachments/fixtures.ts';
import { recordPage, signedIn, type Agent } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { databaseEnv } from '../helpers/database-env.ts';
import { htmlErrors } from '../helpers/html.ts';
import { fieldError, heading, visibleText } from '../helpers/pages.ts';
import { makeInquiry, makeStory, type StoryOptions } from '../helpers/stories.ts';

const XSD = readFileSync(join(import.meta.dirname, 'fixtures', 'Project.xsd'), 'utf8');
const LIMITS = { maxBytes: 10_000_000, maxRecordingSeconds: 3600 };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let coordinator: Agent;
let base: string;
let s: Record<string, Story>;
const bytes = {
  heardRecording: wav(3, 11),
  heardPhoto: phoneJpeg(),
  teamRecording: wav(2, 12),
  notForFundersRecording: wav(2, 13),
  anonymousRecording: wav(2, 14),
  withdrawnRecording: wav(2, 15),
  revokedRecording: wav(2, 16),
  scan: Buffer.alloc(0) as Buffer,
};

async function* pieces(b: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < b.length; at += 50_000) yield b.subarray(at, at + 50_000);
}

async function attach(story: Story, kind: 'recording' | 'photo', b: Buffer) {
  const result = await storeUpload(
    t.db,
    pieces(b),
    { allianceId: story.alliance_id, storyId: story.id, kind, actor: people.interviewer },
    LIMITS,
  );
  if (!result.ok) throw new Error(result.problem.key);
  return result.file;
}

const all = { recording: true, hearing: true } as const;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db, 'Files Alliance');
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  bytes.scan = await scanPdf();
  const story = (title: string, consent: StoryOptions['consent']) =>
    makeStory(t.db, inquiry, { title, interviewer: people.interviewer, consent });
  s = {
    heard: await story('Heard by all', all),
    team: await story('Kept, not heard', { recording: true, hearing: false }),
    notForFunders: await story('Not for funders', { ...all, funders: false }),
    anonymous: await story('Anonymous voice', { ...all, anonymous: true }),
    withdrawn: await story('Taken back', all),
    revoked: await story('Recording no longer agreed', all),
    none: await story('No files', {}),
  };
  await attach(s.heard!, 'recording', bytes.heardRecording);
  await attach(s.heard!, 'photo', bytes.heardPhoto);
  await attach(s.heard!, 'photo', bytes.scan);
  await attach(s.team!, 'recording', bytes.teamRecording);
  await attach(s.notForFunders!, 'recording', bytes.notForFundersRecording);
  await attach(s.anonymous!, 'recording', bytes.anonymousRecording);
  await attach(s.withdrawn!, 'recording', bytes.withdrawnRecording);
  await attach(s.withdrawn!, 'photo', phoneJpeg(1));
  await withdrawStory(t.db, people.coordinator, people.coordinator.name, s.withdrawn!);
  await attach(s.revoked!, 'recording', bytes.revokedRecording);
  // Bytes left behind however it came about (a crash between the consent and its hook): consent still decides.
  await t.db
    .updateTable('stories')
    .set({ consent_recording: 0, consent_hearing: 0 })
    .where('id', '=', s.revoked!.id)
    .execute();
  coordinator = await signedIn(t.app, people.coordinator.email);
  base = `/alliances/${people.alliance.id}/inquiries/${inquiry.id}`;
});
afterAll(() => t.close());

const download = (query: string) => coordinator.get(`${base}/export/download?${query}`);

function zipOf(payload: Buffer) {
  const files = unzipSync(payload);
  const doc = files['export.json'] ? (JSON.parse(strFromU8(files['export.json'])) as HearthExport) : undefined;
  return { files, doc };
}

describe('a JSON export with files (a zip)', () => {
  it('holds the JSON and exactly the files the team may have, each where the JSON says', async () => {
    const res = await download('format=json&files=yes');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.zip"$/);
    const { files, doc } = zipOf(res.rawPayload);
    expect(Object.keys(files).sort()).toEqual(
      [
        'export.json',
        `files/${s.heard!.code}/recording-1.wav`,
        `files/${s.heard!.code}/photo-1.jpg`,
        `files/${s.heard!.code}/scan-1.pdf`,
        `files/${s.team!.code}/recording-1.wav`,
        `files/${s.notForFunders!.code}/recording-1.wav`,
        `files/${s.anonymous!.code}/recording-1.wav`,
      ].sort(),
    );
    // The recordings are the very bytes recorded.
    expect(Buffer.from(files[`files/${s.heard!.code}/recording-1.wav`]!).equals(bytes.heardRecording)).toBe(true);
    expect(Buffer.from(files[`files/${s.team!.code}/recording-1.wav`]!).equals(bytes.teamRecording)).toBe(true);

    const story = (code: string) => doc!.stories.find((x) => x.code === code)!;
    expect(doc!.stories.map((x) => x.code)).not.toContain(s.withdrawn!.code);
    expect(story(s.revoked!.code).files).toEqual([]);
    expect(story(s.none!.code).files).toEqual([]);
    const heard = story(s.heard!.code).files!;
    expect(heard.map((f) => [f.path, f.kind, f.media_type])).toEqual([
      [`files/${s.heard!.code}/recording-1.wav`, 'recording', 'audio/wav'],
      [`files/${s.heard!.code}/photo-1.jpg`, 'photo', 'image/jpeg'],
      [`files/${s.heard!.code}/scan-1.pdf`, 'photo', 'application/pdf'],
    ]);
    for (const x of doc!.stories)
      for (const f of x.files ?? []) {
        expect(files[f.path]).toBeDefined();
        expect(f.size).toBe(files[f.path]!.length);
        expect(f.sha256).toBe(sha(files[f.path]!));
      }
    expect(heard[0]!.duration_seconds).toBe(3);
  });

  it('for funders holds only recordings of shared, named stories whose tellers let panels hear them, and no photos', async () => {
    const res = await download('format=json&audience=funders&files=yes');
    expect(res.statusCode).toBe(200);
    const { files, doc } = zipOf(res.rawPayload);
    expect(Object.keys(files).sort()).toEqual(['export.json', `files/${s.heard!.code}/recording-1.wav`]);
    expect(doc!.audience).toBe('funders');
    expect(doc!.stories.find((x) => x.code === s.heard!.code)!.files!.map((f) => f.path)).toEqual([
      `files/${s.heard!.code}/recording-1.wav`,
    ]);
    expect(doc!.stories.find((x) => x.code === s.team!.code)!.files).toEqual([]);
  });

  it('without files stays a plain JSON file, without a list of files', async () => {
    const res = await download('format=json');
    expect(res.headers['content-type']).toContain('application/json');
    const doc = JSON.parse(res.body) as HearthExport;
    expect(doc.stories.every((x) => x.files === undefined)).toBe(true);
  });
});

describe('a REFI-QDA project with files', () => {
  it('lists the recordings, photos and scans as sources, in the teller’s case, and stays valid', async () => {
    const res = await download('format=qdpx&files=yes');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/\.qdpx"$/);
    const files = unzipSync(res.rawPayload);
    const xml = strFromU8(files['project.qde']!);
    const result = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [XSD] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const sources = [
      ...xml.matchAll(
        /<(AudioSource|PictureSource|PDFSource) guid="([^"]+)" name="([^"]+)" path="internal:\/\/([^"]+)"/g,
      ),
    ];
    expect(sources.map((m) => [m[1], m[3]]).sort()).toEqual(
      [
        ['AudioSource', `${s.heard!.code} recording 1`],
        ['PictureSource', `${s.heard!.code} photo 1`],
        ['PDFSource', `${s.heard!.code} scan 1`],
        ['AudioSource', `${s.team!.code} recording 1`],
        ['AudioSource', `${s.notForFunders!.code} recording 1`],
        ['AudioSource', `${s.anonymous!.code} recording 1`],
      ].sort(),
    );
    for (const m of sources) expect(files[`sources/${m[4]}`]).toBeDefined();
    const audio = sources.find((m) => m[3] === `${s.heard!.code} recording 1`)!;
    expect(Buffer.from(files[`sources/${audio[4]}`]!).equals(bytes.heardRecording)).toBe(true);
    // The recording is in the case of the storyteller who told it.
    expect(xml).toContain(`<SourceRef targetGUID="${audio[2]}"/>`);
    expect(xml).not.toContain(s.withdrawn!.code);
  });

  it('for funders holds one recording and no pictures', async () => {
    const files = unzipSync((await download('format=qdpx&audience=funders&files=yes')).rawPayload);
    const xml = strFromU8(files['project.qde']!);
    const result = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [XSD] });
    expect(result.valid).toBe(true);
    expect(xml.match(/<AudioSource /g)).toHaveLength(1);
    expect(xml).not.toMatch(/<PictureSource |<PDFSource /);
    expect(Object.keys(files).filter((f) => /\.(wav|jpg|pdf)$/.test(f))).toHaveLength(1);
  });
});

describe('the export page', () => {
  it('offers the files with how many and how large, for the team and for funders, valid HTML', async () => {
    const res = await coordinator.get(`${base}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<input type="checkbox" name="files" id="field-files" value="yes"/);
    const text = visibleText(res.body);
    expect(text).toContain('Include recordings and photos');
    const teamBytes =
      bytes.heardRecording.length +
      bytes.teamRecording.length +
      bytes.notForFundersRecording.length +
      bytes.anonymousRecording.length;
    // Photos and scans are a little smaller once cleaned, so the total is read from what is stored.
    const stored = await t.db
      .selectFrom('attachments')
      .select(['size', 'kind'])
      .where('story_id', '=', s.heard!.id)
      .where('kind', '=', 'photo')
      .execute();
    const mb = (n: number) => (Math.round(n / 100_000) / 10).toString();
    expect(text).toContain(`For your team: 6 files, ${mb(teamBytes + stored.reduce((a, r) => a + r.size, 0))} MB.`);
    expect(text).toContain(`For funders: 1 file, ${mb(bytes.heardRecording.length)} MB.`);
    expect(await htmlErrors(res.body)).toEqual([]);
  });

  it('says by the box that files do not go with a CSV (422)', async () => {
    const res = await download('format=csv&files=yes');
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'files')).toBe(
      'Recordings and photos go with a JSON or REFI-QDA export, not with a CSV: choose one of those, or untick this.',
    );
    expect(res.body).toMatch(/id="field-files" value="yes"[^>]* checked/);
  });

  it('notes in the audit log how many files went out', async () => {
    const rows = await t.db
      .selectFrom('audit_events')
      .select('detail')
      .where('action', '=', 'inquiry.exported')
      .execute();
    expect(rows.map((r) => JSON.parse(r.detail) as { files?: number }).some((d) => d.files === 6)).toBe(true);
  });
});

describe('importing a zip with files from the web page', () => {
  async function sendZip(bytes: Buffer, csrf = coordinator.csrf) {
    const url = `/alliances/${people.alliance.id}/import/zip`;
    await coordinator.get(`/alliances/${people.alliance.id}/import`);
    const { payload, contentType } = multipartBody([['_csrf', csrf || coordinator.csrf]], {
      name: 'file',
      filename: 'export.zip',
      type: 'application/zip',
      bytes,
    });
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: coordinator.cookie, 'content-type': contentType },
    });
    recordPage('POST', url, res);
    return res;
  }

  it('is offered beside the JSON import', async () => {
    const page = await coordinator.get(`/alliances/${people.alliance.id}/import`);
    expect(page.body).toMatch(/action="\/alliances\/\d+\/import\/zip" enctype="multipart\/form-data"/);
    expect(visibleText(page.body)).toContain('Hearth export with files (.zip)');
    expect(await htmlErrors(page.body)).toEqual([]);
  });

  it('brings the inquiry in with each story’s files', async () => {
    const zip = (await download('format=json&files=yes')).rawPayload;
    const res = await sendZip(zip);
    expect(res.statusCode).toBe(200);
    expect(heading(res.body)).toBe('The inquiry was imported');
    expect(visibleText(res.body)).toContain('with 6 stories and 6 recordings and photos.');
    const href = /<a class="button" href="(\/alliances\/\d+\/inquiries\/(\d+))">Go to the inquiry<\/a>/.exec(res.body)!;
    const copies = await t.db
      .selectFrom('attachments')
      .innerJoin('stories', 'stories.id', 'attachments.story_id')
      .select(['stories.code', 'attachments.kind', 'attachments.media_type', 'attachments.sha256'])
      .where('stories.inquiry_id', '=', Number(href[2]))
      .orderBy('stories.code')
      .orderBy('attachments.id')
      .execute();
    expect(copies.map((c) => [c.code, c.media_type])).toEqual(
      [
        [s.heard!.code, 'audio/wav'],
        [s.heard!.code, 'image/jpeg'],
        [s.heard!.code, 'application/pdf'],
        [s.team!.code, 'audio/wav'],
        [s.notForFunders!.code, 'audio/wav'],
        [s.anonymous!.code, 'audio/wav'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(copies.find((c) => c.code === s.team!.code)!.sha256).toBe(sha(bytes.teamRecording));
  });

  it('refuses a file that is not one (422, nothing imported)', async () => {
    const before = (await t.db.selectFrom('inquiries').select('id').execute()).length;
    const res = await sendZip(Buffer.from('just some words, not a zip'));
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('The file is not a Hearth export with files');
    expect((await t.db.selectFrom('inquiries').select('id').execute()).length).toBe(before);
  });

  it('refuses a forged form before reading the zip', async () => {
    const zip = (await download('format=json&files=yes')).rawPayload;
    const res = await sendZip(zip, 'forged-token');
    expect(res.statusCode).toBe(403);
  });
});

describe('hearth export --files', () => {
  it('writes the zip with the files, and refuses --files with CSV', async () => {
    const envDb = await databaseEnv();
    const database = openDatabase(loadConfig(envDb.env));
    try {
      await migrateToLatest(database.db, database.dialect);
      const crew = await makeAlliance(database.db, 'Command Line Alliance');
      const cliInquiry = await makeInquiry(database.db, crew.alliance, crew.coordinator);
      const told = await makeStory(database.db, cliInquiry, { interviewer: crew.interviewer, consent: all });
      const result = await storeUpload(
        database.db,
        pieces(bytes.teamRecording),
        { allianceId: told.alliance_id, storyId: told.id, kind: 'recording', actor: crew.interviewer },
        LIMITS,
      );
      expect(result.ok).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), 'hearth-files-export-'));
      const out: string[] = [];
      const path = join(dir, 'with-files.zip');
      const args = ['--alliance', String(crew.alliance.id), '--inquiry', String(cliInquiry.id)];
      const code = await runCli(['export', '--format', 'json', '--files', '--out', path, ...args], envDb.env, (l) =>
        out.push(l),
      );
      expect(out.join('\n')).toContain('Wrote 1 stories and 1 recordings and photos of');
      expect(code).toBe(0);
      const { files, doc } = zipOf(readFileSync(path));
      expect(Object.keys(files).sort()).toEqual(['export.json', `files/${told.code}/recording-1.wav`]);
      expect(doc!.stories[0]!.files![0]!.path).toBe(`files/${told.code}/recording-1.wav`);

      // Back in, as a new inquiry with its recording: the very bytes, on the story of the same code.
      const again: string[] = [];
      const importArgs = ['import', path, '--alliance', String(crew.alliance.id)];
      expect(await runCli(importArgs, envDb.env, (l) => again.push(l))).toBe(0);
      expect(again.join('\n')).toMatch(/^Imported ".+" with 1 stories and 1 recordings and photos as inquiry \d+\.$/);
      const newInquiry = Number(/as inquiry (\d+)/.exec(again[0]!)![1]);
      const copies = await database.db
        .selectFrom('attachments')
        .innerJoin('stories', 'stories.id', 'attachments.story_id')
        .select([
          'attachments.id',
          'attachments.sha256',
          'attachments.size',
          'stories.code',
          'stories.consent_recording',
        ])
        .where('stories.inquiry_id', '=', newInquiry)
        .execute();
      expect(copies).toHaveLength(1);
      expect(copies[0]).toMatchObject({ code: told.code, consent_recording: 1, size: bytes.teamRecording.length });
      expect(copies[0]!.sha256).toBe(sha(bytes.teamRecording));

      // Cut off in the middle of the recording: the stories come in, the recording is left out and said so.
      const cut = join(dir, 'cut.zip');
      const whole = readFileSync(path);
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
      const partial: string[] = [];
      expect(
        await runCli(['import', cut, '--alliance', String(crew.alliance.id)], envDb.env, (l) => partial.push(l)),
      ).toBe(0);
      expect(partial.join('\n')).toContain('with 1 stories and 0 recordings and photos');
      expect(partial.join('\n')).toContain(
        `Left out files/${told.code}/recording-1.wav: the zip stops part way through this file, so nothing of it was kept.`,
      );
      expect((await database.db.selectFrom('attachments').select('id').execute()).length).toBe(2);

      // Not a zip of Hearth's: nothing imported.
      const fake = join(dir, 'fake.zip');
      writeFileSync(fake, '{"format":"hearth-export"}');
      const refused: string[] = [];
      expect(
        await runCli(['import', fake, '--alliance', String(crew.alliance.id)], envDb.env, (l) => refused.push(l)),
      ).toBe(1);
      expect(refused.join('\n')).toContain('The file is not a Hearth export with files');

      const csv = join(dir, 'x.csv');
      expect(
        await runCli(
          ['export', '--format', 'csv', '--files', '--out', csv, ...args],
          envDb.env,
          () => {},
          () => {},
        ),
      ).toBe(2);
    } finally {
      await database.db.destroy();
      await envDb.drop();
    }
  });
});
