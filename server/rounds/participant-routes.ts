/**
 * Taking part in a round, outside the alliance pages: joining with the code (guests) or as a member, reading the
 * stories in one's own order, commenting on them, voting once, and seeing the totals once revealed.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findMembership } from '../accounts/members-store.ts';
import { can } from '../accounts/permissions.ts';
import { panelRecording } from '../attachments/files-view.ts';
import { findOccurrences, relocate, segments, type Span } from '../codebook/passages.ts';
import type { Round } from '../db/schema.ts';
import { questionLanguageOf } from '../inquiries/inquiries-store.ts';
import { storyAnswers } from '../stories/store.ts';
import { readingChoice } from '../translations/sides.ts';
import { translationsShown } from '../translations/store.ts';
import { languageOf } from '../web/language.ts';
import { storytellerView } from '../stories/story-view.ts';
import { notFound } from '../web/errors.ts';
import { translator } from '../web/i18n.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { Fields, FormBody } from '../web/schemas.ts';
import { addAnnotation, listAnnotations, type NewAnnotation } from './annotations-store.ts';
import { checkBallot, rankPlaces, ruleCount } from './ballots.ts';
import {
  participantGuard,
  rememberParticipant,
  takingPart,
  heldParticipants,
  type TakingPart,
} from './participant-guard.ts';
import {
  findGuestParticipant,
  findMemberParticipant,
  findRoundByCode,
  joinAsGuest,
  joinAsMember,
} from './participants-store.ts';
import { participantOrder } from './shuffle.ts';
import { canJoin } from './stages.ts';
import { readingMinutes } from '../stories/text.ts';
import { roundStories, roundStory, type RoundStory } from './rounds-store.ts';
import { castBallot, hasVoted } from './votes-store.ts';
import { roundTallies } from './tally-store.ts';

/** Generous: at an event every phone may share one address. */
export const JOIN_LIMIT = { max: 240, timeWindow: '1 minute' };

const JoinForm = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 20, errorMessage: 'panel.errors.code' }),
  name: Type.String({ minLength: 1, maxLength: 60, errorMessage: 'panel.errors.name' }),
});

const CommentForm = Type.Object({
  comment: Type.String({ minLength: 1, maxLength: 4000, errorMessage: 'panel.errors.comment' }),
  passage: Type.Optional(Type.String({ maxLength: 2000, errorMessage: 'panel.errors.passage' })),
});

/** Answers a panel reads as words (where passages can be marked); choices and scales are shown as values. */
const WORDS = new Set(['story', 'why', 'long', 'short']);

const canRead = (round: Round) => ['reading', 'voting', 'deciding'].includes(round.stage);
const canVote = (round: Round) => round.stage === 'voting' && round.voting === 'live' && round.method !== 'consensus';

async function orderedStories(
  app: FastifyInstance,
  { round, participant, audience }: TakingPart,
): Promise<RoundStory[]> {
  return participantOrder(await roundStories(app.db, round, audience), round, participant);
}

const base = (round: Round) => `/rounds/${round.id}/take-part`;

const dotsOf = (given: string) => (/^[0-9]{1,4}$/.test(given) ? Number(given) : 0);

/** The dots still to give, counted from what the form holds, so the page says it without JavaScript. */
function dotsLeft(dots: number, stories: { given: string }[]) {
  const given = stories.reduce((sum, s) => sum + dotsOf(s.given), 0);
  return { left: Math.max(0, dots - given), given, over: given > dots };
}

/** A page's title naming the round (a story's page, the story too): a guest's tabs and history tell them apart. */
const titled = (request: FastifyRequest, round: Round, key: string, story?: { code: string; title: string | null }) =>
  [
    story ? `${story.code}${story.title ? ` ${story.title}` : ''}` : translator(languageOf(request))(key),
    round.name,
  ].join(' · ');

