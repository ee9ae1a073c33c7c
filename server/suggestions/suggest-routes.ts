/** Accepting a suggestion with one click: a distinctive term as a tag, or a codebook tag similar stories carry. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { canSee } from '../stories/permissions.ts';
import { findStory } from '../stories/store.ts';
import { tagStory } from '../codebook/tagging-store.ts';
import { findTag, listTags } from '../codebook/tags-store.ts';

const TAGGERS = { roles: rolesFor('tagStories') };
const TermForm = Type.Object({ term: Type.String({ minLength: 1, maxLength: 120, errorMessage: 'forms.invalid' }) });
const TagForm = Type.Object({ tagId: Type.String({ pattern: '^[0-9]{1,12}$', errorMessage: 'forms.invalid' }) });

export async function suggestRoutes(app: FastifyInstance): Promise<void> {
  async function storyAndInquiry(request: FastifyRequest) {
    const membership = membershipOf(request);
    const story = await findStory(app.db, membership.alliance_id, idParam(request, 'storyId'));
    if (!story || story.status === 'withdrawn' || story.status === 'draft' || !canSee(membership, story))
      throw notFound();
    const inquiry = await findInquiry(app.db, membership.alliance_id, story.inquiry_id);
    if (!inquiry) throw notFound();
    return { story, inquiry };
  }

  app.post('/stories/:storyId/suggestions/term', { config: TAGGERS }, async (request, reply) => {
    const { story, inquiry } = await storyAndInquiry(request);
    const form = readForm(request, TermForm);
    if (!form.ok) throw notFound();
    // The term becomes a top-level tag, or the existing one of that name is used.
    const existing = (await listTags(app.db, inquiry)).find(
      (t) => t.parent_id === null && t.name.toLowerCase() === form.value.term.toLowerCase(),
    );
    const choice = existing
      ? { tag: existing }
      : { newTag: { name: form.value.term, description: '', parentId: null } };
    await tagStory(app.db, signedIn(request), inquiry, story, choice, null, 'suggestion');
    request.session.set('flash', 'suggestions.accepted');
    return reply.redirect(`/alliances/${story.alliance_id}/stories/${story.id}#tags`, 303);
  });

  app.post('/stories/:storyId/suggestions/tag', { config: TAGGERS }, async (request, reply) => {
    const { story, inquiry } = await storyAndInquiry(request);
    const form = readForm(request, TagForm);
    const tag = form.ok ? await findTag(app.db, inquiry, Number(form.value.tagId)) : undefined;
    if (!tag) throw notFound();
    await tagStory(app.db, signedIn(request), inquiry, story, { tag }, null, 'suggestion');
    request.session.set('flash', 'suggestions.accepted');
    return reply.redirect(`/alliances/${story.alliance_id}/stories/${story.id}#tags`, 303);
  });
}
