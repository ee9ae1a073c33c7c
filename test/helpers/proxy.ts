/**
 * Real HAProxy (Debian's) in front of Hearth server processes, as a deployment behind a reverse proxy would have
 * it: round robin, a health check on /health, the client's address forwarded, and a request whose server has gone
 * sent to another. Test-only: each answer names the server that gave it (X-Backend: s0, s1, …).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram } from '../../server/transcripts/command-line.ts';
import { freePort } from './processes.ts';

/** Debian installs haproxy in /usr/sbin, which is not on every PATH; empty when it is not installed. */
export const findHaproxy = () => findProgram('haproxy') ?? findProgram('/usr/sbin/haproxy') ?? '';
export const haproxyPath = findHaproxy();

/**
 * How often each server's /health is checked, and how many failed checks take it out. The test wants a killed
 * server noticed at once; a benchmark's loaded servers answer slowly and must not be taken out for it.
 */
export interface HealthChecks {
  every: string;
  fall: number;
}
const QUICK: HealthChecks = { every: '250ms', fall: 2 };

/** The configuration: `backends` are the servers' URLs (http://127.0.0.1:PORT), named s0, s1, … in order. */
export function haproxyConfig(port: number, backends: string[], checks = QUICK): string {
  return `global
  maxconn 512

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  # A request whose server has gone (refused, or closed without answering) is sent again, to another server.
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response

frontend hearth
  bind 127.0.0.1:${port}
  # Hearth (TRUST_PROXY=true) takes the first address in X-Forwarded-For: the proxy's, never one the client sent.
  http-request del-header x-forwarded-for
  option forwardfor
  # Only safe requests are replayed after reaching a server: a form is never posted twice.
  http-request disable-l7-retry unless METH_GET || METH_HEAD
  default_backend app_servers

backend app_servers
  balance roundrobin
  option httpchk GET /health
  http-response set-header X-Backend %s
  # A large CSV import is one long request (about a minute for 100,000 stories on PostgreSQL).
  http-request set-timeout server 10m if METH_POST { path_reg ^/alliances/[0-9]+/inquiries/[0-9]+/import/[0-9]+$ }
${backends.map((url, i) => `  server s${i} ${new URL(url).host} check inter ${checks.every} fall ${checks.fall} rise 1`).join('\n')}
`;
}

export interface ProxyProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts haproxy in the foreground on a free loopback port, and waits until every backend passes its check. */
export async function startProxy(backends: string[], checks = QUICK): Promise<ProxyProcess> {
  const haproxy = findHaproxy();
  if (!haproxy) throw new Error("haproxy not found: apt-get install -y haproxy (Debian's).");
  const dir = mkdtempSync(join(tmpdir(), 'hearth-proxy-'));
  const port = await freePort();
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, backends, checks));
  const child = spawn(haproxy, ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const seen = new Set<string>();
  for (let i = 0; i < 100 && seen.size < backends.length; i++) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) seen.add(res.headers.get('x-backend') ?? '');
    } catch {
      // not listening yet
    }
    if (seen.size < backends.length) await new Promise((r) => setTimeout(r, 100));
  }
  if (seen.size < backends.length) {
    await stop();
    throw new Error(`haproxy did not reach every server within 10 s (reached ${[...seen].join(', ')}): ${errors}`);
  }
  return { url, child, stop };
}
