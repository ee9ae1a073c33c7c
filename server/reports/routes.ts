/**
 * The inquiry's report (MSC steps 8 and 9 for funders) and its sharing. Coordinators and facilitators read the
 * staff report and can switch to what funders see; readers (often funders themselves) always get the funder view.
 * Interviewers record stories rather than report on them: 403. Coordinators write the introduction and
 * conclusions and make, list and revoke share links; /shared/<token> (shared-routes.ts) needs no account.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, rolesFor } from '../accounts/permissions.ts';
import { findInquiry, listInquiries } from '../inquiries/inquiries-store.ts';
import { roundsSatOn } from '../rounds/participants-store.ts';
import { listDecisions } from '../rounds/decisions-store.ts';
import { listRounds } from '../rounds/rounds-store.ts';
import type { Inquiry } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import type { PrintJob } from '../web/pdf.ts';
import { queuePdfFromForm, sendPrintable } from '../printing/asking.ts';
import { linkTo } from '../web/public-link.ts';
import { Fields, FormBody } from '../web/schemas.ts';
import { reportDocument, reportFileName } from './document.ts';
import { DEFAULT_DAYS, MAX_DAYS, ShareForm, TextsForm, readPeriod, shareDays } from './forms.ts';
import type { Audience } from '../stories/consent.ts';
import { defaultPeriod, makeReport, type Report, type ReportPeriod } from './report.ts';
import { findTexts, saveTexts } from './report-store.ts';
import { languagesOffered } from '../translations/forms.ts';
import { readTranslationChoice, withTranslations } from '../translations/printed.ts';
import { translatedLanguages } from '../translations/store.ts';
import { languageNamer } from '../web/language-names.ts';
import { createShareLink, listShareLinks, revokeShareLink } from './share-store.ts';

const READERS = { roles: rolesFor('readReports') };
const WRITERS = { roles: rolesFor('writeReports') };
const WRITERS_FORM = { ...WRITERS, keepsFormOnCsrfFailure: true };

/** The report's pages read the period (and the audience) from the query string. */
type ReportRoute = { Querystring: Fields };
const REPORT_SCHEMA = { querystring: Fields };

/** The report as a document to print, in the reader's language. */
export function reportJob(lang: string, report: Report): PrintJob {
  return { html: reportDocument({ lang, report }), paper: 'a4', fileName: reportFileName(report.title) };
}

