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

export class Agent {
  private cookies = new Map<string, string>();
  /** The CSRF token on the last page fetched. */
  csrf = '';

  constructor(private app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
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

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookie } });
    recordPage('GET', url, res);
    return this.remember(res);
  }

  /** Posts a form with this session's CSRF token (unless the fields give their own `_csrf`). */
  async post(url: string, fields: Fields = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    const res = await this.app.inject({ method: 'POST', url, payload: body.toString(), headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
    recordPage('POST', url, res);
    return this.remember(res);
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
