/**
 * The recording uses travel with the other uses: the JSON export carries "recording" (keep the recording) and
 * "hearing" (let panels hear it) in each story's consent, the published schema lists them, and an import sets
 * them again — while a file made before they were asked still imports, with the recording not agreed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inquiry } from '../../server/db/schema.ts';
import { makeExport } from '../../server/exports/download.ts';
import type { HearthExport } from '../../server/exports/format.ts';
import { importExport } from '../../server/exports/import-json-store.ts';
import { readExport } from '../../server/exports/import-json.ts';
import { SCHEMA_FILE } from '../../server/exports/schema-file.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof makeAlliance>>;
let inquiry: Inquiry;
let doc: HearthExport;

beforeAll(async () => {
  t = await testApp();
  people = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, people.alliance, people.coordinator);
  await makeStory(t.db, inquiry, { title: 'Heard', consent: { recording: true, hearing: true } });
  await makeStory(t.db, inquiry, { title: 'Kept only', consent: { recording: true, hearing: false } });
  await makeStory(t.db, inquiry, { title: 'No recording' });
  const file = await makeExport(t.db, inquiry, { format: 'json', audience: 'team' });
  doc = JSON.parse(String(file.body)) as HearthExport;
});
afterAll(() => t.close());

const consentOf = (d: HearthExport, title: string) => d.stories.find((s) => s.title === title)!.consent;

async function importedConsent(text: string) {
  const read = readExport(text);
  if (!read.ok) throw new Error(JSON.stringify(read.problems ?? read.problem));
  const { inquiry: imported } = await importExport(t.db, people.coordinator, people.alliance.id, read.value);
  return t.db
    .selectFrom('stories')
    .select(['title', 'consent_recording', 'consent_hearing'])
    .where('inquiry_id', '=', imported.id)
    .orderBy('title')
    .execute();
}

describe('the recording uses in the JSON export', () => {
  it('are in each story’s consent beside the other uses', () => {
    expect(consentOf(doc, 'Heard')).toMatchObject({ panels: true, recording: true, hearing: true });
    expect(consentOf(doc, 'Kept only')).toMatchObject({ recording: true, hearing: false });
    expect(consentOf(doc, 'No recording')).toMatchObject({ recording: false, hearing: false });
  });

  it('are listed in the published JSON schema', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    const consent = schema.properties.stories.items.properties.consent.properties;
    expect(consent.recording.type).toBe('boolean');
    expect(consent.hearing.type).toBe('boolean');
    expect(consent.recording.description).toContain('keep the recording');
    expect(consent.hearing.description).toContain('let panels hear the recording');
  });

  it('are set again by an import', async () => {
    expect(await importedConsent(JSON.stringify(doc))).toEqual([
      { title: 'Heard', consent_recording: 1, consent_hearing: 1 },
      { title: 'Kept only', consent_recording: 1, consent_hearing: 0 },
      { title: 'No recording', consent_recording: 0, consent_hearing: 0 },
    ]);
  });

  it('may be missing from a file made before they were asked: the recording is then not agreed', async () => {
    const older = structuredClone(doc);
    for (const s of older.stories) {
      delete s.consent.recording;
      delete s.consent.hearing;
    }
    const rows = await importedConsent(JSON.stringify(older));
    expect(rows.map((r) => [r.consent_recording, r.consent_hearing])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });
});
