/**
 * Choosing the interface language: visitors (signed out, guests with a round code, storytellers on a public link)
 * through the switcher in the layout, remembered in a cookie; signed-in people on their account page, kept with
 * their account so it follows them to any device.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../audit/store.ts';
import { requireUser, safeNext, signedIn } from '../web/auth.ts';
import { readForm } from '../web/forms.ts';
import { LANGUAGES } from '../web/i18n.ts';
import { languageChoices, languageOf, rememberLanguage, supported } from '../web/language.ts';
import { setUserLanguage } from './users-store.ts';

const LanguageForm = Type.Object({
  language: Type.Union(
    LANGUAGES.map((code) => Type.Literal(code)),
    { errorMessage: 'language.errors.choose' },
  ),
});

export async function languageRoutes(app: FastifyInstance): Promise<void> {
  // The switcher: a plain link, so it works without JavaScript. Only ever returns to a page on this site.
  app.get<{ Querystring: { lang?: string; next?: string } }>('/language', async (request, reply) => {
    const lang = supported(request.query.lang);
    if (lang) rememberLanguage(reply, lang, app.config.secureCookies);
    return reply.redirect(safeNext(request.query.next), 303);
  });

  app.get('/account', { onRequest: requireUser }, async (request, reply) => {
    return reply.page('language/account', { choices: languageChoices(languageOf(request)), errors: {} });
  });

  app.post(
    '/account/language',
    { onRequest: requireUser, config: { keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, LanguageForm);
      if (!form.ok) {
        const chosen = supported(form.values.language) ?? languageOf(request);
        return reply.code(422).page('language/account', { choices: languageChoices(chosen), errors: form.errors });
      }
      const language = form.value.language;
      await app.db.transaction().execute(async (trx) => {
        await setUserLanguage(trx, user.id, language);
        await recordAudit(trx, {
          allianceId: null,
          actor: user,
          action: 'account.language_changed',
          subjectType: 'user',
          subjectId: user.id,
          detail: { language },
        });
      });
      // Also remembered in this browser, so the sign-in page after signing out speaks it too.
      rememberLanguage(reply, language, app.config.secureCookies);
      request.session.set('flash', 'language.saved');
      return reply.redirect('/account', 303);
    },
  );
}
