/** The words worker's thread: makes the words of each batch of stories it is sent (see WordsWorker). */
import { parentPort } from 'node:worker_threads';
import { wordsOf } from './words.ts';

parentPort!.on('message', (stories: { text: string; language: string }[]) => {
  try {
    parentPort!.postMessage({ words: stories.map((s) => wordsOf(s.text, s.language)) });
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error).message });
  }
});
