/**
 * Telling a story without an account: the inquiry's public link (/tell/<token>), and the storyteller's private
 * receipt link (/receipt/<token>) to read, correct or withdraw their story later. Rate-limited; a honeypot field
 * that people never see catches form-filling bots.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findInquiry, findInquiryByPublicToken, loadGuide, type Guide } from '../inquiries/inquiries-store.ts';
import { receiptRounds } from '../rounds/selections-store.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { languageOf, linkLanguage } from '../web/language.ts';
import { linkTo } from '../web/public-link.ts';
import { TokenParams } from '../web/schemas.ts';
import {
  checkInterview,
  inFormOrder,
  interviewSchema,
  storyToValues,
  toStoryInput,
  type InterviewValues,
} from './capture.ts';
import { interviewView } from './form-view.ts';
import { withdrawStory } from './care-store.ts';
import { withdrawnReceipt } from './receipt-routes.ts';
import { createStory, findStoryByReceipt, updateStory, type FullStory } from './store.ts';
import { storyView } from './story-view.ts';
import { CORRECTED_BY_STORYTELLER, STORYTELLER } from './storyteller.ts';

/**
 * Stories one address may send a minute. A community event on one Wi-Fi shares an address, so it is more than one
 * person needs; past it the form comes back with the story still in it (tellingKept).
 */
const TELL_LIMIT = { max: 20, timeWindow: '1 minute', hook: 'preHandler' } as const;
const RECEIPT_LIMIT = { max: 30, timeWindow: '1 minute' };

