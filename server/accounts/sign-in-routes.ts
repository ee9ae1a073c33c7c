/** Signing in (rate-limited, locking after repeated failures) and signing out. */
import type { FastifyInstance } from 'fastify';
import { demoAccounts } from '../demo/load.ts';
import { safeNext } from '../web/auth.ts';
import { readForm } from '../web/forms.ts';
import { SignInForm } from './forms.ts';
import { startSession } from './session-user.ts';
import { checkSignIn } from './sign-in.ts';
import { endAllSessions } from './users-store.ts';
import { withoutPasswords } from './welcome-routes.ts';

export const SIGN_IN_LIMIT = { max: 20, timeWindow: '1 minute' };

export async function signInRoutes(app: FastifyInstance): Promise<void> {
  const page = async (values: Record<string, unknown>) => ({ values, demo: await demoAccounts(app.db) });

  app.get<{ Querystring: { next?: string; bye?: string; kept?: string } }>('/sign-in', async (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.user) return reply.redirect(next, 303);
    return reply.page('accounts/sign-in', {
      ...(await page({ next })),
      errors: {},
      signedOut: request.query.bye === '1',
      kept: request.query.kept === '1',
    });
  });

  app.post(
    '/sign-in',
    { config: { rateLimit: SIGN_IN_LIMIT, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const form = readForm(request, SignInForm);
      const values = withoutPasswords(form.values);
      if (!form.ok) return reply.code(422).page('accounts/sign-in', { ...(await page(values)), errors: form.errors });
      const result = await checkSignIn(app.db, form.value.email, form.value.password);
      if (!result.ok) {
        const errors = result.reason === 'locked' ? { _form: 'signIn.locked' } : { _form: 'signIn.wrong' };
        return reply.code(422).page('accounts/sign-in', {
          ...(await page(values)),
          errors,
          lockedUntil: result.reason === 'locked' ? result.until : undefined,
        });
      }
      startSession(request, result.user);
      return reply.redirect(safeNext(form.value.next), 303);
    },
  );

  app.post('/sign-out', async (request, reply) => {
    // Sessions are cookies: bumping the session version is what stops a copied cookie working after sign-out.
    if (request.user) await endAllSessions(app.db, request.user.id);
    request.session.delete();
    return reply.redirect('/sign-in?bye=1', 303);
  });
}
