/**
 * Real Hearth server processes for the tests that need them (several app servers, crash safety), and a browser
 * stand-in over real HTTP: a cookie jar and the last page's CSRF token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, openSqlite, type OpenDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { newPostgresDatabase, testPostgresUrl } from './db.ts';

const root = join(import.meta.dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has gone. */
  exited: Promise<void>;
}

/** Starts `npm start`'s server in its own process on a free loopback port, and waits until it answers. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      HEARTH_JOBS: 'true',
      HEARTH_MAX_EVENT_LOOP_DELAY_MS: '0',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/sign-in`);
      return { url, child, exited };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill('SIGKILL');
  throw new Error('server did not start within 30 s');
}

export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited;
}

/** A database server processes can share: a new PostgreSQL database when the tests have one, else a SQLite file. */
export async function sharedDatabase(): Promise<{
  database: OpenDatabase;
  env: Record<string, string>;
  drop(): Promise<void>;
}> {
  let database: OpenDatabase;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  if (testPostgresUrl) {
    const created = await newPostgresDatabase();
    database = openPostgres(created.url, 4);
    env = { DATABASE_URL: created.url };
    drop = async () => {
      await database.db.destroy();
      await created.drop();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-shared-'));
    database = openSqlite(join(dir, 'hearth.sqlite'));
    env = { DATA_DIR: dir, DATABASE_URL: '' };
    drop = () => database.db.destroy();
  }
  await migrateToLatest(database.db, database.dialect);
  return { database, env, drop };
}

/** A browser stand-in over real HTTP: one cookie jar and the last page's CSRF token, used against any server. */
export class HttpBrowser {
  cookies = new Map<string, string>();
  csrf = '';
  private keep(res: Response, body: string): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!, value.join('='));
    }
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? this.csrf;
  }
  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
    const res = await fetch(url, { headers: { cookie: this.cookie }, redirect: 'manual' });
    const body = await res.text();
    this.keep(res, body);
    return { status: res.status, body, headers: res.headers };
  }
  async post(
    url: string,
    fields: Record<string, string | string[]>,
  ): Promise<{ status: number; location: string | null; headers: Headers; body: string }> {
    const body = new URLSearchParams({ _csrf: this.csrf });
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await fetch(url, {
      method: 'POST',
      body: body.toString(),
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    const text = await res.text();
    this.keep(res, text);
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, body: text };
  }
}
