/**
 * Caring for a story once it is recorded: reading it back to its teller, verifying it (MSC step 7), withdrawing
 * it at the teller's request, and its history of edits.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import type { StoryAnswer } from '../db/schema.ts';
import { findInquiry, questionLanguageOf } from '../inquiries/inquiries-store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { forbidden, notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import type { MembershipInAlliance } from '../accounts/members-store.ts';
import {
  careBlocked,
  canVerify,
  canWithdraw,
  checkCareDate,
  readableAnswer,
  ReadBackForm,
  today,
  VerifyForm,
  WithdrawForm,
} from './care-rules.ts';
import { carersOf, recordReadBack, recordVerification, withdrawStory } from './care-store.ts';
import { versionHistory } from './diff.ts';
import { canEdit, canSee } from './permissions.ts';
import { findStory, listVersions, type FullStory } from './store.ts';
import { storytellerView } from './story-view.ts';

const KEEPERS = rolesFor('readStories');
const FORM = { roles: KEEPERS, keepsFormOnCsrfFailure: true };

interface FormState {
  values?: FormValues;
  errors?: FieldErrors;
}

const storyHref = (story: FullStory) => `/alliances/${story.alliance_id}/stories/${story.id}`;

/**
 * The answers as they are read aloud: every one that was given; the teller's answers about their own story in the
 * story page's words ("90 of 100, between …"), not a bare number.
 */
function readingOf(answers: StoryAnswer[]) {
  return answers
    .filter((a) => a.value.trim() !== '')
    .map((a) =>
      a.asked === null
        ? { prompt: a.prompt, value: readableAnswer(a.kind, a.value) }
        : { prompt: a.prompt, seen: storytellerView([a])[0] },
    );
}

export async function storyCareRoutes(app: FastifyInstance): Promise<void> {
  /** The story of this alliance, if the person asking may know it exists; then whether they may do this to it. */
  async function storyFor(
    request: FastifyRequest,
    allowed: (who: MembershipInAlliance, story: FullStory) => boolean,
  ): Promise<FullStory> {
    const who = membershipOf(request);
    const story = await findStory(app.db, who.alliance_id, idParam(request, 'storyId'));
    if (!story || !canSee(who, story)) throw notFound();
    if (!allowed(who, story)) throw forbidden();
    return story;
  }

  async function readBackPage(reply: FastifyReply, story: FullStory, state: FormState = {}) {
    const blocked = careBlocked(story);
    return reply.code(blocked ? 422 : reply.statusCode).page('stories/read-back', {
      navInquiries: true,
      story,
      storyHref: storyHref(story),
      blocked,
      reading: blocked ? [] : readingOf(story.answers),
      // The slider ends and choices are the inquiry's words, marked as written in its language.
      questionLanguage: await questionLanguageOf(app.db, story.inquiry_id),
      carers: await carersOf(app.db, story),
      values: state.values ?? { readBackOn: today(), changes: '' },
      errors: state.errors ?? {},
    });
  }

  app.get('/stories/:storyId/read-back', { config: FORM }, async (request, reply) =>
    readBackPage(reply, await storyFor(request, canEdit)),
  );

  app.post('/stories/:storyId/read-back', { config: FORM }, async (request, reply) => {
    const story = await storyFor(request, canEdit);
    if (careBlocked(story)) return readBackPage(reply, story);
    const form = readForm(request, ReadBackForm);
    const errors = form.ok ? checkCareDate('readBackOn', form.value.readBackOn, story, new Date()) : form.errors;
    if (!form.ok || Object.keys(errors).length > 0)
      return readBackPage(reply.code(422), story, { values: form.values, errors });
    await recordReadBack(app.db, signedIn(request), story, {
      on: form.value.readBackOn,
      changes: form.value.changes ?? '',
    });
    request.session.set('flash', 'storyCare.flash.readBack');
    return reply.redirect(storyHref(story), 303);
  });

  async function verifyPage(reply: FastifyReply, story: FullStory, state: FormState = {}) {
    const blocked = careBlocked(story);
    const inquiry = await findInquiry(app.db, story.alliance_id, story.inquiry_id);
    return reply.code(blocked ? 422 : reply.statusCode).page('stories/verify', {
      navInquiries: true,
      story,
      // Verifying is step 7 of Most Significant Change: said so only in an MSC inquiry.
      msc: inquiry?.method === 'msc',
      storyHref: storyHref(story),
      blocked,
      carers: await carersOf(app.db, story),
      values: state.values ?? { verifiedOn: today(), note: '' },
      errors: state.errors ?? {},
    });
  }

  app.get('/stories/:storyId/verify', { config: FORM }, async (request, reply) =>
    verifyPage(reply, await storyFor(request, canVerify)),
  );

  app.post('/stories/:storyId/verify', { config: FORM }, async (request, reply) => {
    const story = await storyFor(request, canVerify);
    if (careBlocked(story)) return verifyPage(reply, story);
    const form = readForm(request, VerifyForm);
    const errors = form.ok ? checkCareDate('verifiedOn', form.value.verifiedOn, story, new Date()) : form.errors;
    if (!form.ok || Object.keys(errors).length > 0)
      return verifyPage(reply.code(422), story, { values: form.values, errors });
    await recordVerification(app.db, signedIn(request), story, { on: form.value.verifiedOn, note: form.value.note });
    request.session.set('flash', 'storyCare.flash.verified');
    return reply.redirect(storyHref(story), 303);
  });

  async function withdrawPage(reply: FastifyReply, story: FullStory, errors: FieldErrors = {}) {
    const blocked = story.status === 'withdrawn' ? 'storyCare.blocked.alreadyWithdrawn' : undefined;
    return reply
      .code(blocked ? 422 : reply.statusCode)
      .page('stories/withdraw', { navInquiries: true, story, storyHref: storyHref(story), blocked, errors });
  }

  app.get('/stories/:storyId/withdraw', { config: { roles: KEEPERS } }, async (request, reply) =>
    withdrawPage(reply, await storyFor(request, canWithdraw)),
  );

  app.post('/stories/:storyId/withdraw', { config: { roles: KEEPERS } }, async (request, reply) => {
    const story = await storyFor(request, canWithdraw);
    if (story.status === 'withdrawn') return withdrawPage(reply, story);
    const form = readForm(request, WithdrawForm);
    if (!form.ok) return withdrawPage(reply.code(422), story, form.errors);
    const user = signedIn(request);
    await withdrawStory(app.db, user, user.name, story);
    request.session.set('flash', 'storyCare.flash.withdrawn');
    return reply.redirect(`/alliances/${story.alliance_id}/inquiries/${story.inquiry_id}/stories`, 303);
  });

  app.get('/stories/:storyId/versions', { config: { roles: KEEPERS } }, async (request, reply) => {
    const story = await storyFor(request, () => true);
    if (story.status === 'withdrawn')
      return reply.code(410).page('stories/versions', {
        navInquiries: true,
        story,
        storyHref: storyHref(story),
        blocked: 'storyCare.blocked.withdrawnHistory',
      });
    const current = { title: story.title, answers: story.answers.map((a) => ({ prompt: a.prompt, value: a.value })) };
    const history = versionHistory(await listVersions(app.db, story.id), current);
    return reply.page('stories/versions', {
      navInquiries: true,
      story,
      storyHref: storyHref(story),
      history,
      currentNumber: history.length + 1,
    });
  });
}
