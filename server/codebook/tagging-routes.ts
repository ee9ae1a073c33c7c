/**
 * Tagging stories: a tag on the whole story, or on a passage picked without any JavaScript by typing or pasting
 * its exact words (Hearth finds them in the answer, and asks which one when they occur more than once). Whoever
 * reads and tags stories (coordinators, facilitators, interviewers) may also name a new tag while tagging: codes
 * often emerge while reading. Only recorded, not withdrawn stories are tagged; others answer 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import type { Inquiry, StoryAnswer, Tag } from '../db/schema.ts';
import { canSee } from '../stories/permissions.ts';
import { findStory, type FullStory } from '../stories/store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { chooseTag, type TagChoiceResult } from './codebook.ts';
import { PassageForm, StoryTagForm } from './codebook-forms.ts';
import { TAGGERS } from './codebook-routes.ts';
import { findOccurrences, inContext, type Span } from './passages.ts';
import { storyTagging, taggable, wordsAnswer } from './story-tagging.ts';
import { tagStory, untagStory, type TagChoice } from './tagging-store.ts';
import { listTags } from './tags-store.ts';

const TAG = { roles: TAGGERS };
const TAG_FORM = { roles: TAGGERS, keepsFormOnCsrfFailure: true };

interface Form {
  errors?: FieldErrors;
  values?: FormValues;
}

/** A chosen tag as the store takes it: a new one goes at the top level of the codebook. */
function asChoice(choice: Exclude<TagChoiceResult<Tag>, { error: string }>): TagChoice {
  return 'tag' in choice ? { tag: choice.tag } : { newTag: { name: choice.newName, description: '', parentId: null } };
}

export async function taggingRoutes(app: FastifyInstance): Promise<void> {
  async function storyOf(request: FastifyRequest): Promise<{ story: FullStory; inquiry: Inquiry; path: string }> {
    const membership = membershipOf(request);
    const story = await findStory(app.db, membership.alliance_id, idParam(request, 'storyId'));
    if (!story || !canSee(membership, story) || !taggable(story)) throw notFound();
    const inquiry = await findInquiry(app.db, membership.alliance_id, story.inquiry_id);
    if (!inquiry) throw notFound();
    return { story, inquiry, path: `/alliances/${story.alliance_id}/stories/${story.id}` };
  }

  /** Reads the tag menu and new-name box of a form into a choice, or adds a message to `errors`. */
  async function readChoice(inquiry: Inquiry, values: FormValues, errors: FieldErrors): Promise<TagChoice | undefined> {
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
    const choice = chooseTag(await listTags(app.db, inquiry), text('tagId'), text('newTag'));
    if ('error' in choice) {
      errors[choice.field] ??= choice.error;
      return undefined;
    }
    return asChoice(choice);
  }

  async function storyTagsPage(reply: FastifyReply, story: FullStory, form: Form = {}) {
    return reply.page('codebook/story-tags', {
      pageTitle: story.code,
      story,
      tagging: await storyTagging(app.db, story),
      errors: form.errors ?? {},
      values: form.values ?? {},
      navInquiries: true,
    });
  }

  app.get('/stories/:storyId/tags', { config: TAG }, async (request, reply) =>
    storyTagsPage(reply, (await storyOf(request)).story),
  );

  app.post('/stories/:storyId/tags', { config: TAG_FORM }, async (request, reply) => {
    const { story, inquiry, path } = await storyOf(request);
    const form = readForm(request, StoryTagForm);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    const choice = await readChoice(inquiry, form.values, errors);
    if (!choice || Object.keys(errors).length > 0)
      return storyTagsPage(reply.code(422), story, { errors, values: form.values });
    if (!(await tagStory(app.db, signedIn(request), inquiry, story, choice, null))) {
      return storyTagsPage(reply.code(422), story, {
        errors: { tagId: 'codebook.errors.already' },
        values: form.values,
      });
    }
    request.session.set('flash', 'codebook.flash.tagged');
    return reply.redirect(`${path}#tags`, 303);
  });

  app.post('/stories/:storyId/tags/:storyTagId/remove', { config: TAG }, async (request, reply) => {
    const { story, path } = await storyOf(request);
    const removed = await untagStory(app.db, signedIn(request), story, idParam(request, 'storyTagId'));
    if (!removed) throw notFound();
    request.session.set('flash', 'codebook.flash.untagged');
    return reply.redirect(
      `${path}#${removed.answerPosition === null ? 'tags' : `passages-${removed.answerPosition}`}`,
      303,
    );
  });

  function answerAt(story: FullStory, raw: unknown): StoryAnswer {
    const answer =
      typeof raw === 'string' && /^[0-9]{1,4}$/.test(raw)
        ? story.answers.find((a) => a.position === Number(raw))
        : undefined;
    if (!wordsAnswer(answer)) throw notFound();
    return answer;
  }

  async function passagePage(
    reply: FastifyReply,
    story: FullStory,
    inquiry: Inquiry,
    answer: StoryAnswer,
    form: Form & { occurrences?: Span[] } = {},
  ) {
    return reply.page('codebook/passage', {
      pageTitle: story.code,
      story,
      path: `/alliances/${story.alliance_id}/stories/${story.id}`,
      answer,
      occurrences: (form.occurrences ?? []).map((span) => ({
        value: String(span.start),
        ...inContext(answer.value, span),
      })),
      options: (await storyTagging(app.db, story))?.options ?? [],
      errors: form.errors ?? {},
      values: form.values ?? { answer: String(answer.position) },
      scripts: ['/static/js/passage.js'],
      navInquiries: true,
      inquiry,
    });
  }

  app.get<{ Querystring: { answer?: string } }>(
    '/stories/:storyId/passages/new',
    { config: TAG },
    async (request, reply) => {
      const { story, inquiry } = await storyOf(request);
      return passagePage(reply, story, inquiry, answerAt(story, request.query.answer));
    },
  );

  app.post('/stories/:storyId/passages', { config: TAG_FORM }, async (request, reply) => {
    const { story, inquiry, path } = await storyOf(request);
    const form = readForm(request, PassageForm);
    const answer = answerAt(story, form.values.answer);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    const words = typeof form.values.words === 'string' ? form.values.words : '';
    const occurrences = words.trim() ? findOccurrences(answer.value, words) : [];
    let span = occurrences.length === 1 ? occurrences[0] : undefined;
    if (words.trim() && occurrences.length === 0) errors.words ??= 'codebook.errors.notFound';
    // Which occurrence matters only when there are several: then one of those offered must be chosen.
    delete errors.occurrence;
    if (occurrences.length > 1) {
      span = occurrences.find((o) => String(o.start) === form.values.occurrence);
      if (!span) errors.occurrence = 'codebook.errors.whichOne';
    }
    const choice = await readChoice(inquiry, form.values, errors);
    const again = { errors, values: form.values, occurrences: occurrences.length > 1 ? occurrences : [] };
    if (!choice || !span || Object.keys(errors).length > 0)
      return passagePage(reply.code(422), story, inquiry, answer, again);
    const passage = {
      answerPosition: answer.position,
      start: span.start,
      end: span.end,
      quote: answer.value.slice(span.start, span.end),
    };
    if (!(await tagStory(app.db, signedIn(request), inquiry, story, choice, passage))) {
      return passagePage(reply.code(422), story, inquiry, answer, {
        ...again,
        errors: { tagId: 'codebook.errors.alreadyPassage' },
      });
    }
    request.session.set('flash', 'codebook.flash.passageTagged');
    return reply.redirect(`${path}#passages-${answer.position}`, 303);
  });
}
