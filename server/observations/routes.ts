/**
 * Observations on patterns (NarraFirma's catalysis): facilitators and coordinators pin a pattern, write what they
 * see and what it might mean, readings side by side; take one up in the learning log as a question. The pattern's
 * numbers are made afresh on every page from the stories as they are now (../patterns/pattern.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { rolesFor } from '../accounts/permissions.ts';
import type { Inquiry } from '../db/schema.ts';
import { inquiryOf, inquiryPath } from '../inquiries/route-helpers.ts';
import { periodOf } from '../learning/forms.ts';
import { addItem, itemTakenUpFrom } from '../learning/store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { ChangeForm, InterpretationForm, PinForm } from './forms.ts';
import { observed } from './shown.ts';
import {
  addInterpretation,
  addObservation,
  findObservation,
  listObservations,
  removeInterpretation,
  removeObservation,
  updateObservation,
  type ObservationEntry,
} from './store.ts';

const PINNERS = { roles: rolesFor('seePatterns'), keepsFormOnCsrfFailure: true };
const LOGGERS = { roles: rolesFor('keepLearningLog') };

const actorOf = (request: FastifyRequest) => {
  const user = signedIn(request);
  return { id: user.id, name: user.name };
};
const viewerOf = (request: FastifyRequest) => {
  const m = membershipOf(request);
  return { userId: m.user_id, role: m.role };
};
const tOf = (request: FastifyRequest): TFunction => translator(languageOf(request));

export async function observationRoutes(app: FastifyInstance): Promise<void> {
  async function observationOf(request: FastifyRequest, inquiry: Inquiry): Promise<ObservationEntry> {
    const found = await findObservation(app.db, inquiry, idParam(request, 'observationId'));
    if (!found) throw notFound();
    return found;
  }

  /** The pin page: the pattern as it is now, and the form. */
  async function pinPage(
    request: FastifyRequest,
    reply: FastifyReply,
    inquiry: Inquiry,
    values: FormValues,
    errors: FieldErrors = {},
  ) {
    const shown = await observed(app.db, inquiry, viewerOf(request), languageOf(request), {
      pattern: String(values.pattern ?? ''),
      filters: String(values.filters ?? ''),
    });
    if (!shown.found && !errors.pattern) errors = { ...errors, pattern: 'observations.errors.pattern' };
    return reply.page('observations/new', {
      navInquiries: true,
      inquiry,
      base: inquiryPath(inquiry),
      shown,
      values,
      errors,
    });
  }

  app.get('/inquiries/:inquiryId/observations', { config: PINNERS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const lang = languageOf(request);
    const observations = await listObservations(app.db, inquiry);
    const shown = await Promise.all(observations.map((o) => observed(app.db, inquiry, viewerOf(request), lang, o)));
    return reply.page('observations/list', {
      navInquiries: true,
      inquiry,
      base: inquiryPath(inquiry),
      observations: observations.map((o, i) => ({ ...o, shown: shown[i] })),
    });
  });

  app.get<{ Querystring: Record<string, string | string[]> }>(
    '/inquiries/:inquiryId/observations/new',
    { config: PINNERS },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      const { pattern, ...filters } = request.query;
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(filters)) for (const v of [value].flat()) params.append(name, v);
      return pinPage(request, reply, inquiry, {
        pattern: typeof pattern === 'string' ? pattern : '',
        filters: params.toString(),
      });
    },
  );

  app.post('/inquiries/:inquiryId/observations', { config: PINNERS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const form = readForm(request, PinForm);
    if (!form.ok) return pinPage(request, reply.code(422), inquiry, form.values, form.errors);
    const { pattern, filters = '', text, first, second } = form.value;
    const shown = await observed(app.db, inquiry, viewerOf(request), languageOf(request), { pattern, filters });
    if (!shown.found)
      return pinPage(request, reply.code(422), inquiry, form.values, { pattern: 'observations.errors.pattern' });
    const observation = await addObservation(app.db, actorOf(request), inquiry, {
      pattern,
      filters: shown.filters,
      title: shown.title,
      text,
      interpretations: [first, second].filter((i): i is string => i !== undefined),
    });
    request.session.set('flash', 'observations.pinned');
    return reply.redirect(`${inquiryPath(inquiry)}/observations/${observation.id}`, 303);
  });

  /** The observation's change form as saved: what it shows unless that form itself was just sent back. */
  const saved = (observation: ObservationEntry): FormValues => ({
    text: observation.text,
    onCards: observation.on_cards ? ['1'] : [],
  });

  async function observationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    inquiry: Inquiry,
    observation: ObservationEntry,
    form: { values?: FormValues; errors?: FieldErrors } = {},
  ) {
    const shown = await observed(app.db, inquiry, viewerOf(request), languageOf(request), observation);
    return reply.page('observations/observation', {
      navInquiries: true,
      inquiry,
      base: inquiryPath(inquiry),
      observation,
      shown,
      takenUp: await itemTakenUpFrom(app.db, observation.id),
      removable: true,
      values: form.values ?? saved(observation),
      errors: form.errors ?? {},
    });
  }

  app.get('/inquiries/:inquiryId/observations/:observationId', { config: PINNERS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    return observationPage(request, reply, inquiry, await observationOf(request, inquiry));
  });

  app.post('/inquiries/:inquiryId/observations/:observationId', { config: PINNERS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const observation = await observationOf(request, inquiry);
    const form = readForm(request, ChangeForm);
    // An unticked box sends nothing: the page comes back with it unticked, as it was sent.
    if (!form.ok)
      return observationPage(request, reply.code(422), inquiry, observation, {
        errors: form.errors,
        values: { onCards: [], ...form.values },
      });
    await updateObservation(app.db, actorOf(request), inquiry, observation, {
      text: form.value.text,
      onCards: form.value.onCards.length > 0,
    });
    request.session.set('flash', 'observations.changed');
    return reply.redirect(`${inquiryPath(inquiry)}/observations/${observation.id}`, 303);
  });

  app.post(
    '/inquiries/:inquiryId/observations/:observationId/interpretations',
    { config: PINNERS },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      const observation = await observationOf(request, inquiry);
      const form = readForm(request, InterpretationForm);
      // The reading comes back as typed; the change form above it keeps what is saved.
      if (!form.ok)
        return observationPage(request, reply.code(422), inquiry, observation, {
          errors: form.errors,
          values: { ...saved(observation), ...form.values },
        });
      await addInterpretation(app.db, actorOf(request), inquiry, observation, form.value.interpretation);
      request.session.set('flash', 'observations.interpreted');
      return reply.redirect(`${inquiryPath(inquiry)}/observations/${observation.id}#interpretations`, 303);
    },
  );

  app.post(
    '/inquiries/:inquiryId/observations/:observationId/interpretations/:interpretationId/remove',
    { config: { roles: PINNERS.roles } },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      const observation = await observationOf(request, inquiry);
      const id = idParam(request, 'interpretationId');
      if (!(await removeInterpretation(app.db, actorOf(request), inquiry, observation, id))) throw notFound();
      request.session.set('flash', 'observations.interpretationRemoved');
      return reply.redirect(`${inquiryPath(inquiry)}/observations/${observation.id}#interpretations`, 303);
    },
  );

  app.post(
    '/inquiries/:inquiryId/observations/:observationId/remove',
    { config: { roles: PINNERS.roles } },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      const observation = await observationOf(request, inquiry);
      await removeObservation(app.db, actorOf(request), inquiry, observation);
      request.session.set('flash', 'observations.removed');
      return reply.redirect(`${inquiryPath(inquiry)}/observations`, 303);
    },
  );

  /** Takes the observation up in the learning log as a question, linked back to it. */
  app.post(
    '/inquiries/:inquiryId/observations/:observationId/learning',
    { config: LOGGERS },
    async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      const observation = await observationOf(request, inquiry);
      // Taken up once: a second press leads to the question already in the log.
      const already = await itemTakenUpFrom(app.db, observation.id);
      if (already) {
        request.session.set('flash', 'observations.alreadyTakenUp');
        return reply.redirect(`${inquiryPath(inquiry)}/learning#item-${already.id}`, 303);
      }
      const item = await addItem(
        app.db,
        actorOf(request),
        inquiry,
        {
          kind: 'question',
          text: tOf(request)('observations.question', { title: observation.title, text: observation.text }),
          owner: '',
          status: 'open',
          storyIds: [],
          roundIds: [],
          observationId: observation.id,
        },
        periodOf(inquiry),
      );
      request.session.set('flash', 'observations.takenUp');
      return reply.redirect(`${inquiryPath(inquiry)}/learning#item-${item.id}`, 303);
    },
  );
}
