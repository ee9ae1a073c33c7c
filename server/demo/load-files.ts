/**
 * The demo's recordings and photo of paper, kept through the attachments capability's own upload (so they are
 * sniffed, stripped and chunked exactly as in use): three tellers who agreed to keep the recording, one of whom
 * also let panels hear it, and the paper form of the story typed in from paper. The files were made once, by
 * scripts/make-demo-recordings.sh (espeak-ng, sox) and bench/demo-paper-photo.ts (Chromium), and are committed.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { storeUpload } from '../attachments/upload.ts';
import type { Db } from '../db/database.ts';
import type { AttachmentKind, Story, User } from '../db/schema.ts';

export const DEMO_FILES: { title: string; kind: AttachmentKind; file: string }[] = [
  { title: 'They finally fixed the damp', kind: 'recording', file: 'damp.ogg' },
  { title: 'Tuesdays are my day now', kind: 'recording', file: 'tuesdays.ogg' },
  { title: 'I stopped being ashamed to go', kind: 'recording', file: 'ashamed.ogg' },
  { title: 'The sanction got sorted', kind: 'photo', file: 'paper-form.jpg' },
];

export const DEMO_FILES_DIR = join(import.meta.dirname, 'files');

/** Adds each file to its story, as the story's interviewer. Returns how many were kept. */
export async function loadDemoFiles(
  db: Db,
  stories: ReadonlyMap<string, Story>,
  interviewerOf: (story: Story) => User,
): Promise<number> {
  let kept = 0;
  for (const { title, kind, file } of DEMO_FILES) {
    const story = stories.get(title);
    if (!story) throw new Error(`The demo has no story called "${title}" for ${file}.`);
    const actor = interviewerOf(story);
    const result = await storeUpload(
      db,
      createReadStream(join(DEMO_FILES_DIR, file)),
      { allianceId: story.alliance_id, storyId: story.id, kind, actor: { id: actor.id, name: actor.name } },
      { maxBytes: 10 * 1024 * 1024, maxRecordingSeconds: 600 },
    );
    if (!result.ok) throw new Error(`The demo's ${file} was not kept: ${result.problem.key}.`);
    kept++;
  }
  return kept;
}
