/**
 * An inquiry's codebook: the tags as a tree with how many stories carry each, per domain; a tag's page with its
 * stories. Coordinators and facilitators shape the codebook (create, rename, describe, move, merge, delete);
 * interviewers read it (and tag stories, in tagging-routes). Readers see reports, not codebooks.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, rolesFor } from '../accounts/permissions.ts';
import { listDomains } from '../inquiries/inquiries-store.ts';
import { inquiryOf, inquiryPath } from '../inquiries/route-helpers.ts';
import type { Inquiry, Tag } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { buildTree, checkTag, clashesOnDelete, descendantsOf, flatten, planMerge } from './codebook.ts';
import { MergeForm, TagForm } from './codebook-forms.ts';
import { domainTable, pathLabel, tagOptions, treeView } from './codebook-view.ts';
import {
  countTags,
  createTag,
  deleteTag,
  findTag,
  listTags,
  mergeTags,
  storiesWithTag,
  updateTag,
} from './tags-store.ts';

/** Who reads the codebook and tags stories; who shapes the codebook. */
export const TAGGERS = rolesFor('tagStories');
export const CODEBOOK_EDITORS = rolesFor('shapeCodebook');
const READ = { roles: TAGGERS };
const MANAGE = { roles: CODEBOOK_EDITORS };
const MANAGE_FORM = { roles: CODEBOOK_EDITORS, keepsFormOnCsrfFailure: true };

interface Form {
  errors?: FieldErrors;
  values?: FormValues;
}

export const codebookPath = (inquiry: Pick<Inquiry, 'alliance_id' | 'id'>) => `${inquiryPath(inquiry)}/codebook`;
const parentOf = (value: string | undefined) => (value ? Number(value) : null);

