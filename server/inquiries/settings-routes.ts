/** A coordinator's settings for an inquiry (title, purpose, period, topic, consent, languages, story codes) and its public link. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Inquiry } from '../db/schema.ts';
import { signedIn } from '../web/auth.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { allErrors, checkSettings, settingsErrors, typedText } from './checks.ts';
import { SettingsForm } from './forms.ts';
import { COORDINATOR, COORDINATOR_FORM, inquiryOf, inquiryPath } from './route-helpers.ts';
import { closePublicLink, openPublicLink, renewPublicLink, updateSettings } from './settings-store.ts';

/** The form as the inquiry stands, before any change. */
function settingsValues(inquiry: Inquiry): FormValues {
  return {
    title: inquiry.title,
    purpose: inquiry.purpose,
    periodStart: inquiry.period_start ?? '',
    periodEnd: inquiry.period_end ?? '',
    periodWords: inquiry.period_words,
    aiTopic: inquiry.ai_topic,
    consentStatement: inquiry.consent_statement,
    languages: inquiry.languages.split(',').join(', '),
    codePrefix: inquiry.code_prefix,
  };
}

export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  function settingsPage(
    reply: FastifyReply,
    inquiry: Inquiry,
    form: { errors?: FieldErrors; values?: FormValues } = {},
  ) {
    return reply.page('inquiries/settings', {
      inquiry,
      base: inquiryPath(inquiry),
      showTopic: inquiry.method !== 'msc' || inquiry.ai_topic !== '',
      errors: form.errors ?? {},
      values: form.values ?? settingsValues(inquiry),
      navInquiries: true,
    });
  }

  app.get('/inquiries/:inquiryId/settings', { config: COORDINATOR }, async (request, reply) =>
    settingsPage(reply, await inquiryOf(app, request)),
  );

  app.post('/inquiries/:inquiryId/settings', { config: COORDINATOR_FORM }, async (request, reply) => {
    const inquiry = await inquiryOf(app, request);
    const form = readForm(request, SettingsForm);
    if (!form.ok) {
      // The dates' order and the language codes are checked on what was typed too: every problem shows at once.
      const typed = (name: string) => typedText(form.values, name);
      const more = settingsErrors({
        periodStart: typed('periodStart'),
        periodEnd: typed('periodEnd'),
        languages: typed('languages'),
      });
      return settingsPage(reply.code(422), inquiry, {
        errors: allErrors(SettingsForm, form.errors, more),
        values: form.values,
      });
    }
    const checked = checkSettings(form.value);
    if (!checked.ok) return settingsPage(reply.code(422), inquiry, { errors: checked.errors, values: form.values });
    await updateSettings(app.db, signedIn(request), inquiry, checked.value);
    request.session.set('flash', 'inquiries.flash.settingsSaved');
    return reply.redirect(inquiryPath(inquiry), 303);
  });

  const linkActions = { open: openPublicLink, close: closePublicLink, renew: renewPublicLink } as const;
  for (const [name, act] of Object.entries(linkActions)) {
    app.post(`/inquiries/:inquiryId/public/${name}`, { config: COORDINATOR }, async (request, reply) => {
      const inquiry = await inquiryOf(app, request);
      await act(app.db, signedIn(request), inquiry);
      request.session.set('flash', `inquiries.flash.public.${name}`);
      return reply.redirect(`${inquiryPath(inquiry)}#public`, 303);
    });
  }
}
