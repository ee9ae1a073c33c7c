/**
 * Recording interviews: the guided form, drafts (saved by hand, or every few seconds by static/js/autosave.js),
 * recording the story, and editing it later (each change of words kept as a version).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storyFiles } from '../attachments/files-view.ts';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry, loadGuide, type Guide } from '../inquiries/inquiries-store.ts';
import type { Story } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { takeParkedForm } from '../web/parked-store.ts';
import { FormBody } from '../web/schemas.ts';
import { readInterview as readInterviewFields, storyToValues, type InterviewValues } from './capture.ts';
import { interviewView } from './form-view.ts';
import { interviewPartners } from './partners.ts';
import { canEdit } from './permissions.ts';
import { createStory, findStory, updateStory, type FullStory } from './store.ts';

const RECORDERS = rolesFor('recordInterviews');
const newPage = (p: Record<string, string>) => `/alliances/${p.allianceId}/inquiries/${p.inquiryId}/interviews/new`;
const editPage = (p: Record<string, string>) => `/alliances/${p.allianceId}/stories/${p.storyId}/edit`;

/**
 * A story typed in from a paper form goes on to adding the photo or scan of that paper, so the original is kept
 * with it for verification (the page has a way to skip it).
 */
function toPaperPhoto(request: FastifyRequest, reply: FastifyReply, story: Pick<Story, 'id' | 'alliance_id'>) {
  request.session.set('flash', 'stories.flash.recordedPaper');
  return reply.redirect(`/alliances/${story.alliance_id}/stories/${story.id}/photos`, 303);
}

