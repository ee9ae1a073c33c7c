/**
 * scripts/transcribe-pocketsphinx.sh knows English only: given the story's language ({language}) and it is not
 * English, it says so in one line on stderr and stops, without running the recogniser, rather than "hearing" a
 * French recording as English nonsense; the story page then says in its own language that no draft could be made,
 * with the script's line for the person who runs Hearth. English, or no language at all, runs the recogniser. The
 * recogniser here is a stand-in on PATH that notes it ran (the real one is test/transcripts/speech.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserLanguage } from '../../server/accounts/users-store.ts';
import { findProgram } from '../../server/transcripts/command-line.ts';
import { wav } from '../attachments/fixtures.ts';
import { signedIn } from '../helpers/agent.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';
import { addRecording, storyUrl, visibleText } from './recording.ts';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'transcribe-pocketsphinx.sh');
const REFUSED =
  'transcribe-pocketsphinx.sh knows English only, and this recording is in French (fr): no draft was made.';
const dir = mkdtempSync(join(tmpdir(), 'hearth-language-'));
const clip = join(dir, 'said.wav');
const ran = join(dir, 'recogniser-ran');
// The stand-in recogniser: notes that it ran, and "hears" a sentence.
writeFileSync(join(dir, 'pocketsphinx_continuous'), `#!/bin/sh\ntouch ${ran}\necho "the food bank helped"\n`);
chmodSync(join(dir, 'pocketsphinx_continuous'), 0o755);
writeFileSync(clip, wav(1));

/** The real script on the clip, with the stand-in recogniser first on PATH. */
function script(...language: string[]) {
  rmSync(ran, { force: true });
  const run = spawnSync(SCRIPT, [clip, ...language], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, recognised: existsSync(ran) };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the pocketsphinx script', () => {
  it('refuses a French recording with one line saying so, and never runs the recogniser', () => {
    const { status, stdout, stderr, recognised } = script('fr');
    expect(status).not.toBe(0);
    // Not 127, which Hearth reads as a missing program.
    expect(status).not.toBe(127);
    expect(stderr.trim()).toBe(REFUSED);
    expect(stdout).toBe('');
    expect(recognised).toBe(false);
    expect(script('ar').stderr).toContain('this recording is in Arabic (ar)');
    expect(script('es-MX').stderr).toContain('this recording is in Spanish (es-MX)');
  });

  // English goes on to sox, which converts the recording for the recogniser.
  const sox = findProgram('sox');
  if (!sox)
    console.log(
      'SKIPPED: English through the pocketsphinx script (test/transcripts/language.test.ts) — sox not found.',
    );
  it.skipIf(!sox)('runs the recogniser for English, or with no language given', () => {
    for (const language of [['en'], ['en-GB'], []]) {
      const { status, stdout, stderr, recognised } = script(...language);
      expect(status, stderr).toBe(0);
      expect(recognised).toBe(true);
      expect(stdout.trim()).toBe('the food bank helped');
    }
  });
});

describe('a French story’s page, with the script given {language}', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof makeAlliance>>;
  const failed = (lang: string) =>
    (
      JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'locales', `${lang}.json`), 'utf8')) as {
        transcripts: { problems: { failed: string } };
      }
    ).transcripts.problems.failed;

  beforeAll(async () => {
    t = await testApp({ transcribeCommand: [SCRIPT, '{file}', '{language}'], transcribeSeconds: 30 });
    people = await makeAlliance(t.db);
  });
  afterAll(() => t?.close());

  it('says in the page’s language that no draft could be made, with the script’s line', async () => {
    const inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
    await t.db.updateTable('inquiries').set({ languages: 'en,fr' }).where('id', '=', inquiry.id).execute();
    const story = await makeStory(t.db, inquiry, {
      language: 'fr',
      words: 'La banque alimentaire a aidé ma famille.',
      interviewer: people.interviewer,
      consent: { recording: true },
    });
    const interviewer = await signedIn(t.app, people.interviewer.email);
    const fileId = await addRecording(t.app, interviewer, story, wav(1), 'entretien.wav');
    expect((await interviewer.post(`${storyUrl(story)}/files/${fileId}/transcript`)).statusCode).toBe(303);
    expect(await t.app.transcripts.tick()).toBe(true);
    const job = await t.db
      .selectFrom('transcripts')
      .select(['status', 'problem', 'text'])
      .where('story_id', '=', story.id)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'failed', problem: 'failed', text: '' });
    for (const lang of ['en', 'es', 'fr', 'ar']) {
      await setUserLanguage(t.db, people.interviewer.id, lang);
      const reader = await signedIn(t.app, people.interviewer.email);
      const page = await reader.get(storyUrl(story));
      expect(page.statusCode).toBe(200);
      const text = visibleText(page.body);
      // French puts a no-break space before its colons: as a person reads it, a space.
      expect(text, lang).toContain(failed(lang).replace(/\s+/g, ' '));
      expect(text, lang).toContain(REFUSED);
    }
  });
});