export async function publicStoryRoutes(app: FastifyInstance): Promise<void> {
  async function openGuide(token: string): Promise<Guide | 'closed'> {
    const inquiry = await findInquiryByPublicToken(app.db, token);
    if (!inquiry) throw notFound();
    return inquiry.public_open ? loadGuide(app.db, inquiry) : 'closed';
  }

  function tellForm(
    reply: FastifyReply,
    guide: Guide,
    values: FormValues,
    errors: FieldErrors,
    action: string,
    template = 'stories/tell',
  ) {
    return reply.page(template, {
      linkLanguage: guide.inquiry.languages,
      guide: guide.inquiry,
      form: interviewView(guide, values, errors, 'public'),
      values,
      errors,
      consentStatement: guide.inquiry.consent_statement,
      action,
    });
  }

  /** Too many stories from this address for now: the form again, the story in it, saying to wait and send it. */
  async function tellingKept(request: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply) {
    const guide = await openGuide(request.params.token);
    if (guide === 'closed') return reply.code(410).page('stories/tell-closed');
    const form = readForm(request, interviewSchema(guide, 'public'));
    return tellForm(reply, guide, form.values, { _form: 'stories.errors.tooManyTells' }, request.url);
  }

  function readTelling(request: FastifyRequest, guide: Guide) {
    const form = readForm(request, interviewSchema(guide, 'public'));
    const errors = inFormOrder(guide, {
      ...checkInterview(
        guide,
        { ...form.values, intent: 'record' },
        { mode: 'public', partnerIds: [], today: new Date() },
      ),
      ...(form.ok ? {} : form.errors),
    });
    const input =
      form.ok && Object.keys(errors).length === 0
        ? toStoryInput(guide, form.value as InterviewValues, { mode: 'public', today: new Date() })
        : undefined;
    return { form, errors, input };
  }

  app.get<{ Params: TokenParams }>(
    '/tell/:token',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT } },
    async (request, reply) => {
      const guide = await openGuide(request.params.token);
      if (guide === 'closed') return reply.code(410).page('stories/tell-closed');
      return tellForm(reply, guide, {}, {}, request.url);
    },
  );

  app.post<{ Params: TokenParams }>(
    '/tell/:token',
    {
      schema: { params: TokenParams },
      config: { rateLimit: TELL_LIMIT, keepsFormOnCsrfFailure: true, tooManyPage: tellingKept },
    },
    async (request, reply) => {
      const guide = await openGuide(request.params.token);
      if (guide === 'closed') return reply.code(410).page('stories/tell-closed');
      const { form, errors, input } = readTelling(request, guide);
      // A bot filled in the field people cannot see: thank it, keep nothing.
      if (form.values.website) return reply.code(201).page('stories/told', { receipt: null });
      if (!input) return tellForm(reply.code(422), guide, form.values, errors, request.url);
      const { receipt } = await createStory(app.db, null, guide.inquiry, input, {
        status: 'recorded',
        route: 'public',
        interviewerId: null,
        withReceipt: true,
      });
      return reply.code(201).page('stories/told', {
        receipt: linkTo(app, `/receipt/${receipt}`),
        inquiry: guide.inquiry,
        linkLanguage: guide.inquiry.languages,
      });
    },
  );

  async function receiptStory(token: string): Promise<FullStory> {
    const story = await findStoryByReceipt(app.db, token);
    if (!story) throw notFound();
    return story;
  }

  async function receiptGuide(story: FullStory): Promise<Guide> {
    const inquiry = await findInquiry(app.db, story.alliance_id, story.inquiry_id);
    if (!inquiry) throw notFound();
    return loadGuide(app.db, inquiry);
  }

  app.get<{ Params: TokenParams }>(
    '/receipt/:token',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT } },
    async (request, reply) => {
      const story = await receiptStory(request.params.token);
      return reply.page('stories/receipt', {
        linkLanguage: story.language,
        story: storyView(story, new Map(), languageOf(request, linkLanguage(story.language))),
        base: request.url.split('?')[0],
        receiptRounds: await receiptRounds(app.db, story),
      });
    },
  );

  app.get<{ Params: TokenParams }>(
    '/receipt/:token/edit',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT } },
    async (request, reply) => {
      const story = await receiptStory(request.params.token);
      if (story.status === 'withdrawn') return withdrawnReceipt(reply, story);
      return tellForm(
        reply,
        await receiptGuide(story),
        storyToValues(story, story.answers, story.attributes),
        {},
        request.url,
        'stories/receipt-edit',
      );
    },
  );

  app.post<{ Params: TokenParams }>(
    '/receipt/:token/edit',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const story = await receiptStory(request.params.token);
      if (story.status === 'withdrawn') return withdrawnReceipt(reply, story);
      const guide = await receiptGuide(story);
      const { form, errors, input } = readTelling(request, guide);
      if (!input) return tellForm(reply.code(422), guide, form.values, errors, request.url, 'stories/receipt-edit');
      await updateStory(app.db, null, STORYTELLER, story, input, { note: CORRECTED_BY_STORYTELLER });
      request.session.set('flash', 'tell.corrected');
      return reply.redirect(request.url.replace(/\/edit$/, ''), 303);
    },
  );

  app.get<{ Params: TokenParams }>(
    '/receipt/:token/withdraw',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT } },
    async (request, reply) => {
      const story = await receiptStory(request.params.token);
      if (story.status === 'withdrawn') return withdrawnReceipt(reply, story);
      return reply.page('stories/receipt-withdraw', {
        linkLanguage: story.language,
        story,
        action: request.url,
        back: request.url.split('?')[0]!.replace(/\/withdraw$/, ''),
      });
    },
  );

  app.post<{ Params: TokenParams }>(
    '/receipt/:token/withdraw',
    { schema: { params: TokenParams }, config: { rateLimit: RECEIPT_LIMIT } },
    async (request, reply) => {
      const story = await receiptStory(request.params.token);
      if (story.status === 'withdrawn') return withdrawnReceipt(reply, story);
      await withdrawStory(app.db, null, STORYTELLER, story);
      request.session.set('flash', 'tell.withdrawn');
      return reply.redirect(request.url.replace(/\/withdraw$/, ''), 303);
    },
  );
}
