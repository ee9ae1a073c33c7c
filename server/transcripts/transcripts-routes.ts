/**
 * Draft transcripts of a story's recording, inside /alliances/:allianceId: asking for one (queued; the request
 * never waits for the command), its progress for the page's script, and the correction form that turns the draft
 * into the story's words. For the coordinator and the story's interviewer pair, where the recording is kept, and
 * only when the operator has set a speech-to-text command: otherwise every address here answers 404.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findFile } from '../attachments/attachments-store.ts';
import { storyFiles } from '../attachments/files-view.ts';
import type { Attachment } from '../db/schema.ts';
import { findInquiry, loadGuide } from '../inquiries/inquiries-store.ts';
import { filesShown } from '../stories/consent.ts';
import { askedPrompt } from '../stories/capture.ts';
import { saveCorrectedWords, wordQuestions } from '../stories/corrected-words.ts';
import { canEdit } from '../stories/permissions.ts';
import { findStory, type FullStory } from '../stories/store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { draftView } from './draft-view.ts';
import { markCorrected, queueTranscript, transcriptOf } from './transcripts-store.ts';

const RECORDERS = rolesFor('recordInterviews');
const FORM = { roles: RECORDERS, keepsFormOnCsrfFailure: true };
/** A long interview is a few tens of thousands of words. */
const WORDS_MAX = 500_000;

export const CorrectionForm = Type.Object({
  question: Type.String({ pattern: '^\\d+$', errorMessage: 'transcripts.errors.question' }),
  // Kept exactly as typed, like every storyteller's words; a box left blank (or only spaces) is refused.
  words: Type.String({ exact: true, pattern: '\\S', maxLength: WORDS_MAX, errorMessage: 'transcripts.errors.words' }),
});

const storyHref = (story: FullStory) => `/alliances/${story.alliance_id}/stories/${story.id}`;

export async function transcriptRoutes(app: FastifyInstance): Promise<void> {
  /** The story and its recording, when this member may work on its words and speech-to-text is on. */
  async function recordingOf(request: FastifyRequest): Promise<{ story: FullStory; file: Attachment }> {
    if (!app.transcripts.enabled) throw notFound();
    const membership = membershipOf(request);
    const story = await findStory(app.db, membership.alliance_id, idParam(request, 'storyId'));
    if (!story || story.status === 'withdrawn' || !canEdit(membership, story)) throw notFound();
    if (!filesShown(story, 'story', 'team').recording) throw notFound();
    const file = await findFile(app.db, story.alliance_id, story.id, idParam(request, 'fileId'));
    if (!file || file.kind !== 'recording') throw notFound();
    return { story, file };
  }

  app.post('/stories/:storyId/files/:fileId/transcript', { config: { roles: RECORDERS } }, async (request, reply) => {
    const { story, file } = await recordingOf(request);
    await queueTranscript(app.db, signedIn(request), file, story.language);
    app.transcripts.poke();
    request.session.set('flash', 'transcripts.flash.queued');
    return reply.redirect(`${storyHref(story)}#transcript-${file.id}`, 303);
  });

  /** For the story page's script: where the draft is, in words, and whether it has finished. */
  app.get('/stories/:storyId/files/:fileId/transcript/status', { config: { roles: RECORDERS } }, async (request) => {
    const { story, file } = await recordingOf(request);
    const view = await draftView(app.db, story, file.id, await transcriptOf(app.db, story.id, file.id));
    const t = translator(languageOf(request));
    const message =
      view.state === 'queued'
        ? view.ahead > 0
          ? t('transcripts.draft.queued', { count: view.ahead })
          : t('transcripts.draft.next')
        : view.state === 'running'
          ? t('transcripts.draft.running')
          : '';
    return { state: view.state, finished: view.state === 'done' || view.state === 'failed', message };
  });

  async function correctionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: FormValues; errors?: FieldErrors } = {},
  ) {
    const { story, file } = await recordingOf(request);
    const job = await transcriptOf(app.db, story.id, file.id);
    if (!job || job.status !== 'done') return reply.redirect(`${storyHref(story)}#transcript-${file.id}`, 303);
    const inquiry = await findInquiry(app.db, story.alliance_id, story.inquiry_id);
    if (!inquiry) throw notFound();
    const guide = await loadGuide(app.db, inquiry);
    const questions = wordQuestions(guide);
    const t = translator(languageOf(request));
    const chosen = state.values?.question ?? String(questions[0]?.id ?? '');
    const recording = (await storyFiles(app.db, story, membershipOf(request))).recordings.find((r) => r.id === file.id);
    return reply.page('transcripts/correct', {
      navInquiries: true,
      story,
      storyHref: storyHref(story),
      recording,
      action: `${storyHref(story)}/files/${file.id}/transcript/correct`,
      questions: questions.map((q) => ({
        id: `question-${q.id}`,
        value: String(q.id),
        label: askedPrompt(guide, q, story.domain_id),
        checked: String(q.id) === chosen,
        description: story.answers.some((a) => a.question_id === q.id && a.value.trim() !== '')
          ? t('transcripts.correct.replaces')
          : t('transcripts.correct.empty'),
      })),
      values: { question: chosen, words: job.text, ...state.values },
      errors: state.errors ?? {},
    });
  }

  app.get('/stories/:storyId/files/:fileId/transcript/correct', { config: FORM }, (request, reply) =>
    correctionPage(request, reply),
  );

  app.post('/stories/:storyId/files/:fileId/transcript/correct', { config: FORM }, async (request, reply) => {
    const { story, file } = await recordingOf(request);
    const job = await transcriptOf(app.db, story.id, file.id);
    if (!job || job.status !== 'done') return reply.redirect(`${storyHref(story)}#transcript-${file.id}`, 303);
    const form = readForm(request, CorrectionForm);
    const inquiry = await findInquiry(app.db, story.alliance_id, story.inquiry_id);
    if (!inquiry) throw notFound();
    const guide = await loadGuide(app.db, inquiry);
    const question = form.ok ? wordQuestions(guide).find((q) => String(q.id) === form.value.question) : undefined;
    const errors: FieldErrors = form.ok ? (question ? {} : { question: 'transcripts.errors.question' }) : form.errors;
    if (!form.ok || !question) return correctionPage(request, reply.code(422), { values: form.values, errors });
    const user = signedIn(request);
    // The version's note is kept in the story's history as written, like "Corrected by the storyteller".
    await saveCorrectedWords(
      app.db,
      user,
      guide,
      story,
      question,
      form.value.words,
      `From a draft transcript, corrected by ${user.name}`,
    );
    await markCorrected(app.db, job, user);
    request.session.set('flash', 'transcripts.flash.corrected');
    return reply.redirect(storyHref(story), 303);
  });
}
