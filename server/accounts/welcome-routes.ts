/** First start (set up an alliance, or load the demo) and the home page that leads to your alliances. */
import type { FastifyInstance } from 'fastify';
import { loadDemo } from '../demo/load.ts';
import { readForm } from '../web/forms.ts';
import { languageOf } from '../web/language.ts';
import { SetupForm } from './forms.ts';
import { createAlliance } from './members-store.ts';
import { hashPassword } from './passwords.ts';
import { startSession } from './session-user.ts';
import { countUsers, insertUser } from './users-store.ts';

export async function welcomeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    if ((await countUsers(app.db)) === 0) return reply.page('accounts/welcome');
    if (!request.user) return reply.redirect('/sign-in', 303);
    const mine = request.myAlliances ?? [];
    if (mine.length === 1) return reply.redirect(`/alliances/${mine[0]!.id}`, 303);
    return reply.redirect('/alliances', 303);
  });

  app.get('/alliances', async (request, reply) => {
    if (!request.user) return reply.redirect('/sign-in?next=%2Falliances', 303);
    return reply.page('accounts/alliances', { alliances: request.myAlliances });
  });

  app.get('/setup', async (_request, reply) => {
    if ((await countUsers(app.db)) > 0) return reply.redirect('/', 303);
    return reply.page('accounts/setup', { values: {}, errors: {} });
  });

  app.post('/setup', { config: { keepsFormOnCsrfFailure: true } }, async (request, reply) => {
    if ((await countUsers(app.db)) > 0) return reply.redirect('/', 303);
    const form = readForm(request, SetupForm);
    const errors = form.ok ? {} : { ...form.errors };
    if (form.values.password !== form.values.repeatPassword && !errors.repeatPassword)
      errors.repeatPassword = 'forms.passwordsDiffer';
    if (!form.ok || Object.keys(errors).length > 0) {
      return reply.code(422).page('accounts/setup', { values: withoutPasswords(form.values), errors });
    }
    const { allianceName, name, email, password } = form.value;
    const passwordHash = await hashPassword(password);
    const result = await app.db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: only the very first person sets Hearth up.
      if ((await countUsers(trx)) > 0) return undefined;
      const user = await insertUser(trx, { email, name, passwordHash, language: languageOf(request) });
      const alliance = await createAlliance(trx, allianceName, user);
      return { user, alliance };
    });
    if (!result) return reply.redirect('/', 303);
    startSession(request, result.user, 'setup.done');
    return reply.redirect(`/alliances/${result.alliance.id}`, 303);
  });

  app.post('/demo', async (request, reply) => {
    if ((await countUsers(app.db)) > 0) return reply.redirect('/', 303);
    const demo = await loadDemo(app.db);
    startSession(request, demo.coordinator, 'demo.loaded');
    return reply.redirect(`/alliances/${demo.alliance.id}`, 303);
  });
}

/** Password fields are never sent back to the browser, even when the form is shown again. */
export function withoutPasswords<T extends Record<string, unknown>>(values: T): T {
  const { password, repeatPassword, ...rest } = values;
  return rest as T;
}
