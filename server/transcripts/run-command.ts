/**
 * Runs the speech-to-text command on one recording, on this server, and reads the transcript from what it prints.
 * No shell; the command gets its own process group so that a timeout stops it and everything it started (a script's
 * sox and recogniser). Output is capped, so a command that prints without end cannot fill the memory.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { TranscriptProblem } from './transcripts.table.ts';

/** More than a day's speech as text; anything past it is dropped. */
const MAX_OUTPUT = 4 * 1024 * 1024;
/** The end of stderr kept for the person who runs Hearth. */
const DETAIL_CHARS = 1500;

export type CommandResult =
  | { ok: true; text: string; seconds: number }
  | { ok: false; problem: TranscriptProblem; detail: string; seconds: number };

export interface CommandRun {
  /** The command's words; `{file}` and `{language}` are filled in. */
  command: string[];
  /** The path of the copy of the recording. */
  file: string;
  language: string;
  /** The recording for stdin, when the command has no {file}. */
  stdin?: () => Readable;
  timeoutSeconds: number;
  /** Stops the command (and what it started) when the server is closing. */
  signal?: AbortSignal;
}

export function runTranscribeCommand(run: CommandRun): Promise<CommandResult> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const usesFile = run.command.some((w) => w.includes('{file}'));
  const [program, ...args] = run.command.map((w) =>
    w.replaceAll('{file}', run.file).replaceAll('{language}', run.language),
  );
  return new Promise((resolve) => {
    const child = spawn(program!, args, {
      stdio: [usesFile ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, LC_ALL: process.env.LC_ALL ?? 'C.UTF-8' },
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let timedOut = false;
    let settled = false;
    const finish = (result: CommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const stopAll = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopAll();
    }, run.timeoutSeconds * 1000);
    run.signal?.addEventListener('abort', stopAll, { once: true });
    child.stdout!.on('data', (b: Buffer) => {
      if (outBytes < MAX_OUTPUT) out.push(b.subarray(0, MAX_OUTPUT - outBytes));
      outBytes += b.length;
    });
    child.stderr!.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-DETAIL_CHARS);
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      finish({ ok: false, problem: 'missing', detail: `${program}: ${e.code ?? e.message}`, seconds: seconds() }),
    );
    child.on('close', (code, signal) => {
      const detail = err.trim();
      if (run.signal?.aborted)
        return finish({ ok: false, problem: 'interrupted', detail: 'the server was closing', seconds: seconds() });
      if (timedOut)
        return finish({
          ok: false,
          problem: 'timeout',
          detail: `stopped after ${run.timeoutSeconds} s`,
          seconds: seconds(),
        });
      if (code !== 0)
        return finish({
          ok: false,
          // 127: the shell of a script could not find a program it calls (sox, the recogniser).
          problem: code === 127 ? 'missing' : 'failed',
          detail: `exit ${code ?? signal}${detail ? `: ${detail}` : ''}`,
          seconds: seconds(),
        });
      const text = Buffer.concat(out).toString('utf8').replace(/\s+\n/g, '\n').trim();
      if (text === '') return finish({ ok: false, problem: 'empty', detail, seconds: seconds() });
      finish({ ok: true, text, seconds: seconds() });
    });
    if (!usesFile && child.stdin) {
      child.stdin.on('error', () => {}); // a command that stops reading early is judged by its exit code
      run
        .stdin?.()
        .on('error', () => child.stdin!.destroy())
        .pipe(child.stdin);
    }
  });
}
