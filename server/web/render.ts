/** reply.page(): renders a page with what every page needs (who is signed in, the alliance, CSRF, nonce, language). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_LANGUAGE } from './i18n.ts';
import { takeFlash } from './session.ts';

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, data?: Record<string, unknown>): Promise<FastifyReply>;
  }
}

export function registerRender(app: FastifyInstance): void {
  app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const hasSession = Boolean(request.session);
    const membership = request.membership;
    const context = {
      lang: request.user?.language ?? DEFAULT_LANGUAGE,
      user: request.user ? { id: request.user.id, name: request.user.name, email: request.user.email } : null,
      myAlliances: request.myAlliances ?? [],
      alliance: membership ? { id: membership.alliance_id, name: membership.alliance_name } : null,
      role: membership?.role ?? null,
      isCoordinator: membership?.role === 'coordinator',
      csrf: hasSession ? this.csrfToken() : '',
      nonce: this.cspNonce?.script ?? '',
      flash: hasSession ? takeFlash(request) : undefined,
      // Each page's title is the translation "<folder>.<template>.title" unless it names another.
      template,
      titleKey: `${template.replace(/\//g, '.')}.title`,
      ...data,
    };
    this.type('text/html; charset=utf-8');
    const html = await this.viewAsync(`${template}.hbs`, context);
    return this.send(html);
  });
}
