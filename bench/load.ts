/**
 * Load-test plumbing for the page benchmark: autocannon runs (bounded in time), servers started as child processes
 * on loopback (so their memory is their own), and a small cookie-keeping browser stand-in for signing in.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../test/helpers/processes.ts';

const require = createRequire(import.meta.url);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One request autocannon sends; a list of them is cycled through by every connection. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** The few parts of autocannon's API used here. */
interface Autocannon {
  (options: {
    url: string;
    connections: number;
    duration: number;
    amount?: number;
    timeout: number;
    requests: (LoadRequest & { setupRequest?: (request: LoadRequest) => LoadRequest })[];
    headers?: Record<string, string>;
  }): PromiseLike<{
    requests: { average: number };
    latency: { p50: number; p99: number };
    duration: number;
    errors: number;
    timeouts: number;
  }> & {
    on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
    stop(): void;
  };
}
const autocannon = require('autocannon') as Autocannon;

export interface Measured {
  /** Mean requests answered per second (autocannon's per-second samples). */
  rps: number;
  answered: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
}

/**
 * Runs autocannon against one server for `seconds`, with `connections` open, cycling through `requests`.
 * With `once`, every request is sent exactly once, shared out among the connections (for what may be done only
 * once, such as a participant's vote): the run ends when they are all answered.
 */
export async function measure(
  url: string,
  requests: LoadRequest[],
  options: { connections: number; seconds: number; cookie?: string; once?: boolean },
): Promise<Measured> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const withType = requests.map((r) =>
    r.body === undefined ? r : { ...r, headers: { 'content-type': 'application/x-www-form-urlencoded', ...r.headers } },
  );
  let next = 0;
  // autocannon builds each connection's next request as it sends it; one shared position hands each out once.
  const pool = {
    ...withType[0]!,
    setupRequest: (r: LoadRequest) => ({ ...r, ...withType[next++ % withType.length]! }),
  };
  const run = autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.once ? { amount: Math.max(options.connections, withType.length - 2 * options.connections) } : {}),
    timeout: 10,
    requests: options.once ? [pool] : withType,
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  run.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  // A run of requests sent once ends when they are answered, but never later than three times the given time.
  const bound = options.once ? setTimeout(() => run.stop(), options.seconds * 3000) : undefined;
  const result = await run;
  clearTimeout(bound);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]! : NaN;
  return {
    rps: result.requests.average,
    answered: latencies.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
}

export interface Server {
  url: string;
  child: ChildProcess;
  /** Resident memory now and at its peak, in MB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

/** Starts `node --import tsx <script>` with `env` on a free loopback port and waits until `probe` answers. */
export async function startServer(script: string, env: Record<string, string>, probe = '/'): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(); // gone already (killed)
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => (clearTimeout(timer), resolve()));
      child.kill('SIGTERM');
    });
  const memory = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      await fetch(url + probe);
      return { url, child, memory, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`${script} did not start within 30 s`);
}

/** A browser stand-in over real HTTP: one cookie jar and the last page's CSRF token. */
export class Browser {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(private base: string) {}

  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response, body: string): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!, value.join('='));
    }
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? this.csrf;
  }

  async send(request: LoadRequest): Promise<{ status: number; body: string; location: string | null }> {
    const res = await fetch(this.base + request.path, {
      method: request.method,
      body: request.body,
      headers: {
        cookie: this.cookie,
        ...(request.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...request.headers,
      },
      redirect: 'manual',
    });
    const body = await res.text();
    this.keep(res, body);
    return { status: res.status, body, location: res.headers.get('location') };
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.send({ method: 'GET', path: '/sign-in' });
    const res = await this.send({
      method: 'POST',
      path: '/sign-in',
      body: new URLSearchParams({ _csrf: this.csrf, email, password }).toString(),
    });
    if (res.status !== 303) throw new Error(`Signing in as ${email} answered ${res.status}`);
  }
}

/**
 * A PostgreSQL server for the run: BENCH_DATABASE_URL (a new database on it), or a throwaway one. With
 * BENCH_KEEP_DATABASE=1 and BENCH_DATABASE_URL, the database is kept (its address printed) to look into afterwards.
 */
export async function postgresServer(): Promise<{ url: string; done(): Promise<void> } | string> {
  const given = process.env.BENCH_DATABASE_URL;
  let server = given;
  let stop = async () => {};
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-pg-'));
    try {
      server = execFileSync(join(ROOT, '.ci/postgres.sh'), ['start', dir], { encoding: 'utf8' }).trim();
    } catch (err) {
      return `no BENCH_DATABASE_URL and .ci/postgres.sh could not start one (${(err as Error).message.split('\n')[0]})`;
    }
    stop = async () => {
      execFileSync(join(ROOT, '.ci/postgres.sh'), ['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `hearth_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    done: async () => {
      if (given && process.env.BENCH_KEEP_DATABASE === '1') return console.log(`  kept the database: ${url}`);
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await stop();
    },
  };
}