/** "?from=…&to=…" (and more), leaving out what is empty. */
export function periodQuery(period: ReportPeriod, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ from: period.from, to: period.to, ...extra })) if (v) params.set(k, v);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  async function inquiryOf(request: FastifyRequest): Promise<Inquiry> {
    const inquiry = await findInquiry(app.db, membershipOf(request).alliance_id, idParam(request, 'inquiryId'));
    if (!inquiry) throw notFound();
    return inquiry;
  }

  const baseOf = (inquiry: Inquiry) => `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}`;

  /** Readers always see what funders see; others choose with ?audience=funders. */
  function audienceOf(request: FastifyRequest<ReportRoute>): Audience {
    if (!can(membershipOf(request).role, 'seeTeamView')) return 'funders';
    return request.query.audience === 'funders' ? 'funders' : 'team';
  }

  // The page's own language: a signed-in person's choice, or for a funder with no account the language they picked.
  const language = (request: FastifyRequest) => languageOf(request);

  // Where readers (often funders) start: each inquiry's report, learning log and rounds' feedback, and the panels
  // they were added to. Staff reach the same pages from the inquiry's own pages.
  app.get('/reports', { config: READERS }, async (request, reply) => {
    const allianceId = membershipOf(request).alliance_id;
    const inquiries = await listInquiries(app.db, allianceId);
    const rounds = await Promise.all(inquiries.map((i) => listRounds(app.db, allianceId, i.id)));
    const sitting = await roundsSatOn(
      app.db,
      signedIn(request).id,
      rounds.flat().map((r) => r.id),
    );
    // The feedback page tells what a panel chose and why: offered once it has chosen (or sent or closed the round),
    // not while the round is still being prepared or read, when the page would only say "not decided".
    const decided = new Set(
      (
        await Promise.all(
          rounds.flat().map(async (r) => ((await listDecisions(app.db, r.id)).length > 0 ? [r.id] : [])),
        )
      ).flat(),
    );
    return reply.page('reports/index', {
      inquiries: inquiries.map((inquiry, at) => ({
        ...inquiry,
        rounds: rounds[at]!.map((round) => ({
          ...round,
          takePart: sitting.has(round.id) && (round.stage === 'reading' || round.stage === 'voting'),
          feedback: decided.has(round.id) || round.feedback_sent_at !== null || round.stage === 'closed',
        })),
      })),
    });
  });

  async function reportPage(request: FastifyRequest<ReportRoute>, reply: FastifyReply) {
    const inquiry = await inquiryOf(request);
    const role = membershipOf(request).role;
    const teamView = can(role, 'seeTeamView');
    const audience = audienceOf(request);
    const asked = readPeriod(request.query, defaultPeriod(inquiry));
    // Quotes stay the teller's words; a translation may be added beneath them, labelled.
    const translation = readTranslationChoice(request.query);
    const report = await withTranslations(
      app.db,
      inquiry.alliance_id,
      await makeReport(app.db, language(request), inquiry, audience, asked.period),
      translation.language,
      language(request),
      audience,
    );
    const base = baseOf(inquiry);
    const errors = { ...asked.errors, ...translation.errors };
    const extra = {
      ...(audience === 'funders' && teamView ? { audience } : {}),
      ...(translation.language ? { translation: translation.language } : {}),
    };
    return reply.code(Object.keys(errors).length ? 422 : 200).page('reports/report', {
      report,
      inquiry,
      base,
      reportHref: `${base}/report`,
      errors,
      values: { ...asked.values, translation: translation.value },
      translationItems: languagesOffered(inquiry.languages, '', await translatedLanguages(app.db, inquiry)).map(
        (code) => ({
          value: code,
          label: languageNamer(language(request))(code),
          selected: code === translation.language,
        }),
      ),
      pdfHref: `${base}/report.pdf`,
      pdfFields: [...new URLSearchParams(periodQuery(asked.period, extra))].map(([name, value]) => ({ name, value })),
      funderViewHref: `${base}/report${periodQuery(asked.period, { audience: 'funders' })}`,
      staffViewHref: `${base}/report${periodQuery(asked.period)}`,
      editHref: `${base}/report/edit${periodQuery(asked.period)}`,
      shareHref: `${base}/report/share${periodQuery(asked.period)}`,
      codebookHref: can(role, 'tagStories') ? `${base}/codebook` : '',
      audienceValue: audience === 'funders' && teamView ? 'funders' : '',
      navInquiries: can(role, 'readStories'),
    });
  }

  app.get<ReportRoute>('/inquiries/:inquiryId/report', { schema: REPORT_SCHEMA, config: READERS }, reportPage);

  app.get<ReportRoute>(
    '/inquiries/:inquiryId/report.pdf',
    { schema: REPORT_SCHEMA, config: READERS },
    async (request, reply) => {
      const inquiry = await inquiryOf(request);
      const asked = readPeriod(request.query, defaultPeriod(inquiry));
      const translation = readTranslationChoice(request.query);
      if (Object.keys({ ...asked.errors, ...translation.errors }).length) return reportPage(request, reply);
      // Made only for the job runner: a person gets the page that queues it.
      const job = async () => {
        const report = await withTranslations(
          app.db,
          inquiry.alliance_id,
          await makeReport(app.db, language(request), inquiry, audienceOf(request), asked.period),
          translation.language,
          language(request),
          audienceOf(request),
        );
        return reportJob(languageOf(request), report);
      };
      const printHref = `${baseOf(inquiry)}/report${periodQuery(asked.period)}`;
      return sendPrintable(request, reply, job, { printHref, printKey: 'reports.printInstead' }, inquiry.title);
    },
  );

  /** Asking for the PDF queues a job; a team view stays the asker's only while their role still shows it. */
  app.post<{ Body: FormBody }>(
    '/inquiries/:inquiryId/report.pdf',
    { schema: { body: FormBody }, config: READERS },
    async (request, reply) => {
      const inquiry = await inquiryOf(request);
      const fields = request.body ?? {};
      const teamView = can(membershipOf(request).role, 'seeTeamView') && fields.audience !== 'funders';
      return queuePdfFromForm(request, reply, {
        kind: 'report',
        permissions: teamView ? ['readReports', 'seeTeamView'] : ['readReports'],
        invalid: (f) =>
          Object.keys({ ...readPeriod(f, defaultPeriod(inquiry)).errors, ...readTranslationChoice(f).errors }).length >
          0,
      });
    },
  );

  async function editPage(
    request: FastifyRequest<ReportRoute>,
    reply: FastifyReply,
    inquiry: Inquiry,
    form?: { errors: FieldErrors; values: FormValues },
  ) {
    const asked = readPeriod(form?.values ?? request.query, defaultPeriod(inquiry));
    const texts = await findTexts(app.db, inquiry, asked.period);
    const base = baseOf(inquiry);
    return reply.page('reports/edit', {
      inquiry,
      period: asked.period,
      errors: form?.errors ?? asked.errors,
      values: form?.values ?? {
        title: texts?.title ?? '',
        introduction: texts?.introduction ?? '',
        conclusions: texts?.conclusions ?? '',
        ...asked.values,
      },
      action: `${base}/report/edit`,
      reportHref: `${base}/report${periodQuery(asked.period)}`,
      navInquiries: true,
    });
  }

  app.get<ReportRoute>(
    '/inquiries/:inquiryId/report/edit',
    { schema: REPORT_SCHEMA, config: WRITERS },
    async (request, reply) => editPage(request, reply, await inquiryOf(request)),
  );

  app.post<ReportRoute>(
    '/inquiries/:inquiryId/report/edit',
    { schema: REPORT_SCHEMA, config: WRITERS_FORM },
    async (request, reply) => {
      const inquiry = await inquiryOf(request);
      const form = readForm(request, TextsForm);
      const asked = readPeriod(form.values, defaultPeriod(inquiry));
      const errors = { ...(form.ok ? {} : form.errors), ...asked.errors };
      if (!form.ok || Object.keys(errors).length)
        return editPage(request, reply.code(422), inquiry, { errors, values: form.values });
      await saveTexts(app.db, signedIn(request), inquiry, asked.period, {
        title: form.value.title ?? '',
        introduction: form.value.introduction ?? '',
        conclusions: form.value.conclusions ?? '',
      });
      request.session.set('flash', 'reports.flash.saved');
      return reply.redirect(`${baseOf(inquiry)}/report${periodQuery(asked.period)}`, 303);
    },
  );

  async function sharePage(
    request: FastifyRequest<ReportRoute>,
    reply: FastifyReply,
    inquiry: Inquiry,
    extra: { errors?: FieldErrors; values?: FormValues; link?: string } = {},
  ) {
    const asked = readPeriod(extra.values ?? request.query, defaultPeriod(inquiry));
    const base = baseOf(inquiry);
    return reply.page('reports/share', {
      inquiry,
      period: asked.period,
      links: (await listShareLinks(app.db, inquiry)).map((l) => ({
        ...l,
        expired: !l.revoked_at && l.expires_at <= new Date().toISOString(),
      })),
      errors: extra.errors ?? {},
      values: extra.values ?? { days: String(DEFAULT_DAYS), ...asked.values },
      link: extra.link,
      maxDays: MAX_DAYS,
      action: `${base}/report/share`,
      base,
      reportHref: `${base}/report${periodQuery(asked.period)}`,
      funderViewHref: `${base}/report${periodQuery(asked.period, { audience: 'funders' })}`,
      navInquiries: true,
    });
  }

  app.get<ReportRoute>(
    '/inquiries/:inquiryId/report/share',
    { schema: REPORT_SCHEMA, config: WRITERS },
    async (request, reply) => sharePage(request, reply, await inquiryOf(request)),
  );

  app.post<ReportRoute>(
    '/inquiries/:inquiryId/report/share',
    { schema: REPORT_SCHEMA, config: WRITERS_FORM },
    async (request, reply) => {
      const inquiry = await inquiryOf(request);
      const form = readForm(request, ShareForm);
      const asked = readPeriod(form.values, defaultPeriod(inquiry));
      const errors: FieldErrors = { ...(form.ok ? {} : form.errors), ...asked.errors };
      const days = shareDays(typeof form.values.days === 'string' ? form.values.days.trim() : '');
      if (!days && !errors.days) errors.days = 'reports.errors.days';
      if (!form.ok || !days || Object.keys(errors).length)
        return sharePage(request, reply.code(422), inquiry, { errors, values: form.values });
      const { token } = await createShareLink(app.db, signedIn(request), inquiry, {
        label: form.value.label,
        days,
        period: asked.period,
      });
      const link = linkTo(app, `/shared/${token}`);
      return sharePage(request, reply.code(201), inquiry, {
        link,
        values: { days: String(DEFAULT_DAYS), ...asked.values },
      });
    },
  );

  // Stopping a link cannot be undone and cuts off whoever holds it: asked first, on a page of its own (no script).
  app.get('/inquiries/:inquiryId/report/share/:linkId/revoke', { config: WRITERS }, async (request, reply) => {
    const inquiry = await inquiryOf(request);
    const link = (await listShareLinks(app.db, inquiry)).find((l) => l.id === idParam(request, 'linkId'));
    if (!link) throw notFound();
    const shareHref = `${baseOf(inquiry)}/report/share`;
    // Already stopped or expired: nothing to ask, the list says so.
    if (link.revoked_at || link.expires_at <= new Date().toISOString()) return reply.redirect(shareHref, 303);
    return reply.page('reports/stop-link', {
      inquiry,
      link,
      action: `${shareHref}/${link.id}/revoke`,
      shareHref,
      navInquiries: true,
    });
  });

  app.post('/inquiries/:inquiryId/report/share/:linkId/revoke', { config: WRITERS }, async (request, reply) => {
    const inquiry = await inquiryOf(request);
    if (!(await revokeShareLink(app.db, signedIn(request), inquiry, idParam(request, 'linkId')))) throw notFound();
    request.session.set('flash', 'reports.flash.revoked');
    return reply.redirect(`${baseOf(inquiry)}/report/share`, 303);
  });
}
