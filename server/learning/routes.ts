/**
 * The learning log of an inquiry: everyone reads it; coordinators and facilitators add and change items. Items still
 * open from an earlier reporting period are shown first, as carried over: that is how the log enters the next period.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { inquiryOf, inquiryPath } from '../inquiries/route-helpers.ts';
import { LEARNING_KINDS, LEARNING_STATUSES, type Inquiry } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { audienceOf } from '../stories/consent.ts';
import { idParam } from '../web/params.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { LearningForm, missingNames, periodOf, typedCodes, UNFINISHED, type LearningValues } from './forms.ts';
import {
  addItem,
  findItem,
  listItems,
  storiesByCode,
  updateItem,
  type LearningEntry,
  type LearningInput,
} from './store.ts';
import { listRounds } from '../rounds/rounds-store.ts';

/** A refused form: what was typed, the message for each field, and what a message names (the wrong codes). */
interface FormProblems {
  values: FormValues;
  errors: FieldErrors;
  errorNames: Record<string, { names: string; count: number }>;
}

const EDITORS = { roles: rolesFor('keepLearningLog'), keepsFormOnCsrfFailure: true };

export async function learningRoutes(app: FastifyInstance): Promise<void> {
  async function formChoices(inquiry: Inquiry, values: FormValues) {
    const ticked = [values['rounds[]'] ?? []].flat();
    const rounds = await listRounds(app.db, inquiry.alliance_id, inquiry.id);
    return {
      kinds: LEARNING_KINDS.map((k) => ({
        id: `kind-${k}`,
        value: k,
        labelKey: `learning.kinds.${k}`,
        checked: values.kind === k,
      })),
      statuses: LEARNING_STATUSES,
      rounds: rounds.map((r) => ({
        id: `round-${r.id}`,
        value: String(r.id),
        label: r.name,
        checked: ticked.includes(String(r.id)),
      })),
    };
  }

  async function logPage(
    request: FastifyRequest,
    reply: FastifyReply,
    inquiry: Inquiry,
    form: Partial<FormProblems> = {},
  ) {
    const period = periodOf(inquiry);
    const items = await listItems(app.db, inquiry, audienceOf(membershipOf(request).role));
    const current = items.filter((i) => i.period === period);
    const earlier = items.filter((i) => i.period !== period);
    const values = form.values ?? { kind: 'learned', status: 'open' };
    return reply.page('learning/log', {
      navInquiries: true,
      inquiry,
      base: inquiryPath(inquiry),
      period,
      carried: earlier.filter((i) => UNFINISHED.has(i.status)),
      learned: current.filter((i) => i.kind === 'learned'),
      willDo: current.filter((i) => i.kind === 'will_do'),
      questions: current.filter((i) => i.kind === 'question'),
      finishedEarlier: earlier.filter((i) => !UNFINISHED.has(i.status)),
      choices: await formChoices(inquiry, values),
      values,
      errors: form.errors ?? {},
      errorNames: form.errorNames ?? {},
    });
  }

  async function itemPage(
    reply: FastifyReply,
    inquiry: Inquiry,
    item: LearningEntry,
    form: { values: FormValues } & Partial<FormProblems>,
  ) {
    return reply.page('learning/item', {
      navInquiries: true,
      inquiry,
      base: inquiryPath(inquiry),
      item,
      choices: await formChoices(inquiry, form.values),
      values: form.values,
      errors: form.errors ?? {},
      errorNames: form.errorNames ?? {},
    });
  }

  /** The form's items as links: every story code must name a story of this inquiry; rounds must be the inquiry's. */
  async function readItem(
    request: FastifyRequest,
    inquiry: Inquiry,
  ): Promise<{ ok: true; input: LearningInput } | ({ ok: false } & FormProblems)> {
    const form = readForm(request, LearningForm);
    // Story codes and rounds are checked even when another field is wrong, so every message shows at once.
    const errors: FieldErrors = Object.fromEntries(
      Object.entries(form.ok ? {} : form.errors).map(([k, v]) => [k === 'rounds[]' ? 'rounds' : k, v]),
    );
    const errorNames: FormProblems['errorNames'] = {};
    const stories = form.values.stories;
    const typed = typedCodes(typeof stories === 'string' && !errors.stories ? stories : undefined);
    const codes = [...typed.keys()];
    const found = await storiesByCode(app.db, inquiry, codes);
    const missing = [...typed].filter(([code]) => !found.has(code));
    if (missing.length > 0) {
      // The message names each code that is wrong, so the person knows which to fix.
      const t = translator(languageOf(request));
      errors.stories = 'learning.errors.unknownStories';
      errorNames.stories = missingNames(missing, languageOf(request), (text) => t('learning.errors.quoted', { text }));
    }
    const ticked = [form.values['rounds[]'] ?? []].flat();
    const rounds = new Set((await listRounds(app.db, inquiry.alliance_id, inquiry.id)).map((r) => String(r.id)));
    if (!errors.rounds && ticked.some((r) => !rounds.has(r))) errors.rounds = 'learning.errors.rounds';
    if (!form.ok || Object.keys(errors).length > 0) return { ok: false, values: form.values, errors, errorNames };
    const value: LearningValues = form.value;
    return {
      ok: true,
      input: {
        kind: value.kind,
        text: value.text,
        owner: value.owner ?? '',
        status: value.status,
        storyIds: codes.map((c) => found.get(c)!),
        roundIds: [...new Set(value['rounds[]'].map(Number))],
      },
    };
  }

  app.get('/inquiries/:inquiryId/learning', { config: { roles: rolesFor('readFeedback') } }, async (request, reply) =>
    logPage(request, reply, await inquiryOf(app, request)),
  );

  app.post('/inquiries/:inquiryId/learning', { config: EDITORS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const read = await readItem(request, inquiry);
    if (!read.ok) return logPage(request, reply.code(422), inquiry, read);
    const user = signedIn(request);
    const item = await addItem(app.db, { id: user.id, name: user.name }, inquiry, read.input, periodOf(inquiry));
    request.session.set('flash', 'learning.added');
    return reply.redirect(`${inquiryPath(inquiry)}/learning#item-${item.id}`, 303);
  });

  async function itemOf(request: FastifyRequest, inquiry: Inquiry): Promise<LearningEntry> {
    const item = await findItem(app.db, inquiry, idParam(request, 'itemId'));
    if (!item) throw notFound();
    return item;
  }

  app.get('/inquiries/:inquiryId/learning/:itemId', { config: EDITORS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const item = await itemOf(request, inquiry);
    const values = {
      kind: item.kind,
      text: item.text,
      owner: item.owner,
      status: item.status,
      stories: item.stories.map((s) => s.code).join(', '),
      'rounds[]': item.rounds.map((r) => String(r.id)),
    };
    return itemPage(reply, inquiry, item, { values });
  });

  app.post('/inquiries/:inquiryId/learning/:itemId', { config: EDITORS }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const item = await itemOf(request, inquiry);
    const read = await readItem(request, inquiry);
    if (!read.ok) return itemPage(reply.code(422), inquiry, item, read);
    const user = signedIn(request);
    await updateItem(app.db, { id: user.id, name: user.name }, inquiry, item, read.input);
    request.session.set('flash', 'learning.changed');
    return reply.redirect(`${inquiryPath(inquiry)}/learning#item-${item.id}`, 303);
  });
}
