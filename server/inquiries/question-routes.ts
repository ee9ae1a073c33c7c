/**
 * The interview guide's questions: a coordinator adds and changes them (moving and removing are in item-routes).
 * Changing a question never changes a story already told: each answer keeps the question as it was asked.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AI_PHASES, QUESTION_KINDS, type Inquiry, type Question } from '../db/schema.ts';
import { signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { allErrors, checkQuestion, questionClash, typedText, type ErrorNames, type QuestionInput } from './checks.ts';
import { QuestionForm } from './forms.ts';
import { addQuestion, addReadySet, findQuestion, updateQuestion } from './guide-store.ts';
import { optionsOf, readySetToAdd } from './guide-view.ts';
import { loadGuide } from './inquiries-store.ts';
import { itemRoutes } from './item-routes.ts';
import { COORDINATOR, COORDINATOR_FORM, inquiryOf, inquiryPath } from './route-helpers.ts';
import { questionLanguage, readySetFor } from './templates.ts';

type QuestionProblems = { errors: FieldErrors; errorNames: ErrorNames; values: FormValues };

function questionValues(q: Question): FormValues {
  return {
    kind: q.kind,
    prompt: q.prompt,
    help: q.help,
    required: q.required ? 'yes' : '',
    options: q.kind === 'slider' ? '' : optionsOf(q).join('\n'),
    phase: q.phase ?? '',
    low: q.kind === 'slider' ? (optionsOf(q)[0] ?? '') : '',
    high: q.kind === 'slider' ? (optionsOf(q)[1] ?? '') : '',
    aboutStory: q.about_story ? 'yes' : '',
  };
}

export async function questionRoutes(app: FastifyInstance): Promise<void> {
  function questionPage(
    reply: FastifyReply,
    inquiry: Inquiry,
    question: Question | undefined,
    form: { errors?: FieldErrors; errorNames?: ErrorNames; values?: FormValues } = {},
  ) {
    const base = inquiryPath(inquiry);
    return reply.page('inquiries/question', {
      inquiry,
      base,
      question,
      kinds: QUESTION_KINDS,
      phases: inquiry.method === 'ai' ? AI_PHASES : [],
      action: question ? `${base}/questions/${question.id}` : `${base}/questions/new`,
      titleKey: question ? 'inquiries.question.editTitle' : 'inquiries.question.addTitle',
      errors: form.errors ?? {},
      errorNames: form.errorNames ?? {},
      values: form.values ?? (question ? questionValues(question) : { kind: 'long' }),
      navInquiries: true,
    });
  }

  async function questionOf(inquiry: Inquiry, id: number): Promise<Question> {
    const question = await findQuestion(app.db, inquiry, id);
    if (!question) throw notFound();
    return question;
  }

  /**
   * The question as typed, or every problem with it at once: the schema's, its kind's own (choices, slider ends,
   * phase), and a repeat of a question already in the guide (`question` is the one being changed, if any).
   */
  async function readQuestion(
    request: FastifyRequest,
    inquiry: Inquiry,
    question?: Question,
  ): Promise<{ ok: true; value: QuestionInput } | ({ ok: false } & QuestionProblems)> {
    const form = readForm(request, QuestionForm);
    const checked = form.ok ? checkQuestion(form.value, inquiry) : form;
    const typed = { kind: typedText(form.values, 'kind'), prompt: typedText(form.values, 'prompt') };
    const clash = questionClash((await loadGuide(app.db, inquiry)).questions, typed, question?.id);
    const errors = allErrors(QuestionForm, checked.ok ? {} : checked.errors, clash.errors);
    if (checked.ok && Object.keys(errors).length === 0) return { ok: true, value: checked.value };
    return { ok: false, errors, errorNames: clash.errorNames, values: form.values };
  }

  app.get('/inquiries/:inquiryId/questions/new', { config: COORDINATOR }, async (request, reply) =>
    questionPage(reply, await inquiryOf(app, request), undefined),
  );

  app.post('/inquiries/:inquiryId/questions/new', { config: COORDINATOR_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const checked = await readQuestion(request, inquiry);
    if (!checked.ok) return questionPage(reply.code(422), inquiry, undefined, checked);
    const question = await addQuestion(app.db, signedIn(request), inquiry, checked.value);
    request.session.set('flash', 'inquiries.flash.questionAdded');
    return reply.redirect(`${inquiryPath(inquiry)}#question-${question.id}`, 303);
  });

  // The ready set of questions about the teller's own story, in the language the questions are asked in.
  app.post('/inquiries/:inquiryId/questions/ready-set', { config: COORDINATOR }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const language = questionLanguage(inquiry.languages);
    // Only the ready-made questions the guide does not ask yet (by their words): none is asked twice.
    const wanted = readySetToAdd((await loadGuide(app.db, inquiry)).questions, language);
    if (wanted.length === 0) {
      request.session.set('flash', 'signification.flash.readySetAllThere');
      return reply.redirect(`${inquiryPath(inquiry)}#guide`, 303);
    }
    const added = await addReadySet(app.db, signedIn(request), inquiry, wanted);
    const all = wanted.length === readySetFor(language).length;
    request.session.set('flash', all ? 'signification.flash.readySetAdded' : 'signification.flash.readySetRestAdded');
    return reply.redirect(`${inquiryPath(inquiry)}#question-${added[0]!.id}`, 303);
  });

  app.get('/inquiries/:inquiryId/questions/:questionId', { config: COORDINATOR }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    return questionPage(reply, inquiry, await questionOf(inquiry, idParam(request, 'questionId')));
  });

  app.post('/inquiries/:inquiryId/questions/:questionId', { config: COORDINATOR_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const question = await questionOf(inquiry, idParam(request, 'questionId'));
    const checked = await readQuestion(request, inquiry, question);
    if (!checked.ok) return questionPage(reply.code(422), inquiry, question, checked);
    await updateQuestion(app.db, signedIn(request), inquiry, question, checked.value);
    request.session.set('flash', 'inquiries.flash.questionSaved');
    return reply.redirect(`${inquiryPath(inquiry)}#question-${question.id}`, 303);
  });

  itemRoutes(app, {
    list: 'questions',
    param: 'questionId',
    section: 'guide',
    anchor: 'question',
    find: findQuestion,
    nameOf: (item) => item.prompt,
  });
}