/** A consensus panel never votes: its stages say so rather than promising a vote. */
const CONSENSUS_STAGES = new Set<Round['stage']>(['reading', 'voting', 'deciding']);
const stageText = (round: Round) =>
  round.method === 'consensus' && CONSENSUS_STAGES.has(round.stage)
    ? `panel.stageConsensus.${round.stage}`
    : `panel.stage.${round.stage}`;

export async function participantRoutes(app: FastifyInstance): Promise<void> {
  function joinPage(reply: FastifyReply, values: FormValues, errors: FieldErrors) {
    return reply.page('rounds/join', { values, errors });
  }

  app.get<{ Querystring: { code?: string } }>('/join', async (request, reply) => {
    const code = typeof request.query.code === 'string' ? request.query.code.slice(0, 20) : '';
    return joinPage(reply, { code, name: request.user?.name ?? '' }, {});
  });

  app.post('/join', { config: { rateLimit: JOIN_LIMIT, keepsFormOnCsrfFailure: true } }, async (request, reply) => {
    const form = readForm(request, JoinForm);
    if (!form.ok) return joinPage(reply.code(422), form.values, form.errors);
    const round = await findRoundByCode(app.db, form.value.code);
    if (!round) return joinPage(reply.code(422), form.values, { code: 'panel.errors.unknownCode' });
    if (round.stage === 'closed') return joinPage(reply.code(422), form.values, { code: 'panel.errors.closedCode' });
    const user = request.user;
    const member = user && (await findMembership(app.db, round.alliance_id, user.id));
    const already =
      member && user
        ? await findMemberParticipant(app.db, round.id, user.id)
        : await findGuestParticipant(app.db, round.id, heldParticipants(request));
    // A reader (often a funder) takes part only when a facilitator has put them on the panel.
    if (!already && member && !can(member.role, 'joinAnyPanel'))
      return joinPage(reply.code(422), form.values, { code: 'panel.errors.readerNotOnPanel' });
    // Past reading and voting, only those already on the panel come back in.
    if (!already && !canJoin(round))
      return joinPage(reply.code(422), form.values, { code: 'panel.errors.pastJoining' });
    if (member && user) await joinAsMember(app.db, round, user);
    else rememberParticipant(request, (already ?? (await joinAsGuest(app.db, round, form.value.name))).id);
    request.session.set('flash', 'panel.joined');
    return reply.redirect(base(round), 303);
  });

  await app.register(async (part) => {
    part.addHook('preHandler', participantGuard(app));

    part.get('/rounds/:roundId/take-part', async (request, reply) => {
      const taking = takingPart(request);
      const { round, participant } = taking;
      const stories = canRead(round) ? await orderedStories(app, taking) : [];
      return reply.page('rounds/take-part', {
        pageTitle: titled(request, round, 'rounds.take-part.title'),
        round,
        participant,
        stageText: stageText(round),
        canRead: canRead(round),
        canVote: canVote(round),
        voted: await hasVoted(app.db, participant.id),
        stories: stories.map((s) => ({ ...s, minutes: readingMinutes(s.word_count) })),
        // Domain names are the inquiry's words, marked as in its question language.
        questionLanguage: await questionLanguageOf(app.db, round.inquiry_id),
        base: base(round),
      });
    });

    async function readingPage(
      request: FastifyRequest,
      reply: FastifyReply,
      values: FormValues = {},
      errors: FieldErrors = {},
      /** ?read=translation: the panel chose to read the translation into its language. */
      query: Fields = {},
    ) {
      const taking = takingPart(request);
      const { round } = taking;
      const storyId = idParam(request, 'storyId');
      if (!canRead(round)) return reply.redirect(base(round), 303);
      const stories = await orderedStories(app, taking);
      const at = stories.findIndex((s) => s.id === storyId);
      if (at < 0) throw notFound();
      const all = await storyAnswers(app.db, storyId);
      // The teller's answers about their own story are shown apart, a slider between its ends (storytellerView).
      const answers = all.filter((a) => a.kind !== 'title' && a.asked === null);
      const annotations = await listAnnotations(app.db, round.id, storyId);
      // A translation into the reader's own page language, where the teller's consent lets the panel read the story.
      const lang = languageOf(request);
      const translation = (
        await translationsShown(app.db, round.alliance_id, [storyId], lang, 'panels', taking.audience)
      ).get(storyId);
      const read = query.read === 'translation' && translation ? 'translation' : '';
      // The passages commented on, marked in the story itself (found again if the words were edited since).
      const passagesIn = (answer: { position: number; value: string }) =>
        annotations.flatMap((n): Span[] => {
          if (n.answer_position !== answer.position || !n.quote) return [];
          const span = relocate(answer.value, n.quote, n.start_offset);
          return span ? [span] : [];
        });
      return reply.page('rounds/read', {
        pageTitle: titled(request, round, 'rounds.read.title', stories[at]),
        round,
        story: stories[at],
        minutes: readingMinutes(stories[at]!.word_count),
        place: { n: at + 1, of: stories.length },
        previous: stories[at - 1],
        next: stories[at + 1],
        answers: answers.map((a) => ({
          prompt: a.prompt,
          words: WORDS.has(a.kind),
          value: a.kind === 'multiple' ? (JSON.parse(a.value) as string[]).join(', ') : a.value,
          segments: WORDS.has(a.kind) && passagesIn(a).length ? segments(a.value, passagesIn(a)) : null,
        })),
        seen: storytellerView(all),
        // The guide's questions are marked as written in the inquiry's language, not the reader's.
        questionLanguage: await questionLanguageOf(app.db, round.inquiry_id),
        // The original is the default; the translation is shown beside it, labelled, only when chosen.
        translated: translation && readingChoice(lang, { ...stories[at]!, answers: all }, translation, read),
        annotations,
        recording: await panelRecording(app.db, round, storyId, taking.audience),
        canVote: canVote(round),
        base: base(round),
        values,
        errors,
        scripts: ['/static/js/annotate.js'],
      });
    }

    part.get<{ Querystring: Fields }>(
      '/rounds/:roundId/take-part/stories/:storyId',
      { schema: { querystring: Fields } },
      (request, reply) => readingPage(request, reply, {}, {}, request.query),
    );

    part.post(
      '/rounds/:roundId/take-part/stories/:storyId/annotations',
      { config: { keepsFormOnCsrfFailure: true } },
      async (request, reply) => {
        const { round, participant, audience } = takingPart(request);
        const storyId = idParam(request, 'storyId');
        if (!canRead(round) || !(await roundStory(app.db, round, storyId, audience))) throw notFound();
        const form = readForm(request, CommentForm);
        if (!form.ok) return readingPage(request, reply.code(422), form.values, form.errors);
        const note: NewAnnotation = { storyId, comment: form.value.comment };
        if (form.value.passage) {
          const answers = (await storyAnswers(app.db, storyId)).filter((a) => WORDS.has(a.kind));
          for (const answer of answers) {
            const span = findOccurrences(answer.value, form.value.passage)[0];
            if (span) {
              note.passage = {
                answerPosition: answer.position,
                start: span.start,
                end: span.end,
                quote: answer.value.slice(span.start, span.end),
              };
              break;
            }
          }
          if (!note.passage)
            return readingPage(request, reply.code(422), form.values, { passage: 'panel.errors.passageNotFound' });
        }
        await addAnnotation(app.db, round, participant, note);
        request.session.set('flash', 'panel.commentAdded');
        return reply.redirect(`${base(round)}/stories/${storyId}#comments`, 303);
      },
    );

    async function votePage(
      request: FastifyRequest,
      reply: FastifyReply,
      values: FormValues = {},
      errors: FieldErrors = {},
      /** The rank nobody was given, when a ballot skipped it (see checkBallot). */
      missingRank?: number,
    ) {
      const taking = takingPart(request);
      const { round, participant } = taking;
      const stories = canVote(round) ? await orderedStories(app, taking) : [];
      const places = rankPlaces({ dots: round.dots, storyIds: stories.map((s) => s.id) });
      const shown = stories.map((s) => {
        const field = `${round.method === 'ranking' ? 'rank' : 'dots'}-${s.id}`;
        const given = typeof values[field] === 'string' ? values[field].trim() : '';
        // Each message names its story, so a summary of several says which is which. Too many dots in all: the
        // stories given some are the ones to change, each pointing to the sum shown under the list.
        return { ...s, field, error: errors[field], given, overCount: errors.total !== undefined && dotsOf(given) > 0 };
      });
      return reply.page('rounds/vote', {
        pageTitle: titled(request, round, 'rounds.vote.title'),
        /** Where the summary's "more dots than you have" leads: the first story given dots. */
        overField: shown.find((s) => s.overCount)?.field ?? shown[0]?.field,
        round,
        canVote: canVote(round),
        paper: round.voting === 'paper',
        voted: await hasVoted(app.db, participant.id),
        stories: shown,
        hasErrors: Object.keys(errors).length > 0,
        missingRank: missingRank === undefined ? undefined : String(missingRank),
        dotsLeft: round.method === 'dots' ? dotsLeft(round.dots, shown) : undefined,
        ranks: Array.from({ length: places }, (_, i) => String(i + 1)),
        isDots: round.method === 'dots',
        isRanking: round.method === 'ranking',
        isSecret: round.method === 'secret',
        isConsensus: round.method === 'consensus',
        base: base(round),
        values,
        errors,
        // Counts the dots left as they are typed; the page says the same without it, after sending.
        scripts: round.method === 'dots' ? ['/static/js/vote-dots.js'] : [],
      });
    }

    part.get('/rounds/:roundId/take-part/vote', (request, reply) => votePage(request, reply));

    part.post<{ Body: FormBody }>(
      '/rounds/:roundId/take-part/vote',
      { schema: { body: FormBody }, config: { keepsFormOnCsrfFailure: true } },
      async (request, reply) => {
        const { round, participant, audience } = takingPart(request);
        const body = request.body && typeof request.body === 'object' ? request.body : {};
        if (!canVote(round)) return votePage(request, reply.code(422), {}, { _form: 'panel.errors.notVoting' });
        const stories = await roundStories(app.db, round, audience);
        const ballot = checkBallot(
          { method: round.method, dots: round.dots, storyIds: stories.map((s) => s.id) },
          body,
        );
        if (request.csrfValid === false)
          return votePage(request, reply.code(422), ballot.values, { _form: 'forms.csrf' });
        if (!ballot.ok) return votePage(request, reply.code(422), ballot.values, ballot.errors, ballot.missingRank);
        if ((await castBallot(app.db, round, participant, ballot.marks)) === 'already')
          return votePage(request, reply.code(409), {}, { _form: 'panel.errors.alreadyVoted' });
        request.session.set('flash', 'panel.voteIn');
        return reply.redirect(`${base(round)}/vote`, 303);
      },
    );

    part.get('/rounds/:roundId/take-part/results', async (request, reply) => {
      const { round, audience } = takingPart(request);
      const revealed = round.tallies_revealed === 1 && round.method !== 'consensus';
      const tallies = revealed ? await roundTallies(app.db, round, audience) : new Map<number, { total: number }>();
      const stories = revealed
        ? (await roundStories(app.db, round, audience))
            .map((s) => ({ ...s, total: tallies.get(s.id)?.total ?? 0 }))
            .sort((a, b) => b.total - a.total)
        : [];
      return reply.page('rounds/results', {
        pageTitle: titled(request, round, 'rounds.results.title'),
        round,
        revealed,
        stories,
        rule: ruleCount({ ...round, storyIds: stories.map((s) => s.id) }),
        base: base(round),
      });
    });
  });
}
