/**
 * Translations travel in the JSON export beside the teller's words (funders' files naming no translator), the
 * published schema accepts them, and an import restores them as they were; a withdrawn story's translation never
 * goes out, and a file with two translations into one language is refused, not half-imported.
 */
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alliance, Inquiry, Story, User } from '../../server/db/schema.ts';
import { readInquiry } from '../../server/exports/export-store.ts';
import { HearthExportSchema } from '../../server/exports/format.ts';
import { readExport } from '../../server/exports/import-json.ts';
import { importExport } from '../../server/exports/import-json-store.ts';
import { buildExport } from '../../server/exports/json.ts';
import { withdrawStory } from '../../server/stories/care-store.ts';
import { saveTranslation, storyTranslations } from '../../server/translations/store.ts';
import { makeAlliance, testApp, type TestApp } from '../helpers/app.ts';
import { makeInquiry, makeStory } from '../helpers/stories.ts';

let t: TestApp;
let world: { alliance: Alliance; coordinator: User };
let inquiry: Inquiry;
let story: Story;

beforeAll(async () => {
  t = await testApp();
  world = await makeAlliance(t.db);
  inquiry = await makeInquiry(t.db, world.alliance, world.coordinator);
  story = await makeStory(t.db, inquiry, { language: 'es', words: 'La clínica cerró.' });
  await saveTranslation(
    t.db,
    world.coordinator,
    story,
    { language: 'en', title: 'The clinic', answers: [{ position: 0, value: 'The clinic closed.' }] },
    new Date('2026-12-01T09:00:00Z'),
  );
  const gone = await makeStory(t.db, inquiry, { language: 'es' });
  await saveTranslation(t.db, world.coordinator, gone, {
    language: 'en',
    title: '',
    answers: [{ position: 0, value: 'withdrawnwords' }],
  });
  await withdrawStory(t.db, world.coordinator, world.coordinator.name, gone);
}, 60_000);
afterAll(() => t.close());

const exported = async (audience: 'team' | 'funders') =>
  buildExport(await readInquiry(t.db, inquiry, audience), audience);

describe('the JSON export', () => {
  it('carries each translation beside the story, with who translated it and when', async () => {
    const doc = await exported('team');
    expect(Value.Check(HearthExportSchema, doc)).toBe(true);
    const s = doc.stories.find((x) => x.code === story.code)!;
    expect(s.translations).toEqual([
      {
        language: 'en',
        title: 'The clinic',
        answers: [{ answer_position: 0, value: 'The clinic closed.' }],
        translator: world.coordinator.name,
        created_at: '2026-12-01T09:00:00.000Z',
        updated_at: '2026-12-01T09:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(doc)).not.toContain('withdrawnwords');
  });

  it('names no translator in a funders’ file', async () => {
    const doc = await exported('funders');
    expect(doc.stories.find((x) => x.code === story.code)!.translations?.[0]?.translator).toBe('');
    expect(JSON.stringify(doc)).not.toContain(world.coordinator.name);
  });
});

describe('importing', () => {
  it('restores the translations as they were', async () => {
    const text = JSON.stringify(await exported('team'));
    const read = readExport(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { alliance, coordinator } = await makeAlliance(t.db, 'Importers');
    const { inquiry: imported } = await importExport(t.db, coordinator, alliance.id, read.value);
    const copy = await t.db
      .selectFrom('stories')
      .selectAll()
      .where('inquiry_id', '=', imported.id)
      .where('code', '=', story.code)
      .executeTakeFirstOrThrow();
    const [translation] = await storyTranslations(t.db, copy.id);
    expect(translation).toMatchObject({
      language: 'en',
      title: 'The clinic',
      answers: [{ position: 0, value: 'The clinic closed.' }],
      translator_name: world.coordinator.name,
      translator_id: null,
      created_at: '2026-12-01T09:00:00.000Z',
    });
  });

  it('refuses two translations into one language, or one into the story’s own, saying where', async () => {
    const doc = await exported('team');
    const s = doc.stories.find((x) => x.code === story.code)!;
    s.translations = [...s.translations!, { ...s.translations![0]! }, { ...s.translations![0]!, language: 'es' }];
    const read = readExport(JSON.stringify(doc));
    expect(read.ok).toBe(false);
    const where = (read as { problems?: { params?: { where?: string } }[] }).problems?.map((p) => p.params?.where);
    expect(where).toEqual(expect.arrayContaining([expect.stringMatching(/translations\[1\]\.language$/)]));
    expect(where).toEqual(expect.arrayContaining([expect.stringMatching(/translations\[2\]\.language$/)]));
  });
});
