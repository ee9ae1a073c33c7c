/**
 * The draft-transcript runner: each app server polls for a queued job and works on one at a time (speech-to-text
 * takes a core or more for minutes), so several servers share the queue and no request ever waits for it. The
 * recording is copied to a private temporary folder for the command, and the folder is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { findFile } from '../attachments/attachments-store.ts';
import { storedBytes } from '../attachments/file-stream.ts';
import type { Db } from '../db/database.ts';
import type { Transcript } from '../db/schema.ts';
import { runTranscribeCommand, type CommandResult } from './run-command.ts';
import { beat, claimTranscript, finishTranscript, MAX_ATTEMPTS, releaseTranscript } from './transcripts-store.ts';

/** A file name ending the tools know the format by (sox, ffmpeg and whisper.cpp read it). */
const EXTENSIONS: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/webm': 'webm',
};
const HEARTBEAT_MS = 10_000;

export interface TranscriptJobSettings {
  command: string[];
  timeoutSeconds: number;
}

export class TranscriptJobs {
  private timer?: NodeJS.Timeout;
  private busy = false;
  /** Aborted when the server closes: the running command is stopped and its job given back to the queue. */
  private closing = new AbortController();
  private working?: Promise<void>;
  /** Who claimed a job: this machine and process, and which runner in it (tests run several in one process). */
  readonly server = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private db: Db,
    private settings: TranscriptJobSettings,
  ) {}

  get enabled(): boolean {
    return this.settings.command.length > 0;
  }

  start(everyMs = 2000): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => this.poke(), everyMs);
    this.timer.unref();
  }

  /** Stops polling, and the command running now, whose job goes back to the queue for another server. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.closing.abort();
    await this.working?.catch(() => {});
  }

  /** Looks for work now (after a job is queued), without waiting for the next poll; never throws. */
  poke(): void {
    if (this.timer) void this.tick().catch(() => {});
  }

  /** Works on one job if there is one and this server is free; true when it did. */
  async tick(): Promise<boolean> {
    if (this.busy || !this.enabled || this.closing.signal.aborted) return false;
    this.busy = true;
    try {
      const job = await claimTranscript(this.db, this.server);
      if (!job) return false;
      this.working = this.work(job);
      await this.working;
      return true;
    } finally {
      this.busy = false;
    }
  }

  private async work(job: Transcript): Promise<void> {
    if (job.attempts > MAX_ATTEMPTS) {
      await finishTranscript(this.db, job, { ok: false, problem: 'interrupted', detail: '', seconds: 0 });
      return;
    }
    const heartbeat = setInterval(() => void beat(this.db, job).catch(() => {}), HEARTBEAT_MS);
    const folder = await mkdtemp(join(tmpdir(), 'hearth-transcript-'));
    try {
      const file = await findFile(this.db, job.alliance_id, job.story_id, job.attachment_id);
      if (!file) return; // the recording (and with it this job) went meanwhile
      const path = join(folder, `recording.${EXTENSIONS[file.media_type] ?? 'audio'}`);
      let result: CommandResult;
      try {
        await pipeline(storedBytes(this.db, file), createWriteStream(path, { mode: 0o600 }));
        result = await runTranscribeCommand({
          command: this.settings.command,
          file: path,
          language: job.language,
          stdin: () => storedBytes(this.db, file),
          timeoutSeconds: this.settings.timeoutSeconds,
          signal: this.closing.signal,
        });
      } catch (err) {
        result = { ok: false, problem: 'unreadable', detail: (err as Error).message, seconds: 0 };
      }
      if (this.closing.signal.aborted) await releaseTranscript(this.db, job);
      else await finishTranscript(this.db, job, result);
    } finally {
      clearInterval(heartbeat);
      await rm(folder, { recursive: true, force: true });
    }
  }
}
