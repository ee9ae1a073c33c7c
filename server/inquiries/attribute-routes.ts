/** "About the storyteller": what the inquiry asks about who tells each story (moving and removing are in item-routes). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Attribute, Inquiry } from '../db/schema.ts';
import { signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { allErrors, attributeClash, checkAttribute, typedText, type AttributeInput } from './checks.ts';
import { AttributeForm } from './forms.ts';
import { addAttribute, findAttribute, updateAttribute } from './guide-store.ts';
import { optionsOf } from './guide-view.ts';
import { listAttributes } from './inquiries-store.ts';
import { itemRoutes } from './item-routes.ts';
import { COORDINATOR, COORDINATOR_FORM, inquiryOf, inquiryPath } from './route-helpers.ts';

export async function attributeRoutes(app: FastifyInstance): Promise<void> {
  function attributePage(
    reply: FastifyReply,
    inquiry: Inquiry,
    attribute: Attribute | undefined,
    form: { errors?: FieldErrors; values?: FormValues } = {},
  ) {
    const base = inquiryPath(inquiry);
    return reply.page('inquiries/attribute', {
      inquiry,
      base,
      attribute,
      action: attribute ? `${base}/attributes/${attribute.id}` : `${base}/attributes/new`,
      titleKey: attribute ? 'inquiries.attribute.editTitle' : 'inquiries.attribute.addTitle',
      errors: form.errors ?? {},
      values:
        form.values ??
        (attribute
          ? { label: attribute.label, kind: attribute.kind, options: optionsOf(attribute).join('\n') }
          : { kind: 'single' }),
      navInquiries: true,
    });
  }

  async function attributeOf(inquiry: Inquiry, id: number): Promise<Attribute> {
    const attribute = await findAttribute(app.db, inquiry, id);
    if (!attribute) throw notFound();
    return attribute;
  }

  /** What was typed, or every problem with it at once, among them a label another storyteller question already has. */
  async function readAttribute(
    request: FastifyRequest,
    inquiry: Inquiry,
    attribute?: Attribute,
  ): Promise<{ ok: true; value: AttributeInput } | { ok: false; errors: FieldErrors; values: FormValues }> {
    const form = readForm(request, AttributeForm);
    const checked = form.ok ? checkAttribute(form.value) : form;
    const clash = attributeClash(await listAttributes(app.db, inquiry), typedText(form.values, 'label'), attribute?.id);
    const errors = allErrors(AttributeForm, checked.ok ? {} : checked.errors, clash);
    if (checked.ok && Object.keys(errors).length === 0) return { ok: true, value: checked.value };
    return { ok: false, errors, values: form.values };
  }

  app.get('/inquiries/:inquiryId/attributes/new', { config: COORDINATOR }, async (request, reply) =>
    attributePage(reply, await inquiryOf(app, request), undefined),
  );

  app.post('/inquiries/:inquiryId/attributes/new', { config: COORDINATOR_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const checked = await readAttribute(request, inquiry);
    if (!checked.ok) return attributePage(reply.code(422), inquiry, undefined, checked);
    const attribute = await addAttribute(app.db, signedIn(request), inquiry, checked.value);
    request.session.set('flash', 'inquiries.flash.attributeAdded');
    return reply.redirect(`${inquiryPath(inquiry)}#attribute-${attribute.id}`, 303);
  });

  app.get('/inquiries/:inquiryId/attributes/:attributeId', { config: COORDINATOR }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    return attributePage(reply, inquiry, await attributeOf(inquiry, idParam(request, 'attributeId')));
  });

  app.post('/inquiries/:inquiryId/attributes/:attributeId', { config: COORDINATOR_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const attribute = await attributeOf(inquiry, idParam(request, 'attributeId'));
    const checked = await readAttribute(request, inquiry, attribute);
    if (!checked.ok) return attributePage(reply.code(422), inquiry, attribute, checked);
    await updateAttribute(app.db, signedIn(request), inquiry, attribute, checked.value);
    request.session.set('flash', 'inquiries.flash.attributeSaved');
    return reply.redirect(`${inquiryPath(inquiry)}#attribute-${attribute.id}`, 303);
  });

  itemRoutes(app, {
    list: 'attributes',
    param: 'attributeId',
    section: 'storyteller',
    anchor: 'attribute',
    find: findAttribute,
    nameOf: (item) => item.label,
  });
}
