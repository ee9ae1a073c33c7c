/**
 * Draft transcripts from a speech-to-text command (issue 17, item 6), with a stand-in command whose behaviour each
 * test chooses: off by default (no button, 404), asking for one (queued, the request never waits), the draft shown
 * as a machine's draft that leaves the story's words alone, the correction form (empty words refused by the field,
 * nothing written; saved words become a new version noted as from a draft), each failure with its message and a
 * retry, a job left by a stopped server taken again, the recording on stdin, and drafts gone on withdrawal.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import type { Inquiry, Story } from '../../server/db/schema.ts';
import { iso } from '../../server/db/time.ts';
import { splitCommand } from '../../server/transcripts/command-line.ts';
import { TranscriptJobs } from '../../server/transcripts/jobs.ts';
import { claimTranscript } from '../../server/transcripts/transcripts-store.ts';
import { Agent, signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { wav } from '../attachments/fixtures.ts';
import { addRecording, storyUrl, visibleText } from './recording.ts';

const LABEL = "Draft transcript made by a machine — read and correct it before it becomes the story's words";
const DRAFT = 'the allotment gave us vegetables and friends';
const dir = mkdtempSync(join(tmpdir(), 'hearth-transcribe-'));
const mode = join(dir, 'mode');
const command = join(dir, 'transcribe.sh');
// The stand-in: says what the mode file says (the words, an error, a long wait), and checks it got a file.
writeFileSync(
  command,
  `#!/bin/sh
test -s "$1" || { echo "no recording given" >&2; exit 9; }
case "$(cat ${mode})" in
  fail) echo "model file not found" >&2; exit 3 ;;
  slow) sleep 5 ;;
  silent) exit 0 ;;
  *) cat ${join(dir, 'words')} ;;
esac
`,
);
chmodSync(command, 0o755);
const setMode = (m: string, words = DRAFT) => {
  writeFileSync(mode, m);
  writeFileSync(join(dir, 'words'), words);
};

let t: TestApp;
let off: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let interviewer: Agent;

beforeAll(async () => {
  t = await testApp({ transcribeCommand: [command, '{file}'], transcribeSeconds: 2 });
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  interviewer = await signedIn(t.app, people.interviewer.email);
});
afterAll(async () => {
  await t.close();
  await off?.close();
});

async function storyWithRecording(words = 'We grew beans on the plot behind the church.') {
  const story = await makeStory(t.db, inquiry, {
    words,
    interviewer: people.interviewer,
    consent: { recording: true },
  });
  const fileId = await addRecording(t.app, interviewer, story, wav(2, story.id));
  return { story, fileId, draftUrl: `${storyUrl(story)}/files/${fileId}/transcript` };
}

const answers = (s: Story) =>
  t.db.selectFrom('story_answers').select(['kind', 'value']).where('story_id', '=', s.id).orderBy('position').execute();
const versions = (s: Story) => t.db.selectFrom('story_versions').selectAll().where('story_id', '=', s.id).execute();

describe('when no command is set (the default)', () => {
  it('offers no draft transcript anywhere, and its addresses answer 404', async () => {
    expect(loadConfig({}).transcribeCommand).toEqual([]);
    off = await testApp();
    const them = await makeAlliance(off.db, 'Quiet Alliance');
    const quietInquiry = await makeInquiry(off.db, them.alliance, them.coordinator);
    const story = await makeStory(off.db, quietInquiry, {
      interviewer: them.interviewer,
      consent: { recording: true },
    });
    const agent = await signedIn(off.app, them.interviewer.email);
    const fileId = await addRecording(off.app, agent, story, wav(1));
    const page = await agent.get(storyUrl(story));
    expect(page.body).toContain('<audio');
    expect(page.body).not.toContain('draft transcript');
    const asked = await agent.post(`${storyUrl(story)}/files/${fileId}/transcript`);
    expect(asked.statusCode).toBe(404);
    expect(await off.db.selectFrom('transcripts').selectAll().execute()).toEqual([]);
  });
});

describe('the command setting', () => {
  it('refuses at start-up a command whose program cannot be run, saying which setting and what to do', () => {
    expect(() => loadConfig({ HEARTH_TRANSCRIBE_COMMAND: '/no/such/whisper {file}' })).toThrow(
      /HEARTH_TRANSCRIBE_COMMAND: "\/no\/such\/whisper" was not found/,
    );
    expect(() => loadConfig({ HEARTH_TRANSCRIBE_COMMAND: 'no-such-program-here {file}', PATH: '/usr/bin' })).toThrow(
      /looked in PATH/,
    );
    expect(() => loadConfig({ HEARTH_TRANSCRIBE_MINUTES: '0' })).toThrow(/HEARTH_TRANSCRIBE_MINUTES/);
  });

  it('stops the server from starting with that message alone', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, HEARTH_TRANSCRIBE_COMMAND: '/no/such/whisper {file}', DATA_DIR: dir, PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^Hearth cannot start: HEARTH_TRANSCRIBE_COMMAND: "\/no\/such\/whisper" was not found/,
    );
    expect(run.stderr).not.toContain('    at ');
  });

  it('finds the program, keeps quoted words whole, and reads the time limit in minutes', () => {
    const config = loadConfig({
      HEARTH_TRANSCRIBE_COMMAND: `${command} --model "/opt/my models/base.bin" {file}`,
      HEARTH_TRANSCRIBE_MINUTES: '5',
    });
    expect(config.transcribeCommand).toEqual([command, '--model', '/opt/my models/base.bin', '{file}']);
    expect(config.transcribeSeconds).toBe(300);
    expect(loadConfig({ HEARTH_TRANSCRIBE_COMMAND: 'sh -c true', PATH: '/usr/bin:/bin' }).transcribeCommand[0]).toMatch(
      /\/sh$/,
    );
    expect(splitCommand(`a 'b c' d\\ e`)).toEqual(['a', 'b c', 'd e']);
  });
});

describe('a draft transcript of a recording', () => {
  let story: Story;
  let draftUrl: string;
  const before = 'We grew beans on the plot behind the church.';

  beforeAll(async () => {
    setMode('words');
    ({ story, draftUrl } = await storyWithRecording(before));
  });

  it('is offered under the recording, to the interviewer', async () => {
    const page = await interviewer.get(storyUrl(story));
    expect(visibleText(page.body)).toContain('Make a draft transcript');
    expect(page.body).toContain(`action="${draftUrl}"`);
  });

  it('is queued by the button without waiting for the command, and the page says it is waiting', async () => {
    const started = Date.now();
    const asked = await interviewer.post(draftUrl);
    expect(asked.statusCode).toBe(303);
    expect(Date.now() - started).toBeLessThan(2000);
    const page = visibleText((await interviewer.get(storyUrl(story))).body);
    expect(page).toContain('A draft transcript was asked for');
    expect(page).toContain('Waiting to start');
    expect(page).toContain('Check again');
    const status = await interviewer.get(`${draftUrl}/status`);
    expect(JSON.parse(status.body)).toMatchObject({ state: 'queued', finished: false });
  });

  it('asked for twice while waiting, is still one job', async () => {
    await interviewer.post(draftUrl);
    expect(await t.db.selectFrom('transcripts').select('id').where('story_id', '=', story.id).execute()).toHaveLength(
      1,
    );
  });

  it('once made, shows the draft labelled as a machine’s, and leaves the story’s words as they were', async () => {
    expect(await t.app.transcripts.tick()).toBe(true);
    expect(JSON.parse((await interviewer.get(`${draftUrl}/status`)).body)).toMatchObject({
      state: 'done',
      finished: true,
    });
    const html = (await interviewer.get(storyUrl(story))).body;
    expect(html).toContain(`<blockquote class="draft-transcript__text" lang="en" dir="ltr">${DRAFT}</blockquote>`);
    const page = visibleText(html);
    expect(page).toContain(LABEL);
    expect(page).toContain(DRAFT);
    expect(page).toContain('Correct the draft and make it the story');
    expect((await answers(story)).find((a) => a.kind === 'story')!.value).toBe(before);
    expect(await versions(story)).toHaveLength(0);
  });

  it('is not shown to a reader, who cannot open its correction form either', async () => {
    const other = await signedIn(t.app, people.reader.email);
    expect((await other.get(storyUrl(story))).body).not.toContain(DRAFT);
    expect((await other.get(`${draftUrl}/correct`)).statusCode).toBe(403);
  });

  it('refuses empty words by the field, keeps the form, and writes nothing', async () => {
    const form = await interviewer.get(`${draftUrl}/correct`);
    expect(visibleText(form.body)).toContain(LABEL);
    expect(form.body).toContain(DRAFT); // the box comes filled with the draft
    const question = /name="question" value="(\d+)" checked/.exec(form.body)![1]!;
    const res = await interviewer.post(`${draftUrl}/correct`, { question, words: '   ' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="field-words-error"');
    expect(visibleText(res.body)).toContain("Type the story's words: the box is empty.");
    expect(res.body).toMatch(new RegExp(`name="question" value="${question}" checked`));
    expect((await answers(story)).find((a) => a.kind === 'story')!.value).toBe(before);
    expect(await versions(story)).toHaveLength(0);
  });

  it('once corrected and saved, becomes the story’s words as a new version noted as from a draft transcript', async () => {
    // The teller also placed the story on a slider: the correction must leave that answer as it was asked.
    await t.db
      .insertInto('story_answers')
      .values({
        story_id: story.id,
        question_id: null,
        position: 99,
        kind: 'slider',
        prompt: 'How do you feel about this story?',
        value: '70',
        asked: JSON.stringify(['Very bad', 'Very good']),
      })
      .execute();
    const form = await interviewer.get(`${draftUrl}/correct`);
    const question = /name="question" value="(\d+)" checked/.exec(form.body)![1]!;
    const corrected = 'The allotment gave us vegetables, and it gave us friends.';
    const res = await interviewer.post(`${draftUrl}/correct`, { question, words: corrected });
    expect(res.statusCode).toBe(303);
    expect((await answers(story)).find((a) => a.kind === 'story')!.value).toBe(corrected);
    const [version] = await versions(story);
    expect(version!.note).toBe(`From a draft transcript, corrected by ${people.interviewer.name}`);
    expect(version!.content).toContain(before);
    const page = visibleText((await interviewer.get(storyUrl(story))).body);
    expect(page).toContain("Your corrected words are now the story's words");
    expect(page).toContain(`Corrected into the story's words by ${people.interviewer.name}`);
    expect(page).toMatch(
      /How the storyteller sees their story .*70 of 100, between “\s*Very bad\s*” and “\s*Very good/,
    );
    const history = visibleText((await interviewer.get(`${storyUrl(story)}/versions`)).body);
    expect(history).toContain(`From a draft transcript, corrected by ${people.interviewer.name}`);
    const actions = (
      await t.db.selectFrom('audit_events').select('action').where('subject_id', '=', String(story.id)).execute()
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'story.transcript_requested',
        'story.transcript_made',
        'story.edited',
        'story.transcript_corrected',
      ]),
    );
  });
});

describe('when the command fails', () => {
  it('says the program stopped with an error, shows its last words for the operator, and can be tried again', async () => {
    setMode('fail');
    const { story, draftUrl } = await storyWithRecording();
    await interviewer.post(draftUrl);
    await t.app.transcripts.tick();
    const page = (await interviewer.get(storyUrl(story))).body;
    expect(visibleText(page)).toContain('the speech-to-text program stopped with an error');
    expect(page).toContain('model file not found');
    expect(visibleText(page)).toContain('Try again');
    setMode('words');
    await interviewer.post(draftUrl);
    await t.app.transcripts.tick();
    expect(visibleText((await interviewer.get(storyUrl(story))).body)).toContain(DRAFT);
  });

  it('stops a command that runs past the time limit, and says so', async () => {
    setMode('slow');
    const { story, draftUrl } = await storyWithRecording();
    await interviewer.post(draftUrl);
    const started = Date.now();
    await t.app.transcripts.tick();
    expect(Date.now() - started).toBeLessThan(4500);
    expect(visibleText((await interviewer.get(storyUrl(story))).body)).toContain(
      'took longer than the time allowed and was stopped',
    );
  });

  it('says when the command heard nothing', async () => {
    setMode('silent');
    const { story, draftUrl } = await storyWithRecording();
    await interviewer.post(draftUrl);
    await t.app.transcripts.tick();
    expect(visibleText((await interviewer.get(storyUrl(story))).body)).toContain('heard no words in this recording');
  });

  it('says the program is missing when it is gone from the server', async () => {
    const gone = await testApp({ transcribeCommand: [join(dir, 'deleted.sh'), '{file}'] });
    try {
      const them = await makeAlliance(gone.db, 'Gone Alliance');
      const inq = await makeInquiry(gone.db, them.alliance, them.coordinator);
      const story = await makeStory(gone.db, inq, { interviewer: them.interviewer, consent: { recording: true } });
      const agent = await signedIn(gone.app, them.interviewer.email);
      const fileId = await addRecording(gone.app, agent, story, wav(1));
      await agent.post(`${storyUrl(story)}/files/${fileId}/transcript`);
      await gone.app.transcripts.tick();
      expect(visibleText((await agent.get(storyUrl(story))).body)).toContain(
        'the speech-to-text program (or a program it needs) is missing',
      );
    } finally {
      await gone.close();
    }
  });
});

describe('a job left by a server that stopped', () => {
  it('is taken again once its server has gone quiet, and finished', async () => {
    setMode('words');
    const { story, draftUrl } = await storyWithRecording();
    await interviewer.post(draftUrl);
    const lost = await claimTranscript(t.db, 'a-server-that-died');
    expect(lost?.story_id).toBe(story.id);
    expect(await t.app.transcripts.tick()).toBe(false); // still fresh: someone may be working on it
    await t.db
      .updateTable('transcripts')
      .set({ heartbeat_at: iso(new Date(Date.now() - 5 * 60_000)) })
      .where('id', '=', lost!.id)
      .execute();
    expect(await t.app.transcripts.tick()).toBe(true);
    const row = await t.db.selectFrom('transcripts').selectAll().where('id', '=', lost!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', attempts: 2, text: DRAFT });
  });
});

describe('several servers sharing the queue', () => {
  it('work on one draft at a time each, and never on the same one', async () => {
    setMode('words');
    const jobs = [await storyWithRecording(), await storyWithRecording(), await storyWithRecording()];
    for (const j of jobs) await interviewer.post(j.draftUrl);
    const other = new TranscriptJobs(t.db, { command: [command, '{file}'], timeoutSeconds: 5 });
    // This server twice at once, and another server: two drafts are made, the third waits for a free server.
    const worked = await Promise.all([t.app.transcripts.tick(), t.app.transcripts.tick(), other.tick()]);
    expect(worked.sort()).toEqual([false, true, true]);
    const rows = await t.db
      .selectFrom('transcripts')
      .select(['status', 'claimed_by'])
      .where(
        'story_id',
        'in',
        jobs.map((j) => j.story.id),
      )
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['done', 'done', 'queued']);
    expect(new Set(rows.filter((r) => r.claimed_by).map((r) => r.claimed_by)).size).toBe(2);
    expect(await other.tick()).toBe(true);
  });
});

describe('a command that reads the recording on stdin', () => {
  it('is given the recording’s bytes when it names no {file}', async () => {
    const stdin = await testApp({ transcribeCommand: ['/bin/sh', '-c', 'printf "%s bytes heard" "$(wc -c)"'] });
    try {
      const them = await makeAlliance(stdin.db, 'Stdin Alliance');
      const inq = await makeInquiry(stdin.db, them.alliance, them.coordinator);
      const story = await makeStory(stdin.db, inq, { interviewer: them.interviewer, consent: { recording: true } });
      const agent = await signedIn(stdin.app, them.interviewer.email);
      const bytes = wav(1, 3);
      const fileId = await addRecording(stdin.app, agent, story, bytes);
      await agent.post(`${storyUrl(story)}/files/${fileId}/transcript`);
      await stdin.app.transcripts.tick();
      expect(visibleText((await agent.get(storyUrl(story))).body)).toContain(`${bytes.length} bytes heard`);
    } finally {
      await stdin.close();
    }
  });
});

describe('drafts go with the recording', () => {
  it('on withdrawal of the story, and when the recording is removed', async () => {
    setMode('words');
    const first = await storyWithRecording();
    const second = await storyWithRecording();
    for (const s of [first, second]) {
      await interviewer.post(s.draftUrl);
      await t.app.transcripts.tick();
    }
    const coordinator = await signedIn(t.app, people.coordinator.email);
    await coordinator.get(`${storyUrl(first.story)}/withdraw`);
    expect((await coordinator.post(`${storyUrl(first.story)}/withdraw`)).statusCode).toBe(303);
    await interviewer.get(`${storyUrl(second.story)}/files/${second.fileId}/remove`);
    expect((await interviewer.post(`${storyUrl(second.story)}/files/${second.fileId}/remove`)).statusCode).toBe(303);
    const left = await t.db
      .selectFrom('transcripts')
      .select('id')
      .where('story_id', 'in', [first.story.id, second.story.id])
      .execute();
    expect(left).toEqual([]);
    expect((await interviewer.get(`${second.draftUrl}/correct`)).statusCode).toBe(404);
  });
});
