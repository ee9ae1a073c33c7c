/** Domains of change (MSC step 2): a coordinator adds, renames and describes them; moving and removing are in item-routes. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Domain, Inquiry } from '../db/schema.ts';
import { signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { DomainForm } from './forms.ts';
import { addDomain, domainNameTaken, findDomain, updateDomain } from './guide-store.ts';
import { itemRoutes } from './item-routes.ts';
import { COORDINATOR, COORDINATOR_FORM, inquiryOf, inquiryPath } from './route-helpers.ts';

export async function domainRoutes(app: FastifyInstance): Promise<void> {
  function domainPage(
    reply: FastifyReply,
    inquiry: Inquiry,
    domain: Domain | undefined,
    form: { errors?: FieldErrors; values?: FormValues } = {},
  ) {
    const base = inquiryPath(inquiry);
    return reply.page('inquiries/domain', {
      inquiry,
      base,
      domain,
      action: domain ? `${base}/domains/${domain.id}` : `${base}/domains/new`,
      titleKey: domain ? 'inquiries.domain.editTitle' : 'inquiries.domain.addTitle',
      errors: form.errors ?? {},
      values: form.values ?? (domain ? { name: domain.name, description: domain.description } : {}),
      navInquiries: true,
    });
  }

  async function domainOf(inquiry: Inquiry, id: number): Promise<Domain> {
    const domain = await findDomain(app.db, inquiry, id);
    if (!domain) throw notFound();
    return domain;
  }

  app.get('/inquiries/:inquiryId/domains/new', { config: COORDINATOR }, async (request, reply) =>
    domainPage(reply, await inquiryOf(app, request), undefined),
  );

  app.post('/inquiries/:inquiryId/domains/new', { config: COORDINATOR_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const form = readForm(request, DomainForm);
    if (!form.ok) return domainPage(reply.code(422), inquiry, undefined, form);
    if (await domainNameTaken(app.db, inquiry, form.value.name))
      return domainPage(reply.code(422), inquiry, undefined, {
        errors: { name: 'inquiries.errors.domainTaken' },
        values: form.values,
      });
    const domain = await addDomain(app.db, signedIn(request), inquiry, {
      name: form.value.name,
      description: form.value.description ?? '',
    });
    request.session.set('flash', 'inquiries.flash.domainAdded');
    return reply.redirect(`${inquiryPath(inquiry)}#domain-${domain.id}`, 303);
  });

  app.get('/inquiries/:inquiryId/domains/:domainId', { config: COORDINATOR }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    return domainPage(reply, inquiry, await domainOf(inquiry, idParam(request, 'domainId')));
  });

  app.post('/inquiries/:inquiryId/domains/:domainId', { config: COORDINATOR_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const domain = await domainOf(inquiry, idParam(request, 'domainId'));
    const form = readForm(request, DomainForm);
    if (!form.ok) return domainPage(reply.code(422), inquiry, domain, form);
    if (await domainNameTaken(app.db, inquiry, form.value.name, domain.id))
      return domainPage(reply.code(422), inquiry, domain, {
        errors: { name: 'inquiries.errors.domainTaken' },
        values: form.values,
      });
    await updateDomain(app.db, signedIn(request), inquiry, domain, {
      name: form.value.name,
      description: form.value.description ?? '',
    });
    request.session.set('flash', 'inquiries.flash.domainSaved');
    return reply.redirect(`${inquiryPath(inquiry)}#domain-${domain.id}`, 303);
  });

  itemRoutes(app, {
    list: 'domains',
    param: 'domainId',
    section: 'domains',
    anchor: 'domain',
    find: findDomain,
    nameOf: (item) => item.name,
  });
}
