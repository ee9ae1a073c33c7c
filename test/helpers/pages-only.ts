/**
 * Browser tests of pages alone (layout, keyboard, languages, pages without JavaScript, a recorder, a
 * draft transcript, a translation, an export download, the journeys through inquiries, interviews, care of stories
 * and the codebook): the database makes no difference to them, so they run once, on SQLite, and are skipped when the
 * suite runs on PostgreSQL (the global setup says so). Tests of stores, jobs, sync and concurrency run on both, and
 * so does the whole cycle in a browser (test/e2e/whole-cycle.browser.test.ts), end to end on each database.
 */
export const PAGES_ONLY = [
  'test/web/reflow.browser.test.ts',
  'test/web/languages.browser.test.ts',
  'test/web/form-errors.browser.test.ts',
  'test/e2e/keyboard-cycle.browser.test.ts',
  'test/e2e/no-javascript.browser.test.ts',
  'test/signification/signification.browser.test.ts',
  'test/attachments/recording.browser.test.ts',
  'test/patterns/browser.test.ts',
  'test/patterns/phone.browser.test.ts',
  'test/reports/browser.test.ts',
  'test/packs/browser.test.ts',
  'test/transcripts/draft.browser.test.ts',
  'test/translations/translations.browser.test.ts',
  'test/exports/files.browser.test.ts',
  'test/printing/job-page.browser.test.ts',
  'test/stories/search.browser.test.ts',
  'test/stories/list-print.browser.test.ts',
  'test/e2e/codebook.test.ts',
  'test/e2e/inquiries.test.ts',
  'test/e2e/foundation.test.ts',
  'test/e2e/story-care.test.ts',
  'test/e2e/interview.test.ts',
  'test/exports/import-mapping.browser.test.ts',
  'test/packs/settings-to-pdf.browser.test.ts',
  'test/field/field-languages.browser.test.ts',
  'test/rounds/vote-dots.browser.test.ts',
  'test/stories/story-page.browser.test.ts',
  'test/rounds/feedback-print.browser.test.ts',
];
