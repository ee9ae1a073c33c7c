/**
 * What is made of a new story's words as it is saved: the search index's words and the analysis that every keeper
 * of its words shares. Plain work on the text alone, so a large import has it done in a worker thread
 * (`WordsWorker`) while the database writes the batches before, and the process's main thread stays free. Nothing
 * here touches the database, so the worker loads none of it.
 */
import { toJson } from '../text/analysis-json.ts';
import { analyse, foldArabic } from '../text/text.ts';
import type { Analysed, AnalysisJson } from '../text/types.ts';
import { typeScriptWorker } from '../text/worker.ts';

export interface StoryWords {
  /** What is searched and analysed: the title and the storyteller's own answers. */
  text: string;
  /** The words as the search index gets them. */
  indexed: string;
  analysis: AnalysisJson;
}

/**
 * The words of a story as indexed: as written (Arabic without its optional vowel marks), each once, then each stem
 * that is not already there as the word people used most for it. `analysed` is the story's analysis when the caller
 * has it (an import analyses each story once, for this index and for suggestions).
 */
export function indexedText(text: string, language: string, analysed: Analysed = analyse(text, language)): string {
  const stems: string[] = [];
  for (const [stem, word] of analysed.surface) if (stem !== word) stems.push(foldArabic(stem));
  // Each piece between spaces once: the database's parser has less to read. A contraction's parts stay side by side
  // in their piece, as a searched "don't" (the phrase don t) reads them.
  const pieces = [...new Set(foldArabic(text).split(/\s+/))].join(' ');
  return pieces + (stems.length > 0 ? `\n${stems.join(' ')}` : '');
}

/** A story's words from its searchable text (stories/text.ts's searchableText), made here. */
export function storyWords(text: string, language: string): StoryWords {
  return { text, ...wordsOf(text, language) };
}

/** A text's index words and analysis, made once for the search index and every keeper. */
export function wordsOf(text: string, language: string): Omit<StoryWords, 'text'> {
  const analysed = analyse(text, language);
  return { indexed: indexedText(text, language, analysed), analysis: toJson(analysed) };
}

type Reply = { words: Omit<StoryWords, 'text'>[] } | { error: string };

/**
 * One worker thread that makes the words of batches of stories, in the order they are given. Only strings cross
 * between the threads (the analysis as JSON): cloning its maps would cost the main thread much of what it saves.
 */
export class WordsWorker {
  private readonly worker = typeScriptWorker(new URL('./words-worker.ts', import.meta.url));
  private readonly waiting: { resolve: (reply: Reply) => void; reject: (err: Error) => void }[] = [];
  private failed: Error | null = null;

  constructor() {
    const fail = (err: Error) => {
      this.failed ??= err;
      for (const w of this.waiting.splice(0)) w.reject(this.failed);
    };
    this.worker.on('message', (reply: Reply) => this.waiting.shift()?.resolve(reply));
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`The words worker stopped (code ${code}).`)));
  }

  async words(stories: { text: string; language: string }[]): Promise<StoryWords[]> {
    if (this.failed) throw this.failed;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(stories);
    });
    if ('error' in reply) throw new Error(reply.error);
    return reply.words.map((w, i) => ({ text: stories[i]!.text, ...w }));
  }

  async close(): Promise<void> {
    this.failed ??= new Error('The words worker was closed.');
    await this.worker.terminate();
  }
}