export async function codebookPageRoutes(app: FastifyInstance): Promise<void> {
  const canManage = (request: FastifyRequest) => can(membershipOf(request).role, 'shapeCodebook');

  async function tagOf(inquiry: Inquiry, request: FastifyRequest): Promise<Tag> {
    const tag = await findTag(app.db, inquiry, idParam(request, 'tagId'));
    if (!tag) throw notFound();
    return tag;
  }

  async function codebookPage(request: FastifyRequest, reply: FastifyReply, inquiry: Inquiry, form: Form = {}) {
    const [tags, counts, domains] = await Promise.all([
      listTags(app.db, inquiry),
      countTags(app.db, inquiry),
      listDomains(app.db, inquiry),
    ]);
    return reply.page('codebook/codebook', {
      pageTitle: inquiry.title,
      inquiry,
      base: inquiryPath(inquiry),
      codebook: codebookPath(inquiry),
      tree: treeView(tags, counts),
      table: domainTable(tags, counts, domains),
      options: tagOptions(tags),
      canManage: canManage(request),
      errors: form.errors ?? {},
      values: form.values ?? {},
      navInquiries: true,
    });
  }

  async function tagPage(request: FastifyRequest, reply: FastifyReply, inquiry: Inquiry, tag: Tag, form: Form = {}) {
    const tags = await listTags(app.db, inquiry);
    const node = flatten(buildTree(tags)).find((n) => n.tag.id === tag.id)!;
    return reply.page('codebook/tag', {
      pageTitle: tag.name,
      inquiry,
      codebook: codebookPath(inquiry),
      tag,
      path: node.path.length > 1 ? pathLabel(node.path.slice(0, -1)) : null,
      subTags: node.children.map((c) => c.tag),
      stories: await storiesWithTag(app.db, inquiry, tag),
      options: tagOptions(tags, new Set([tag.id, ...descendantsOf(tags, tag.id)])),
      canManage: canManage(request),
      errors: form.errors ?? {},
      values: form.values ?? {
        name: tag.name,
        description: tag.description,
        parentId: tag.parent_id === null ? '' : String(tag.parent_id),
      },
      navInquiries: true,
    });
  }

  app.get('/inquiries/:inquiryId/codebook', { config: READ }, async (request, reply) =>
    codebookPage(request, reply, await inquiryOf(app, request)),
  );

  app.post('/inquiries/:inquiryId/codebook', { config: MANAGE_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const form = readForm(request, TagForm);
    if (!form.ok) return codebookPage(request, reply.code(422), inquiry, form);
    const fields = {
      name: form.value.name,
      description: form.value.description ?? '',
      parentId: parentOf(form.value.parentId),
    };
    const errors = checkTag(await listTags(app.db, inquiry), fields);
    if (Object.keys(errors).length > 0)
      return codebookPage(request, reply.code(422), inquiry, { errors, values: form.values });
    const tag = await createTag(app.db, signedIn(request), inquiry, fields);
    request.session.set('flash', 'codebook.flash.created');
    return reply.redirect(`${codebookPath(inquiry)}#tag-${tag.id}`, 303);
  });

  app.get('/inquiries/:inquiryId/codebook/:tagId', { config: READ }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    return tagPage(request, reply, inquiry, await tagOf(inquiry, request));
  });

  app.post('/inquiries/:inquiryId/codebook/:tagId', { config: MANAGE_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const tag = await tagOf(inquiry, request);
    const form = readForm(request, TagForm);
    if (!form.ok) return tagPage(request, reply.code(422), inquiry, tag, form);
    const fields = {
      name: form.value.name,
      description: form.value.description ?? '',
      parentId: parentOf(form.value.parentId),
    };
    const errors = checkTag(await listTags(app.db, inquiry), fields, tag.id);
    if (Object.keys(errors).length > 0)
      return tagPage(request, reply.code(422), inquiry, tag, { errors, values: form.values });
    await updateTag(app.db, signedIn(request), inquiry, tag, fields);
    request.session.set('flash', 'codebook.flash.saved');
    return reply.redirect(`${codebookPath(inquiry)}#tag-${tag.id}`, 303);
  });

  async function mergePage(reply: FastifyReply, inquiry: Inquiry, tag: Tag, form: Form = {}) {
    const tags = await listTags(app.db, inquiry);
    return reply.page('codebook/merge', {
      pageTitle: tag.name,
      inquiry,
      codebook: codebookPath(inquiry),
      tag,
      stories: (await countTags(app.db, inquiry)).stories.get(tag.id) ?? 0,
      subTags: tags.filter((t) => t.parent_id === tag.id).length,
      options: tagOptions(tags, new Set([tag.id, ...descendantsOf(tags, tag.id)])),
      errors: form.errors ?? {},
      values: form.values ?? {},
      navInquiries: true,
    });
  }

  app.get('/inquiries/:inquiryId/codebook/:tagId/merge', { config: MANAGE }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    return mergePage(reply, inquiry, await tagOf(inquiry, request));
  });

  app.post('/inquiries/:inquiryId/codebook/:tagId/merge', { config: MANAGE_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const tag = await tagOf(inquiry, request);
    const form = readForm(request, MergeForm);
    if (!form.ok) return mergePage(reply.code(422), inquiry, tag, form);
    const tags = await listTags(app.db, inquiry);
    const into = tags.find((t) => t.id === Number(form.value.into));
    const plan = into && planMerge(tags, tag.id, into.id);
    if (!into || !plan)
      return mergePage(reply.code(422), inquiry, tag, {
        errors: { into: into ? 'codebook.errors.mergeLoop' : 'codebook.errors.mergeInto' },
        values: form.values,
      });
    await mergeTags(app.db, signedIn(request), inquiry, tag, into, plan);
    request.session.set('flash', 'codebook.flash.merged');
    return reply.redirect(`${codebookPath(inquiry)}/${into.id}`, 303);
  });

  async function deletePage(reply: FastifyReply, inquiry: Inquiry, tag: Tag, form: Form = {}) {
    const tags = await listTags(app.db, inquiry);
    return reply.page('codebook/delete', {
      pageTitle: tag.name,
      inquiry,
      codebook: codebookPath(inquiry),
      tag,
      stories: (await countTags(app.db, inquiry)).stories.get(tag.id) ?? 0,
      subTags: tags.filter((t) => t.parent_id === tag.id).map((t) => t.name),
      parent: tags.find((t) => t.id === tag.parent_id)?.name ?? null,
      clashes: clashesOnDelete(tags, tag).map((t) => t.name),
      errors: form.errors ?? {},
      navInquiries: true,
    });
  }

  app.get('/inquiries/:inquiryId/codebook/:tagId/delete', { config: MANAGE }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    return deletePage(reply, inquiry, await tagOf(inquiry, request));
  });

  app.post('/inquiries/:inquiryId/codebook/:tagId/delete', { config: MANAGE }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const tag = await tagOf(inquiry, request);
    if (clashesOnDelete(await listTags(app.db, inquiry), tag).length > 0)
      return deletePage(reply.code(422), inquiry, tag, { errors: { _form: 'codebook.errors.deleteClash' } });
    await deleteTag(app.db, signedIn(request), inquiry, tag);
    request.session.set('flash', 'codebook.flash.deleted');
    return reply.redirect(codebookPath(inquiry), 303);
  });
}
