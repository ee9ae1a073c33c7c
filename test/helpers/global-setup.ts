/** Says plainly, once per run, which database the suite runs on and which suites are skipped and why. */
import { findChromium } from '../../server/config.ts';
import { missingSpeechTools } from '../transcripts/speech-tools.ts';
import { PAGES_ONLY } from './pages-only.ts';
import { haproxyPath } from './proxy.ts';

export default function setup(): void {
  const pgUrl = process.env.TEST_DATABASE_URL;
  const lines = [
    pgUrl
      ? `Database under test: PostgreSQL (TEST_DATABASE_URL)`
      : 'Database under test: SQLite. To run against PostgreSQL too, set TEST_DATABASE_URL=postgres://… (.ci/run does).',
  ];
  if (!findChromium()) {
    if (process.env.CI === 'true')
      throw new Error("CI=true but no Chromium was found: install Debian's chromium or set CHROMIUM_PATH.");
    lines.push(
      'SKIPPED: browser tests (test/e2e) — no Chromium found. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.',
    );
  }
  if (!pgUrl)
    lines.push(
      'SKIPPED on SQLite: PostgreSQL restarted during a burst of submissions (test/scale/database-restart.test.ts) — ' +
        'it restarts a throwaway PostgreSQL of its own (.ci/postgres.sh), so it runs when TEST_DATABASE_URL is set.',
    );
  if (pgUrl)
    lines.push(
      `SKIPPED on PostgreSQL: the browser tests of pages alone, which ran on SQLite (the database makes no difference to them): ${PAGES_ONLY.join(', ')}.`,
    );
  const speech = missingSpeechTools();
  if (speech.length > 0) {
    if (process.env.CI === 'true')
      throw new Error(
        `CI=true but ${speech.join(', ')} not found: apt-get install pocketsphinx pocketsphinx-en-us espeak-ng sox.`,
      );
    lines.push(
      `SKIPPED: the real-speech transcript test (test/transcripts/speech.test.ts) — ${speech.join(', ')} not found. ` +
        'Install them: apt-get install -y pocketsphinx pocketsphinx-en-us espeak-ng sox.',
    );
  }
  if (!haproxyPath) {
    if (process.env.CI === 'true')
      throw new Error("CI=true but haproxy was not found: apt-get install -y haproxy (Debian's).");
    lines.push(
      'SKIPPED: the app servers behind a real proxy (test/scale/proxy.test.ts) — haproxy not found. ' +
        'Install it: apt-get install -y haproxy.',
    );
  }
  console.log(`\n${lines.join('\n')}\n`);
}
