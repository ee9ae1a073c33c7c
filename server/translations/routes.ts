/**
 * Adding or changing a translation of a story, inside /alliances/:allianceId: for whoever may edit the story (the
 * coordinator or its interviewer pair, the same rule as its edit page). A translation is saved beside the story,
 * never as a version of it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import { canEdit } from '../stories/permissions.ts';
import { findStory, type FullStory } from '../stories/store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { languageNamer } from '../web/language-names.ts';
import { checkTranslation, languagesOffered, translationSchema, translationValues, wordAnswers } from './forms.ts';
import { findTranslation, saveTranslation } from './store.ts';
import { dirOf, originalLabel } from './shown.ts';

const RECORDERS = rolesFor('recordInterviews');
const FORM = { roles: RECORDERS, keepsFormOnCsrfFailure: true };

const storyHref = (story: FullStory) => `/alliances/${story.alliance_id}/stories/${story.id}`;

export async function translationRoutes(app: FastifyInstance): Promise<void> {
  /** The story and the languages it may be translated into, when this member may edit it. */
  async function translatable(request: FastifyRequest): Promise<{ story: FullStory; offered: string[] }> {
    const membership = membershipOf(request);
    const story = await findStory(app.db, membership.alliance_id, idParam(request, 'storyId'));
    if (!story || story.status === 'withdrawn' || !canEdit(membership, story)) throw notFound();
    const inquiry = await findInquiry(app.db, story.alliance_id, story.inquiry_id);
    if (!inquiry) throw notFound();
    return { story, offered: languagesOffered(inquiry.languages, story.language) };
  }

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues,
    errors: FieldErrors = {},
  ): Promise<FastifyReply> {
    const { story, offered } = await translatable(request);
    const lang = languageOf(request);
    const t = translator(lang);
    const name = languageNamer(lang);
    const chosen = typeof values.language === 'string' ? values.language : '';
    const language = offered.includes(chosen) ? chosen : '';
    return reply.page('translations/edit', {
      navInquiries: true,
      story,
      storyHref: storyHref(story),
      action: `${storyHref(story)}/translation`,
      original: {
        label: originalLabel(t, lang, story.language),
        language: story.language,
        dir: dirOf(story.language),
      },
      languageHint: story.language.trim()
        ? t('translations.form.languageHint', { language: name(story.language) })
        : t('translations.form.languageHintUnknown'),
      languages: offered.map((code) => ({ value: code, label: `${name(code)} (${code})`, selected: code === chosen })),
      into: language ? { language, dir: dirOf(language) } : { language: '', dir: 'auto' },
      answers: wordAnswers(story.answers).map((a, i) => ({
        name: `answer-${a.position}`,
        prompt: a.prompt,
        original: a.value,
        value: values[`answer-${a.position}`] ?? '',
        error: errors[`answer-${a.position}`],
        required: i === 0,
      })),
      values,
      errors,
    });
  }

  app.get<{ Querystring: { language?: string } }>(
    '/stories/:storyId/translation',
    { config: FORM },
    async (request, reply) => {
      const { story, offered } = await translatable(request);
      const wanted = typeof request.query.language === 'string' ? request.query.language : '';
      const language = offered.includes(wanted) ? wanted : '';
      const saved = language ? await findTranslation(app.db, story.id, language) : undefined;
      return formPage(request, reply, saved ? translationValues(saved) : { language });
    },
  );

  app.post('/stories/:storyId/translation', { config: FORM }, async (request, reply) => {
    const { story, offered } = await translatable(request);
    const form = readForm(request, translationSchema(story.answers));
    if (!form.ok) return formPage(request, reply.code(422), form.values, form.errors);
    const checked = checkTranslation(
      form.value as Record<string, string | undefined>,
      story.answers,
      offered,
      story.language,
    );
    if (!checked.ok) return formPage(request, reply.code(422), form.values, checked.errors);
    await saveTranslation(app.db, signedIn(request), story, checked.input);
    request.session.set('flash', 'translations.saved');
    return reply.redirect(`${storyHref(story)}#translation-${checked.input.language}`, 303);
  });
}
