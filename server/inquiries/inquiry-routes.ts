/** The alliance's inquiries: the list, starting a new one from a method's template, an inquiry's page and its paper form. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSENT_USES, CONSENT_WAYS, METHODS, RECORDING_USES } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { LANGUAGES, translator } from '../web/i18n.ts';
import { languageOf, linkLanguage } from '../web/language.ts';
import { linkTo } from '../web/public-link.ts';
import { NewInquiryForm } from './forms.ts';
import { showGuide } from './guide-view.ts';
import { createInquiry, listInquiries, loadGuide } from './inquiries-store.ts';
import { questionLanguage, TEMPLATE_LANGUAGES } from './templates.ts';
import { COORDINATOR, COORDINATOR_FORM, INQUIRY_ROLES, inquiryOf, inquiryPath } from './route-helpers.ts';

export async function inquiryRoutes(app: FastifyInstance): Promise<void> {
  app.get('/inquiries', { config: INQUIRY_ROLES }, async (request, reply) => {
    return reply.page('inquiries/list', {
      inquiries: await listInquiries(app.db, membershipOf(request).alliance_id),
      navInquiries: true,
    });
  });

  /** The questions' language starts as the person's own interface language, when a template is written in it. */
  function newPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: FormValues } = {},
  ) {
    const chosen = String(form.values?.language ?? languageOf(request));
    const questionLanguages = TEMPLATE_LANGUAGES.map((code) => ({
      code,
      name: selfName(code),
      selected: code === chosen,
    }));
    return reply.page('inquiries/new', {
      methods: METHODS,
      questionLanguages,
      errors: form.errors ?? {},
      values: form.values ?? {},
      navInquiries: true,
    });
  }

  app.get('/inquiries/new', { config: COORDINATOR }, (request, reply) => newPage(request, reply));

  app.post('/inquiries/new', { config: COORDINATOR_FORM }, async (request, reply) => {
    const form = readForm(request, NewInquiryForm);
    if (!form.ok) return newPage(request, reply.code(422), form);
    const inquiry = await createInquiry(app.db, signedIn(request), membershipOf(request).alliance_id, form.value);
    request.session.set('flash', 'inquiries.flash.created');
    return reply.redirect(inquiryPath(inquiry), 303);
  });

  app.get('/inquiries/:inquiryId', { config: INQUIRY_ROLES }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const guide = showGuide(await loadGuide(app.db, inquiry), { for: 'page' });
    return reply.page('inquiries/inquiry', {
      pageTitle: inquiry.title,
      inquiry,
      guide,
      // The guide's own words (questions, domains, choices, period) are marked as written in this language.
      questionLanguage: questionLanguage(inquiry.languages),
      base: inquiryPath(inquiry),
      showDomains: inquiry.method !== 'ai' || guide.domains.length > 0,
      showTopic: inquiry.method === 'ai' || inquiry.ai_topic !== '',
      uses: CONSENT_USES,
      recordingUses: RECORDING_USES,
      publicLink: publicLink(request, inquiry.public_open === 1 ? inquiry.public_token : null),
      navInquiries: true,
    });
  });

  app.get('/inquiries/:inquiryId/paper', { config: INQUIRY_ROLES }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    // The words filling [domain] are read inside the question, so they come with the questions' language.
    const guide = showGuide(await loadGuide(app.db, inquiry), { for: 'paper' });
    return reply.page('inquiries/paper', {
      inquiry,
      guide,
      // The form is for the storyteller: in the inquiry's language (its questions' and consent statement's), not
      // in the language of whoever prints it.
      formLanguage: linkLanguage(inquiry.languages) ?? languageOf(request),
      base: inquiryPath(inquiry),
      uses: CONSENT_USES,
      recordingUses: RECORDING_USES,
      // Consent on a paper form is given aloud or signed; "online" is the public link's.
      ways: CONSENT_WAYS.filter((way) => way !== 'online'),
      navInquiries: true,
    });
  });
}

/**
 * A language's name in itself: from its interface file, or (for a template language whose interface is not
 * written yet) from the runtime's own list, so the choice never reads "English" for French.
 */
function selfName(code: string): string {
  if (LANGUAGES.includes(code)) return translator(code)('language.self');
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** The public storytelling link, in full, to copy and share; null when it is closed. */
export function publicLink(request: FastifyRequest, token: string | null): string | null {
  return token ? linkTo(request.server, `/tell/${token}`) : null;
}
