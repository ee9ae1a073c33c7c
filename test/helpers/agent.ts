/**
 * A browser stand-in for app.inject: keeps cookies between requests and picks up the CSRF token from each page,
 * so tests post forms the way a person's browser does.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PASSWORD } from './app.ts';

/**
 * Every HTML page an Agent received in this test file, first body per "METHOD pattern status" (bounded), so
 * test/helpers/html-every-page.ts can validate them all after the file's tests.
 */
export const renderedPages = new Map<string, string>();
const MAX_PAGES = 400;

/** A URL's path as a route pattern: numbers become :id and long tokens :token, so one route is one key. */
export function pathPattern(url: string): string {
  const path = url.split(/[?#]/)[0]!;
  return path
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? ':id' : s.length >= 16 && /^[\w~.%-]+$/.test(s) ? ':token' : s))
    .join('/');
}

export function recordPage(method: string, url: string, res: LightMyRequestResponse): void {
  if (!String(res.headers['content-type'] ?? '').startsWith('text/html') || !res.body) return;
  const key = `${method} ${pathPattern(url)} ${res.statusCode}`;
  if (!renderedPages.has(key) && renderedPages.size < MAX_PAGES) renderedPages.set(key, res.body);
}

export type Fields = Record<string, string | string[] | undefined>;

export interface AgentOptions {
  /** The address its requests come from (127.0.0.1 when not given); see freshAddress. */
  address?: string;
  /** Record its HTML pages for html-every-page.ts (default true). */
  checkHtml?: boolean;
}

let addresses = 0;
/** A new address (10.x.y.z) each call, for tests where per-address rate limits must not decide the answer. */
export function freshAddress(): string {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export class Agent {
  private cookies = new Map<string, string>();
  /** The CSRF token on the last page fetched. */
  csrf = '';

  constructor(
    private app: FastifyInstance,
    private options: AgentOptions = {},
  ) {}

  private remember(method: string, url: string, res: LightMyRequestResponse): LightMyRequestResponse {
    if (this.options.checkHtml !== false) recordPage(method, url, res);
    for (const c of res.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  /** The Cookie header this agent sends, e.g. to replay a stolen copy of it. */
  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(
      'GET',
      url,
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.options.address,
        headers: { cookie: this.cookie },
      }),
    );
  }

  /** Posts a form with this session's CSRF token (unless the fields give their own `_csrf`). */
  async post(url: string, fields: Fields = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.postRaw(url, body.toString());
  }

  /** Posts an already encoded form body (for bytes URLSearchParams would never send). */
  async postRaw(url: string, payload: string): Promise<LightMyRequestResponse> {
    const headers = { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' };
    return this.remember(
      'POST',
      url,
      await this.app.inject({ method: 'POST', url, payload, remoteAddress: this.options.address, headers }),
    );
  }

  /** Sends one file as a multipart form, this session's CSRF token first (as Hearth's upload forms put it). */
  async postFile(
    url: string,
    file: { name?: string; filename: string; content: string | Buffer; type?: string },
  ): Promise<LightMyRequestResponse> {
    const boundary = `----hearth${Date.now()}`;
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${this.csrf}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name ?? 'file'}"; filename="${file.filename}"\r\n` +
      `Content-Type: ${file.type ?? 'text/csv'}\r\n\r\n`;
    const payload = Buffer.concat([
      Buffer.from(head),
      Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const headers = { cookie: this.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` };
    return this.remember(
      'POST',
      url,
      await this.app.inject({ method: 'POST', url, payload, remoteAddress: this.options.address, headers }),
    );
  }

  /** Opens the page with the form, then sends it, as a person would. */
  async submit(pageUrl: string, actionUrl: string, fields: Fields): Promise<LightMyRequestResponse> {
    await this.get(pageUrl);
    return this.post(actionUrl, fields);
  }

  async signIn(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    return this.submit('/sign-in', '/sign-in', { email, password });
  }
}

/** A signed-in agent for this person. */
export async function signedIn(app: FastifyInstance, email: string): Promise<Agent> {
  const agent = new Agent(app);
  const res = await agent.signIn(email);
  if (res.statusCode !== 303) throw new Error(`sign-in as ${email} failed: ${res.statusCode}`);
  return agent;
}
