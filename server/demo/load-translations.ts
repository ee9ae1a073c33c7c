/** The demo's translations (translations-data.ts), saved through the translations store as a person would. */
import type { Db } from '../db/database.ts';
import type { Story, User } from '../db/schema.ts';
import { saveTranslation } from '../translations/store.ts';
import { storyAnswers } from '../stories/store.ts';
import { DEMO_TRANSLATIONS } from './translations-data.ts';

export async function loadDemoTranslations(
  db: Db,
  made: ReadonlyMap<string, Story>,
  people: ReadonlyMap<string, User>,
  now: Date,
): Promise<void> {
  for (const d of DEMO_TRANSLATIONS) {
    const story = made.get(d.story);
    const by = [...people.values()].find((u) => u.email.startsWith(`${d.by}@`));
    if (!story || !by) throw new Error(`The demo has no story "${d.story}" or no ${d.by} to translate it.`);
    const answers = await storyAnswers(db, story.id);
    const at = (kind: 'story' | 'why') => answers.find((a) => a.kind === kind)?.position;
    const translated = (['story', 'why'] as const).flatMap((kind) => {
      const value = d.answers[kind];
      const position = at(kind);
      return value && position !== undefined ? [{ position, value }] : [];
    });
    await saveTranslation(db, by, story, { language: d.language, title: d.title, answers: translated }, now);
  }
}
