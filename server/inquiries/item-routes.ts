/**
 * Moving and removing a domain, question or storyteller attribute: the same for all three lists. Removing asks
 * first, and says what happens to the stories already told.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { signedIn } from '../web/auth.ts';
import { HttpError, notFound } from '../web/errors.ts';
import { readForm } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { MoveForm } from './forms.ts';
import { moveItem, removeItem, type GuideList } from './guide-lists-store.ts';
import { COORDINATOR, inquiryOf, inquiryPath } from './route-helpers.ts';

export interface ItemKind<T> {
  list: GuideList;
  /** The route parameter naming the item, e.g. domainId. */
  param: string;
  /** Where the list is on the inquiry page, and the prefix of each item's anchor there. */
  section: string;
  anchor: string;
  find(db: Db, inquiry: Inquiry, id: number): Promise<T | undefined>;
  /** The item's name as shown on the removal question. */
  nameOf(item: T): string;
}

export function itemRoutes<T>(app: FastifyInstance, kind: ItemKind<T>): void {
  const path = `/inquiries/:inquiryId/${kind.list}/:${kind.param}`;

  app.post(`${path}/move`, { config: COORDINATOR }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const id = idParam(request, kind.param);
    const form = readForm(request, MoveForm);
    // Only the page's own buttons send a direction: anything else is not a request Hearth can read.
    if (!form.ok) throw new HttpError(400, 'errors.badRequest');
    if (!(await moveItem(app.db, signedIn(request), inquiry, kind.list, id, form.value.direction))) throw notFound();
    return reply.redirect(`${inquiryPath(inquiry)}#${kind.anchor}-${id}`, 303);
  });

  app.get(`${path}/remove`, { config: COORDINATOR }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const id = idParam(request, kind.param);
    const item = await kind.find(app.db, inquiry, id);
    if (!item) throw notFound();
    const base = inquiryPath(inquiry);
    return reply.page('inquiries/remove', {
      inquiry,
      base,
      list: kind.list,
      name: kind.nameOf(item),
      action: `${base}/${kind.list}/${id}/remove`,
      back: `${base}#${kind.anchor}-${id}`,
      navInquiries: true,
    });
  });

  app.post(`${path}/remove`, { config: COORDINATOR }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    if (!(await removeItem(app.db, signedIn(request), inquiry, kind.list, idParam(request, kind.param))))
      throw notFound();
    request.session.set('flash', `inquiries.flash.removed.${kind.list}`);
    return reply.redirect(`${inquiryPath(inquiry)}#${kind.section}`, 303);
  });
}
