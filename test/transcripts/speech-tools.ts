/** The Debian tools the real-speech test needs: espeak-ng makes the speech, sox and pocketsphinx hear it. */
import { findProgram } from '../../server/transcripts/command-line.ts';

export const SPEECH_TOOLS = ['espeak-ng', 'sox', 'pocketsphinx_continuous'] as const;

/** The tools not found on PATH. */
export function missingSpeechTools(): string[] {
  return SPEECH_TOOLS.filter((tool) => !findProgram(tool));
}
