/**
 * Story packs (settings, print-ready HTML, PDF) for a round or an inquiry's filtered stories, and the read-aloud
 * and exhibit screens. All GET: a pack is described by its address, so the settings, the pack and its PDF share it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import { questionLanguage } from '../inquiries/templates.ts';
import type { Inquiry, Round } from '../db/schema.ts';
import { roundStories } from '../rounds/rounds-store.ts';
import { membershipOf } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import type { FieldErrors } from '../web/forms.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { pdfUnavailable } from '../web/pdf.ts';
import { Fields, FormBody } from '../web/schemas.ts';
import { queuePdfFromForm, sendPrintable } from '../printing/asking.ts';
import { packDocument, sendScreen } from './document.ts';
import { exhibitSequence } from './exhibits.ts';
import { MAX_COPIES, PAPERS, packQuery } from './options.ts';
import { buildPack, fitTime, packStory, pdfFileName } from './pack.ts';
import { languageNamer } from '../web/language-names.ts';
import { packTranslations } from '../translations/printed.ts';
import { wordsOf, PACK_STATUSES } from './packs-store.ts';
import { cardChoices, cardsChosen, inquirySource, packProblem, roundOf, roundSource, type Source } from './sources.ts';

const FACILITATORS = { roles: rolesFor('runRounds') };
/** Interviewers print an inquiry's stories too, e.g. to read them back at a community group. */
const INQUIRY_PACK = { roles: rolesFor('printStories') };

/** A pack is described by its address: its settings and filters are in the query string (packs/options.ts reads them). */
type PackRoute = { Querystring: Fields };
const PACK_SCHEMA = { querystring: Fields };

/** The query as hidden fields, for a form that changes one thing (copies) and keeps the rest. */
function hiddenFields(query: string, except: string[]): { name: string; value: string }[] {
  return [...new URLSearchParams(query)]
    .filter(([name]) => !except.includes(name))
    .map(([name, value]) => ({ name, value }));
}

