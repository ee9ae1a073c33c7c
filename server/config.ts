/** Environment variables -> typed configuration. Everything Hearth reads from the environment is here. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DICTIONARIES } from './text/bridge.ts';
import { transcribeCommand } from './transcripts/command-line.ts';

export interface Config {
  port: number;
  host: string;
  /**
   * The address people reach Hearth at (https://stories.example.org), for the links it hands out; empty means the
   * address it listens on. Links are never built from a request's Host header, which anyone can forge.
   */
  publicUrl: string;
  /** Where the SQLite database and the session key live. */
  dataDir: string;
  /** postgres://… switches to PostgreSQL; empty means SQLite in dataDir. */
  databaseUrl: string;
  /** 32 bytes, hex or base64. Several app servers must share it; empty means a key kept in dataDir. */
  sessionKey: string;
  /** Hours a sign-in lasts without activity. */
  sessionHours: number;
  /** Send cookies only over HTTPS: on when Hearth sits behind TLS. */
  secureCookies: boolean;
  /** Trust X-Forwarded-* from a proxy in front of Hearth. */
  trustProxy: boolean;
  /** The system Chromium, for PDFs and browser tests; empty when none was found. */
  chromiumPath: string;
  logLevel: string;
  /** Work on background jobs (theme runs) in this process. Off for a web-only server, or in tests that drive jobs. */
  runJobs: boolean;
  /** Answer 503 "busy" when the event loop lags more than this on average (ms); 0 turns the check off. */
  maxEventLoopDelayMs: number;
  /** Answer 503 "busy" when the JavaScript heap grows past this (MB); 0 turns the check off. */
  maxHeapMb: number;
  /** The largest recording or photo kept, in bytes; a larger upload gets 413 and nothing is stored. */
  maxUploadBytes: number;
  /** The largest CSV file the import page takes (HEARTH_MAX_IMPORT_MB). */
  maxImportBytes: number;
  /** The longest recording kept, in seconds (where its file says how long it is). */
  maxRecordingSeconds: number;
  /**
   * The operator's speech-to-text command as words (its program found at start-up), or [] when speech-to-text is
   * off (the default): then no page offers a draft transcript. See server/transcripts/command-line.ts.
   */
  transcribeCommand: string[];
  /** The longest one draft transcript may take before its command is stopped, in seconds. */
  transcribeSeconds: number;
  /** Where the FreeDict bilingual dictionaries are (dictd files), for themes across languages (server/text/bridge.ts). */
  dictionariesDir: string;
  /**
   * The most stories pattern views (and observations, wherever shown) count at once: above it they ask for a narrower
   * set (a domain, a period), since they read every story they count (server/patterns/pattern.ts).
   */
  patternStories: number;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : '';
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? '';
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function whole(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${value}"`);
  return n;
}

function port(value: string | undefined): number {
  const n = whole(value, 3000, 'PORT');
  if (n > 65535) throw new Error(`PORT must be between 0 and 65535, not "${value}"`);
  return n;
}

/** A file's largest size in MB: at least 1, and under 2 GB (a file's size is a 32-bit column). */
function uploadMb(value: string | undefined, fallback: number, name: string): number {
  const n = whole(value, fallback, name);
  if (n < 1 || n > 2000) throw new Error(`${name} must be between 1 and 2000, not "${value}"`);
  return n;
}

/** HEARTH_TRANSCRIBE_MINUTES: 30 by default; at least 1, at most a day (a job must end). */
function transcribeMinutes(value: string | undefined): number {
  const n = whole(value, 30, 'HEARTH_TRANSCRIBE_MINUTES');
  if (n < 1 || n > 1440) throw new Error(`HEARTH_TRANSCRIBE_MINUTES must be between 1 and 1440, not "${value}"`);
  return n;
}

/** PUBLIC_URL: an http(s) origin, with no path, query or password; kept without a trailing slash. */
export function publicUrl(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return '';
  const wrong = `PUBLIC_URL must be the address people open Hearth at, such as https://stories.example.org, not "${value}"`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(wrong);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${wrong}: it must start with http:// or https://`);
  // Hearth's own addresses all start at /, so it cannot live under a path on another site.
  if (url.pathname !== '/' || url.search || url.hash)
    throw new Error(`${wrong}: it must have no path, query or fragment`);
  if (url.username || url.password) throw new Error(`${wrong}: it must not hold a user name or password`);
  return url.origin;
}

function atLeastOne(value: string | undefined, fallback: number, name: string): number {
  const n = whole(value, fallback, name);
  if (n < 1) throw new Error(`${name} must be 1 or more, not "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: port(env.PORT),
    host: env.HOST || 'localhost',
    publicUrl: publicUrl(env.PUBLIC_URL),
    dataDir: resolve(env.DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || '',
    sessionKey: env.SESSION_KEY || '',
    sessionHours: whole(env.SESSION_HOURS, 12, 'SESSION_HOURS'),
    secureCookies: flag(env.SECURE_COOKIES, false),
    trustProxy: flag(env.TRUST_PROXY, false),
    chromiumPath: findChromium(env),
    logLevel: env.LOG_LEVEL || 'info',
    runJobs: flag(env.HEARTH_JOBS, true),
    maxEventLoopDelayMs: whole(env.HEARTH_MAX_EVENT_LOOP_DELAY_MS, 1000, 'HEARTH_MAX_EVENT_LOOP_DELAY_MS'),
    maxHeapMb: whole(env.HEARTH_MAX_HEAP_MB, 0, 'HEARTH_MAX_HEAP_MB'),
    maxUploadBytes: uploadMb(env.HEARTH_MAX_UPLOAD_MB, 200, 'HEARTH_MAX_UPLOAD_MB') * 1024 * 1024,
    maxImportBytes: uploadMb(env.HEARTH_MAX_IMPORT_MB, 2000, 'HEARTH_MAX_IMPORT_MB') * 1024 * 1024,
    maxRecordingSeconds: whole(env.HEARTH_MAX_RECORDING_MINUTES, 180, 'HEARTH_MAX_RECORDING_MINUTES') * 60,
    transcribeCommand: transcribeCommand(env.HEARTH_TRANSCRIBE_COMMAND, env),
    transcribeSeconds: transcribeMinutes(env.HEARTH_TRANSCRIBE_MINUTES) * 60,
    dictionariesDir: resolve(env.HEARTH_DICTIONARIES || DEFAULT_DICTIONARIES),
    patternStories: atLeastOne(env.HEARTH_PATTERN_STORIES, 50_000, 'HEARTH_PATTERN_STORIES'),
  };
}
