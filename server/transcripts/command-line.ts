/**
 * HEARTH_TRANSCRIBE_COMMAND: the operator's speech-to-text command, read at start-up. Words are split on spaces
 * (quotes keep spaces inside one word) and run without a shell, so nothing in a recording's name or a story can
 * become part of a command. `{file}` becomes the path of a copy of the recording; without it, the recording is
 * given on stdin. `{language}` becomes the story's language code (en, es…). The transcript is what it prints.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The command's words: quotes group words with spaces; a backslash keeps the next character as it is. */
export function splitCommand(value: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < value.length) word += value[++i]!;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < value.length) {
      word = (word ?? '') + value[++i]!;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (quote) throw new Error(`HEARTH_TRANSCRIBE_COMMAND has a ${quote} quote that is not closed: ${value}`);
  if (word !== null) words.push(word);
  return words;
}

function runnable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where the program would be found: a path as given (relative to where Hearth starts), or a name on PATH. */
export function findProgram(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (program.includes('/')) {
    const path = isAbsolute(program) ? program : resolve(program);
    return runnable(path) ? path : undefined;
  }
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, program))
    .find(runnable);
}

/**
 * The command as words, with its program found; [] when unset (speech-to-text off). Refuses, with a message that
 * says what to fix, a command whose program cannot be run, so a mistake shows at start-up and not on first use.
 */
export function transcribeCommand(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  if (value === undefined || value.trim() === '') return [];
  const words = splitCommand(value.trim());
  const program = findProgram(words[0]!, env);
  if (!program)
    throw new Error(
      `HEARTH_TRANSCRIBE_COMMAND: "${words[0]}" was not found, or is not a program Hearth may run` +
        `${words[0]!.includes('/') ? '' : ' (looked in PATH)'}. Give the path of an executable script or program ` +
        'that prints the transcript, e.g. HEARTH_TRANSCRIBE_COMMAND="/opt/hearth/transcribe.sh {file}", or leave it empty ' +
        'to turn speech-to-text off.',
    );
  return [program, ...words.slice(1)];
}