export async function packRoutes(app: FastifyInstance): Promise<void> {
  const pdf = app.pdf;

  function settingsPage(reply: FastifyReply, source: Source, status = 200, extraErrors: FieldErrors = {}) {
    const { request: packRequest } = source;
    const fit = fitTime(source.stories, packRequest.errors.story ? {} : packRequest.options);
    const query = packQuery(packRequest);
    const bad = Object.keys(packRequest.errors).length > 0;
    return reply.code(bad ? 422 : status).page('packs/settings', {
      source,
      fit,
      chosenCount: fit.chosen.length,
      errors: { ...packRequest.errors, ...extraErrors },
      values: packRequest.values,
      options: packRequest.options,
      filters: packRequest.filters,
      statuses: PACK_STATUSES,
      maxCopies: MAX_COPIES,
      packHref: `${source.base}/pack`,
      pdfHref: `${source.base}/pack.pdf`,
      settingsHref: `${source.base}/pack/settings`,
      previewHref: `${source.base}/pack?${query}`,
      paperItems: PAPERS.map((paper) => ({
        id: `paper-${paper}`,
        value: paper,
        labelKey: `packs.papers.${paper}`,
        checked: paper === packRequest.options.paper,
      })),
      layoutItems: (['one', 'two'] as const).map((layout) => ({
        id: `layout-${layout}`,
        value: layout,
        labelKey: `packs.layouts.${layout}`,
        checked: (layout === 'two') === packRequest.options.twoUp,
      })),
      translationItems: source.translationLanguages.map((code) => ({
        value: code,
        label: languageNamer(languageOf(reply.request))(code),
        selected: code === packRequest.options.translation,
      })),
      copiesValue: packRequest.values.copies ?? String(packRequest.options.copies),
      cardItems: cardChoices(source, reply.request),
      pdfAvailable: pdf.available,
      navInquiries: true,
    });
  }

  /** The pack to print, or the settings page again (422) when its settings can't be understood or leave nothing. */
  async function packOr422(reply: FastifyReply, source: Source) {
    const { request: packRequest } = source;
    const problem = packProblem(source);
    if (problem === 'settings') return { page: settingsPage(reply, source, 422) };
    if (problem)
      return {
        page: settingsPage(reply, source, problem === 'nothingPrintable' ? 200 : 422, {
          _form: `packs.errors.${problem}`,
        }),
      };
    const fit = fitTime(source.stories, packRequest.options);
    const words = await wordsOf(app.db, fit.chosen);
    const translations = await packTranslations(
      app.db,
      membershipOf(reply.request).alliance_id,
      fit.chosen,
      words,
      packRequest.options.translation,
      languageOf(reply.request),
    );
    const pack = buildPack(source.heading, fit.chosen, words, packRequest.options, translations);
    return { pack: { ...pack, cards: cardsChosen(source.cards, packRequest.options) } };
  }

  async function packPage(reply: FastifyReply, source: Source) {
    const result = await packOr422(reply, source);
    if (result.page) return result.page;
    const query = packQuery(source.request);
    return reply.page('packs/pack', {
      pack: result.pack,
      source,
      settingsHref: `${source.base}/pack/settings?${query}`,
      pdfHref: `${source.base}/pack.pdf`,
      pdfFields: hiddenFields(query, ['copies']),
      otherPaper: {
        paper: source.request.options.paper === 'a4' ? 'letter' : 'a4',
        href: `${source.base}/pack?${packQuery(source.request, { paper: source.request.options.paper === 'a4' ? 'letter' : 'a4' })}`,
      },
      copies: source.request.options.copies,
      maxCopies: MAX_COPIES,
      pdfAvailable: pdf.available,
      navInquiries: true,
    });
  }

  async function packPdf(request: FastifyRequest, reply: FastifyReply, source: Source) {
    const unprinted = {
      printHref: `${source.base}/pack?${packQuery(source.request)}`,
      printKey: 'packs.printInstead',
      data: { back: source.back },
    };
    // Said before the settings are checked: without Chromium no settings would help.
    if (!pdf.available) return pdfUnavailable(reply, 'noChromium', unprinted);
    const result = await packOr422(reply, source);
    if (result.page) return result.page;
    const pack = result.pack;
    return sendPrintable(
      request,
      reply,
      () => ({
        html: packDocument(request.user?.language ?? 'en', pack),
        paper: pack.paper,
        fileName: pdfFileName(pack.title, pack.paper),
      }),
      unprinted,
      pack.title,
    );
  }

  /**
   * Asking for the PDF (from the pack or straight from its settings page) queues a job with exactly the settings
   * sent; settings that make no pack go back to the pack's address, which shows the settings and what is wrong.
   */
  const invalid = (source: Source) => () => packProblem(source) !== undefined;
  app.post<{ Body: FormBody }>(
    '/rounds/:roundId/pack.pdf',
    { schema: { body: FormBody }, config: FACILITATORS },
    async (request, reply) => {
      const source = await roundSource(app, request, request.body ?? {});
      return queuePdfFromForm(request, reply, { kind: 'pack', permissions: ['runRounds'], invalid: invalid(source) });
    },
  );
  app.post<{ Body: FormBody }>(
    '/inquiries/:inquiryId/pack.pdf',
    { schema: { body: FormBody }, config: INQUIRY_PACK },
    async (request, reply) => {
      const source = await inquirySource(app, request, request.body ?? {});
      return queuePdfFromForm(request, reply, {
        kind: 'pack',
        permissions: ['printStories'],
        invalid: invalid(source),
      });
    },
  );

  app.get<PackRoute>(
    '/rounds/:roundId/pack/settings',
    { schema: PACK_SCHEMA, config: FACILITATORS },
    async (request, reply) => settingsPage(reply, await roundSource(app, request, request.query)),
  );
  app.get<PackRoute>('/rounds/:roundId/pack', { schema: PACK_SCHEMA, config: FACILITATORS }, async (request, reply) =>
    packPage(reply, await roundSource(app, request, request.query)),
  );
  app.get<PackRoute>(
    '/rounds/:roundId/pack.pdf',
    { schema: PACK_SCHEMA, config: FACILITATORS },
    async (request, reply) => packPdf(request, reply, await roundSource(app, request, request.query)),
  );
  app.get<PackRoute>(
    '/inquiries/:inquiryId/pack/settings',
    { schema: PACK_SCHEMA, config: INQUIRY_PACK },
    async (request, reply) => settingsPage(reply, await inquirySource(app, request, request.query)),
  );
  app.get<PackRoute>(
    '/inquiries/:inquiryId/pack',
    { schema: PACK_SCHEMA, config: INQUIRY_PACK },
    async (request, reply) => packPage(reply, await inquirySource(app, request, request.query)),
  );
  app.get<PackRoute>(
    '/inquiries/:inquiryId/pack.pdf',
    { schema: PACK_SCHEMA, config: INQUIRY_PACK },
    async (request, reply) => packPdf(request, reply, await inquirySource(app, request, request.query)),
  );

  /** One story per screen, in the round's order: what a panel may read (consent to panels, not withdrawn). */
  app.get('/rounds/:roundId/read-aloud/:n', { config: FACILITATORS }, async (request, reply) => {
    const { round, inquiry } = await roundOf(app, request);
    const n = idParam(request, 'n');
    const stories = await roundStories(app.db, round);
    const base = `/alliances/${round.alliance_id}/rounds/${round.id}`;
    if (stories.length === 0 && n === 1)
      return sendScreen(reply, 'read-aloud', { round, name: round.name, back: base, empty: true });
    const story = stories[n - 1];
    if (!story) throw notFound();
    const words = await wordsOf(app.db, [story]);
    return sendScreen(reply, 'read-aloud', {
      round,
      name: round.name,
      back: base,
      story: packStory(story, words.get(story.id)!),
      inquiryLanguages: inquiry.languages,
      n,
      count: stories.length,
      previous: n > 1 ? `${base}/read-aloud/${n - 1}` : null,
      next: n < stories.length ? `${base}/read-aloud/${n + 1}` : null,
    });
  });

  async function exhibitScreen(
    reply: FastifyReply,
    request: FastifyRequest,
    where: { inquiry: Inquiry; round?: Round; base: string },
  ) {
    const n = idParam(request, 'n');
    const stories = where.round ? await roundStories(app.db, where.round) : undefined;
    const exhibits = await exhibitSequence(
      app.db,
      where.inquiry.alliance_id,
      where.inquiry.id,
      where.round && stories ? { id: where.round.id, storyIds: stories.map((s) => s.id) } : undefined,
    );
    const back = where.round
      ? `/alliances/${where.inquiry.alliance_id}/rounds/${where.round.id}`
      : `/alliances/${where.inquiry.alliance_id}/inquiries/${where.inquiry.id}`;
    const name = where.round?.name ?? where.inquiry.title;
    // The inquiry's name is in its question language; a round's name is the facilitator's, left as the page's.
    const questionLang = questionLanguage(where.inquiry.languages);
    const nameLang = where.round ? undefined : questionLang;
    if (exhibits.length === 0 && n === 1) return sendScreen(reply, 'exhibit', { name, nameLang, back, empty: true });
    const exhibit = exhibits[n - 1];
    if (!exhibit) throw notFound();
    return sendScreen(reply, 'exhibit', {
      name,
      nameLang,
      questionLang,
      back,
      exhibit,
      isTheme: exhibit.kind === 'theme',
      n,
      count: exhibits.length,
      previous: n > 1 ? `${where.base}/exhibits/${n - 1}` : null,
      next: n < exhibits.length ? `${where.base}/exhibits/${n + 1}` : null,
    });
  }

  app.get('/inquiries/:inquiryId/exhibits/:n', { config: FACILITATORS }, async (request, reply) => {
    const allianceId = membershipOf(request).alliance_id;
    const inquiry = await findInquiry(app.db, allianceId, idParam(request, 'inquiryId'));
    if (!inquiry) throw notFound();
    return exhibitScreen(reply, request, { inquiry, base: `/alliances/${allianceId}/inquiries/${inquiry.id}` });
  });

  app.get('/rounds/:roundId/exhibits/:n', { config: FACILITATORS }, async (request, reply) => {
    const { round, inquiry } = await roundOf(app, request);
    return exhibitScreen(reply, request, {
      inquiry,
      round,
      base: `/alliances/${round.alliance_id}/rounds/${round.id}`,
    });
  });
}