export async function interviewRoutes(app: FastifyInstance): Promise<void> {
  async function guideOf(request: FastifyRequest, inquiryId: number): Promise<Guide> {
    const inquiry = await findInquiry(app.db, membershipOf(request).alliance_id, inquiryId);
    if (!inquiry) throw notFound();
    return loadGuide(app.db, inquiry);
  }

  const partners = (request: FastifyRequest) =>
    interviewPartners(app.db, membershipOf(request).alliance_id, signedIn(request).id);

  async function editable(request: FastifyRequest): Promise<FullStory> {
    const story = await findStory(app.db, membershipOf(request).alliance_id, idParam(request, 'storyId'));
    if (!story || story.status === 'withdrawn' || !canEdit(membershipOf(request), story)) throw notFound();
    return story;
  }

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    guide: Guide,
    values: FormValues,
    errors: FieldErrors,
    story?: Story,
    restored = false,
  ) {
    const a = membershipOf(request).alliance_id;
    // The recording plays beside the words, so the interviewer can type or correct them while listening.
    const recordings = story ? (await storyFiles(app.db, story, membershipOf(request))).recordings : [];
    return reply.page('stories/interview', {
      titleKey: story
        ? story.status === 'draft'
          ? 'stories.interview.resumeTitle'
          : 'stories.interview.editTitle'
        : 'stories.interview.title',
      navInquiries: true,
      scripts: ['/static/js/autosave.js'],
      inquiry: guide.inquiry,
      story,
      form: interviewView(guide, values, errors, 'interview'),
      values,
      errors,
      partners: await partners(request),
      consentStatement: guide.inquiry.consent_statement,
      restored,
      recordings,
      canDraft: !story || story.status === 'draft',
      action: story
        ? `/alliances/${a}/stories/${story.id}`
        : `/alliances/${a}/inquiries/${guide.inquiry.id}/interviews`,
      autosave: !story
        ? `/alliances/${a}/inquiries/${guide.inquiry.id}/interviews/autosave`
        : story.status === 'draft'
          ? `/alliances/${a}/stories/${story.id}/autosave`
          : '',
    });
  }

  /** Reads and checks the form; draft checks when saving a draft, all checks when recording. */
  async function readInterview(request: FastifyRequest, guide: Guide, editing: boolean) {
    const partnerIds = (await partners(request)).map((p) => Number(p.id));
    return readInterviewFields(guide, request.body, {
      partnerIds,
      today: new Date(),
      editing,
      csrfValid: request.csrfValid,
    });
  }

  app.get('/inquiries/:inquiryId/interviews/new', { config: { roles: RECORDERS } }, async (request, reply) => {
    const guide = await guideOf(request, idParam(request, 'inquiryId'));
    const restored = await takeParkedForm(app.db, request, request.url.split('?')[0]!);
    return showForm(request, reply, guide, restored ?? { route: 'interview' }, {}, undefined, Boolean(restored));
  });

  app.post(
    '/inquiries/:inquiryId/interviews',
    { config: { roles: RECORDERS, keepsFormOnCsrfFailure: true, parkedFormPage: newPage } },
    async (request, reply) => {
      const guide = await guideOf(request, idParam(request, 'inquiryId'));
      const { form, errors, input, draft } = await readInterview(request, guide, false);
      if (!input) return showForm(request, reply.code(422), guide, form.values, errors);
      const user = signedIn(request);
      const { story } = await createStory(app.db, user, guide.inquiry, input, {
        status: draft ? 'draft' : 'recorded',
        route: form.values.route === 'paper' ? 'paper' : 'interview',
        interviewerId: user.id,
      });
      if (!draft && story.route === 'paper') return toPaperPhoto(request, reply, story);
      request.session.set('flash', draft ? 'stories.flash.draftSaved' : 'stories.flash.recorded');
      return reply.redirect(`/alliances/${story.alliance_id}/stories/${story.id}${draft ? '/edit' : ''}`, 303);
    },
  );

  app.get('/stories/:storyId/edit', { config: { roles: RECORDERS } }, async (request, reply) => {
    const story = await editable(request);
    const guide = await guideOf(request, story.inquiry_id);
    const restored = await takeParkedForm(app.db, request, request.url.split('?')[0]!);
    return showForm(
      request,
      reply,
      guide,
      restored ?? storyToValues(story, story.answers, story.attributes),
      {},
      story,
      Boolean(restored),
    );
  });

  app.post(
    '/stories/:storyId',
    { config: { roles: RECORDERS, keepsFormOnCsrfFailure: true, parkedFormPage: editPage } },
    async (request, reply) => {
      const story = await editable(request);
      const guide = await guideOf(request, story.inquiry_id);
      const { form, errors, input, draft } = await readInterview(request, guide, story.status !== 'draft');
      if (!input) return showForm(request, reply.code(422), guide, form.values, errors, story);
      const user = signedIn(request);
      const status = story.status === 'draft' ? (draft ? 'draft' : 'recorded') : story.status;
      const note = form.ok ? (form.value as InterviewValues).note : undefined; // trimmed, unlike form.values
      await updateStory(app.db, user, user.name, story, input, { status, note: typeof note === 'string' ? note : '' });
      if (story.status === 'draft' && status !== 'draft' && story.route === 'paper')
        return toPaperPhoto(request, reply, story);
      request.session.set(
        'flash',
        status === 'draft'
          ? 'stories.flash.draftSaved'
          : story.status === 'draft'
            ? 'stories.flash.recorded'
            : 'stories.flash.saved',
      );
      return reply.redirect(
        `/alliances/${story.alliance_id}/stories/${story.id}${status === 'draft' ? '/edit' : ''}`,
        303,
      );
    },
  );

  // Autosave (JavaScript only): saves a draft and answers JSON, so the page stays as it is.
  app.post<{ Body: FormBody }>(
    '/inquiries/:inquiryId/interviews/autosave',
    { schema: { body: FormBody }, config: { roles: RECORDERS } },
    async (request, reply) => {
      const guide = await guideOf(request, idParam(request, 'inquiryId'));
      if (request.body) request.body.intent = 'draft';
      const { errors, input } = await readInterview(request, guide, false);
      if (!input) return notSaved(reply, errors);
      const user = signedIn(request);
      const { story } = await createStory(app.db, user, guide.inquiry, input, {
        status: 'draft',
        route: 'interview',
        interviewerId: user.id,
      });
      const base = `/alliances/${story.alliance_id}/stories/${story.id}`;
      return reply.send({ saved: true, at: story.updated_at, action: base, autosave: `${base}/autosave` });
    },
  );

  app.post<{ Body: FormBody }>(
    '/stories/:storyId/autosave',
    { schema: { body: FormBody }, config: { roles: RECORDERS } },
    async (request, reply) => {
      const story = await editable(request);
      if (story.status !== 'draft')
        return reply
          .code(409)
          .send({ saved: false, message: translator(languageOf(request))('stories.autosave.notDraft') });
      const guide = await guideOf(request, story.inquiry_id);
      if (request.body) request.body.intent = 'draft';
      const { errors, input } = await readInterview(request, guide, false);
      if (!input) return notSaved(reply, errors);
      const user = signedIn(request);
      const saved = await updateStory(app.db, user, user.name, story, input, { status: 'draft' });
      return reply.send({ saved: true, at: saved.updated_at });
    },
  );
}

function notSaved(reply: FastifyReply, errors: FieldErrors) {
  const t = translator(languageOf(reply.request));
  return reply.code(422).send({
    saved: false,
    message: t('stories.autosave.notSaved'),
    errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(v)])),
  });
}
