/** reply.page(): renders a page with what every page needs (who is signed in, the alliance, CSRF, nonce, language). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cycleNav } from './cycle.ts';
import { languageChoices, languageOf, linkLanguage } from './language.ts';
import { takeFlash } from './session.ts';

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, data?: Record<string, unknown>): Promise<FastifyReply>;
  }
}

/** The page to come back to after choosing a language: this one, or for a form's answer the page it was sent from. */
function here(request: FastifyRequest): string {
  if (request.method === 'GET') return request.url;
  const referer = request.headers.referer;
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === request.host ? url.pathname + url.search : '/';
  } catch {
    return '/';
  }
}

/**
 * Whether the page shows an error summary: field errors (as the error-summary partial lists them) or a page's own
 * summary (a round that cannot move on, a form's own problem, an import's problems). Its title then starts "Error:",
 * and a flash message leaves the focus to the summary.
 */
function showsErrors(data: Record<string, unknown>): boolean {
  const { errors, stageError, formError, problems } = data;
  const any = (v: unknown) => (Array.isArray(v) ? v.length > 0 : Boolean(v));
  return (
    any(stageError) ||
    any(formError) ||
    any(problems) ||
    (typeof errors === 'object' && errors !== null && Object.keys(errors).length > 0)
  );
}

export function registerRender(app: FastifyInstance): void {
  app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const hasSession = Boolean(request.session);
    const membership = request.membership;
    // A public link's language (e.g. an inquiry's first story language) counts when the visitor has not chosen one.
    const lang = languageOf(
      request,
      typeof data.linkLanguage === 'string' ? linkLanguage(data.linkLanguage) : undefined,
    );
    const next = encodeURIComponent(here(request));
    const context = {
      lang,
      // Visitors switch language in the header; signed-in people on their account page.
      languageSwitcher: request.user
        ? []
        : languageChoices(lang).map((l) => ({ ...l, href: `/language?lang=${l.code}&next=${next}` })),
      user: request.user ? { id: request.user.id, name: request.user.name, email: request.user.email } : null,
      myAlliances: request.myAlliances ?? [],
      alliance: membership ? { id: membership.alliance_id, name: membership.alliance_name } : null,
      role: membership?.role ?? null,
      cycleNav: membership
        ? cycleNav(request.routeOptions.url, request.params, data, membership.alliance_id, membership.role)
        : undefined,
      csrf: hasSession ? this.csrfToken() : '',
      nonce: this.cspNonce?.script ?? '',
      flash: hasSession ? takeFlash(request) : undefined,
      // Each page's title is the translation "<folder>.<template>.title" unless it names another.
      template,
      titleKey: `${template.replace(/\//g, '.')}.title`,
      ...data,
      showsErrors: showsErrors(data),
    };
    this.type('text/html; charset=utf-8');
    const html = await this.viewAsync(`${template}.hbs`, context);
    return this.send(html);
  });
}
