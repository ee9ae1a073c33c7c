/**
 * The facilitator's side of voting: live tallies (a page that works without JavaScript, and the same numbers as
 * JSON for static/js/tallies.js), revealing them to participants, and typing in the paper tallies. Totals only:
 * no page ever shows who voted for what.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import type { Round } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { FormBody } from '../web/schemas.ts';
import { checkPaperTallies, ruleCount, type QuickProblem } from './ballots.ts';
import { findRound, roundStories } from './rounds-store.ts';
import { replacePaperTallies, setTalliesRevealed } from './votes-store.ts';
import { paperTallies, roundTallies, votingProgress } from './tally-store.ts';

const MANAGE = { roles: rolesFor('runRounds') };

const RevealForm = Type.Object({
  reveal: Type.Union([Type.Literal('1'), Type.Literal('0')], { errorMessage: 'forms.invalid' }),
});

const paperOpen = (round: Round) => round.stage === 'voting' || round.stage === 'deciding';

export async function tallyRoutes(app: FastifyInstance): Promise<void> {
  async function theRound(request: FastifyRequest): Promise<Round> {
    const round = await findRound(app.db, membershipOf(request).alliance_id, idParam(request, 'roundId'));
    if (!round) throw notFound();
    return round;
  }

  /** forPage: with each story's language, which the page marks its title with (the JSON keeps to its numbers). */
  async function tallies(round: Round, forPage = true) {
    const counts = await roundTallies(app.db, round);
    const stories = (await roundStories(app.db, round)).map((s) => ({
      id: s.id,
      code: s.code,
      title: s.title,
      ...(forPage ? { language: s.language } : {}),
      ...(counts.get(s.id) ?? { live: 0, paper: 0, total: 0 }),
    }));
    // The page says how its numbers add up; tallies.js reads only voted, joined and each story's numbers.
    const rule = forPage ? { rule: ruleCount({ ...round, storyIds: stories.map((s) => s.id) }) } : {};
    return { ...(await votingProgress(app.db, round)), stories, ...rule };
  }

  const hub = (round: Round) => `/alliances/${round.alliance_id}/rounds/${round.id}`;

  app.get('/rounds/:roundId/tallies', { config: MANAGE }, async (request, reply) => {
    const round = await theRound(request);
    return reply.page('rounds/tallies', {
      round,
      hub: hub(round),
      ...(await tallies(round)),
      consensus: round.method === 'consensus',
      scripts: ['/static/js/tallies.js'],
    });
  });

  app.get('/rounds/:roundId/tallies.json', { config: MANAGE }, async (request, reply) => {
    const round = await theRound(request);
    reply.header('cache-control', 'no-store');
    return { revealed: round.tallies_revealed === 1, ...(await tallies(round, false)) };
  });

  app.post('/rounds/:roundId/reveal', { config: MANAGE }, async (request, reply) => {
    const round = await theRound(request);
    const form = readForm(request, RevealForm);
    if (!form.ok) {
      const page = {
        round,
        hub: hub(round),
        ...(await tallies(round)),
        consensus: round.method === 'consensus',
        errors: form.errors,
      };
      return reply.code(422).page('rounds/tallies', page);
    }
    const user = signedIn(request);
    await setTalliesRevealed(app.db, round, user, form.value.reveal === '1');
    request.session.set('flash', form.value.reveal === '1' ? 'panel.revealed' : 'panel.hidden');
    return reply.redirect(`${hub(round)}/tallies`, 303);
  });

  async function paperPage(
    reply: FastifyReply,
    round: Round,
    values?: FormValues,
    errors: FieldErrors = {},
    quick: { problems: QuickProblem[]; wrongLines: number } = { problems: [], wrongLines: 0 },
  ) {
    const stories = await roundStories(app.db, round);
    const current = await paperTallies(app.db, round.id);
    const shown = values ?? Object.fromEntries(stories.map((s) => [`count-${s.id}`, String(current.get(s.id) ?? 0)]));
    return reply.page('rounds/paper', {
      round,
      hub: hub(round),
      open: paperOpen(round),
      consensus: round.method === 'consensus',
      stories: stories.map((s) => ({
        id: s.id,
        code: s.code,
        title: s.title,
        language: s.language,
        field: `count-${s.id}`,
      })),
      values: shown,
      errors,
      rule: ruleCount({ ...round, storyIds: stories.map((s) => s.id) }),
      // The summary says how many lines are wrong; the message beside the box names each (rounds/paper.hbs).
      errorNames: quick.wrongLines > 0 ? { quick: { count: quick.wrongLines } } : {},
      quickProblems: quick.problems,
    });
  }

  app.get('/rounds/:roundId/paper', { config: MANAGE }, async (request, reply) =>
    paperPage(reply, await theRound(request)),
  );

  app.post<{ Body: FormBody }>(
    '/rounds/:roundId/paper',
    { schema: { body: FormBody }, config: { ...MANAGE, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const round = await theRound(request);
      const body = request.body && typeof request.body === 'object' ? request.body : {};
      const stories = await roundStories(app.db, round);
      const result = checkPaperTallies(stories, body);
      if (!paperOpen(round) || round.method === 'consensus')
        return paperPage(reply.code(422), round, result.values, { _form: 'panel.errors.paperClosed' });
      if (request.csrfValid === false) return paperPage(reply.code(422), round, result.values, { _form: 'forms.csrf' });
      if (!result.ok)
        return paperPage(reply.code(422), round, result.values, result.errors, {
          problems: result.quickProblems,
          wrongLines: result.wrongLines,
        });
      await replacePaperTallies(app.db, round, signedIn(request), result.counts);
      request.session.set('flash', 'panel.paperSaved');
      return reply.redirect(`${hub(round)}/tallies`, 303);
    },
  );
}
