/**
 * `npm run tour -- --out DIR` walks the demo as each of its people would: loads the demo into a new SQLite
 * database, starts Hearth (server/main.ts, as in use) on loopback, signs in as each demo account and follows every
 * link on every page (GET only, at most 800 pages an account), saving each page with its random parts blanked.
 * `npm run tour -- --compare BEFORE AFTER` lists the pages two walks (two versions of Hearth) show differently,
 * grouped by the change, and the pages only one of them reached. Used to check a redesign changes no page.
 * Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startServer } from './load.ts';

const ACCOUNTS = ['coordinator', 'interviewer', 'interviewer2', 'facilitator', 'reader'];
const LIMIT = 800;

/** What differs between two walks of the same demo that no change of Hearth explains: tokens, times, codes, seeds. */
function blankRandom(body: string): string {
  return body
    .replace(/(name="_csrf" value=")[^"]*/g, '$1')
    .replace(/nonce="[^"]*"|'nonce-[^']*'/g, 'nonce')
    .replace(/\/[\w-]{20,}/g, '/TOKEN')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'ORIGIN')
    .replace(/\b\d{1,2}:\d{2}(:\d{2})?\b/g, 'HH:MM')
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g, 'ISO')
    .replace(/(<span class="visually-hidden">[^<]*<\/span>)[A-Z0-9]{3} [A-Z0-9]{3}/g, '$1JOIN CODE')
    .replace(/(name="seed" type="text" value=")\d+/g, '$1SEED');
}

async function signIn(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const csrf = /name="_csrf" value="([^"]*)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
    },
    body: new URLSearchParams({ _csrf: csrf, email, password: 'hearth-demo', next: '' }).toString(),
  });
  if (res.status !== 303 || res.headers.get('location')?.includes('sign-in'))
    throw new Error(`cannot sign in ${email}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Every page one account reaches by following links from its home page, saved under dir. */
async function walk(base: string, cookie: string, dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const seen = new Set(['/']);
  const queue = ['/'];
  let pages = 0;
  while (queue.length > 0 && pages < LIMIT) {
    const path = queue.shift()!;
    const res = await fetch(base + path, { headers: { cookie }, redirect: 'manual' });
    pages++;
    const next = [res.headers.get('location') ?? ''];
    const type = res.headers.get('content-type') ?? '';
    const name = path.replace(/[^\w.-]+/g, '_').slice(0, 180);
    if (type.includes('text/html')) {
      const body = await res.text();
      writeFileSync(join(dir, name), `${res.status}\n${blankRandom(body)}`);
      next.push(...[...body.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')));
    } else {
      // Downloads (PDFs, CSV, JSON): their status and type; their bytes carry dates and ids.
      await res.arrayBuffer();
      writeFileSync(join(dir, name), `${res.status} ${type}\n`);
    }
    for (const link of next)
      if (link.startsWith('/') && !link.startsWith('/static') && !link.includes('sign-out') && !seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
  }
  return pages;
}

async function tour(out: string): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'hearth-tour-'));
  try {
    const env = { DATA_DIR: data, DATABASE_URL: '' };
    execFileSync(process.execPath, ['bin/hearth.js', 'demo'], { cwd: ROOT, env: { ...process.env, ...env } });
    const server = await startServer('server/main.ts', env, '/health');
    try {
      for (const who of ACCOUNTS) {
        const cookie = await signIn(server.url, `${who}@demo.hearth.example`);
        console.log(`${who}: ${await walk(server.url, cookie, join(out, who))} pages`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

function compare(before: string, after: string): void {
  const files = (dir: string) => new Set(existsSync(dir) ? readdirSync(dir) : []);
  const changes = new Map<string, string[]>();
  const only: string[] = [];
  let same = 0;
  for (const who of ACCOUNTS) {
    const [a, b] = [files(join(before, who)), files(join(after, who))];
    for (const f of a) if (!b.has(f)) only.push(`${who}${f}: only before`);
    for (const f of b) if (!a.has(f)) only.push(`${who}${f}: only after`);
    for (const f of [...a].filter((x) => b.has(x))) {
      const [x, y] = [join(before, who, f), join(after, who, f)].map((p) => readFileSync(p, 'utf8').split('\n'));
      const gone = x!.filter((l) => !y!.includes(l)).map((l) => `- ${l.trim()}`);
      const added = y!.filter((l) => !x!.includes(l)).map((l) => `+ ${l.trim()}`);
      if (gone.length + added.length === 0) {
        same++;
        continue;
      }
      const key = [...gone, ...added].slice(0, 8).join('\n');
      changes.set(key, [...(changes.get(key) ?? []), `${who}${f}`]);
    }
  }
  console.log(`${same} pages the same.`);
  for (const line of only) console.log(line);
  for (const [change, pages] of changes) console.log(`\n${pages.length} pages, e.g. ${pages[0]}:\n${change}`);
}

const { values: args } = parseArgs({
  options: { out: { type: 'string' }, compare: { type: 'string', multiple: true } },
  allowPositionals: true,
});
if (args.compare?.length === 2) compare(args.compare[0]!, args.compare[1]!);
else if (args.out) await tour(args.out);
else console.error('Usage: npm run tour -- --out DIR | --compare BEFORE --compare AFTER');
