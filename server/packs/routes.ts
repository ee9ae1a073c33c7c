/**
 * Story packs (settings, print-ready HTML, PDF) for a round or an inquiry's filtered stories, and the read-aloud
 * and exhibit screens. All GET: a pack is described by its address, so the settings, the pack and its PDF share it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import type { Inquiry, Round } from '../db/schema.ts';
import { findRound, roundDomains, roundStories } from '../rounds/rounds-store.ts';
import { membershipOf } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import type { FieldErrors } from '../web/forms.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { pdfUnavailable } from '../web/pdf.ts';
import { Fields, FormBody } from '../web/schemas.ts';
import { queuePdfFromForm, sendPrintable } from '../printing/asking.ts';
import { packDocument, sendScreen } from './document.ts';
import { exhibitSequence } from './exhibits.ts';
import { MAX_COPIES, PAPERS, packQuery, readPackRequest, type PackRequest } from './options.ts';
import { buildPack, fitTime, packStory, pdfFileName, type PackHeading, type PatternCard } from './pack.ts';
import { observedOnPaper } from '../observations/shown.ts';
import { languageNamer } from '../reports/story-kinds.ts';
import { languagesOffered } from '../translations/forms.ts';
import { packTranslations } from '../translations/printed.ts';
import { translatedLanguages } from '../translations/store.ts';
import { listObservations } from '../observations/store.ts';
import {
  filterChoices,
  inquiryPackStories,
  roundPackStories,
  wordsOf,
  PACK_STATUSES,
  type PrintableStory,
} from './packs-store.ts';

const FACILITATORS = { roles: rolesFor('runRounds') };
/** Interviewers print an inquiry's stories too, e.g. to read them back at a community group. */
const INQUIRY_PACK = { roles: rolesFor('printStories') };

/** A pack is described by its address: its settings and filters are in the query string (packs/options.ts reads them). */
type PackRoute = { Querystring: Fields };
const PACK_SCHEMA = { querystring: Fields };

/** Where a pack's stories come from: a round, or an inquiry's stories through filters. */
interface Source {
  base: string;
  back: { href: string; label: string };
  heading: PackHeading;
  stories: PrintableStory[];
  notPrinted: string[];
  request: PackRequest;
  filterChoices?: Awaited<ReturnType<typeof filterChoices>>;
  /** The inquiry's observations marked to print as pattern cards, with their numbers as they are now. */
  cards: PatternCard[];
  /** Languages a pack may print translations into. */
  translationLanguages: string[];
}

/** The pattern cards of an inquiry's pack, in the reader's language. */
async function cardsOf(app: FastifyInstance, request: FastifyRequest, inquiry: Inquiry): Promise<PatternCard[]> {
  const t = translator(languageOf(request));
  return observedOnPaper(app.db, inquiry, t, await listObservations(app.db, inquiry, true));
}

async function roundOf(app: FastifyInstance, request: FastifyRequest): Promise<{ round: Round; inquiry: Inquiry }> {
  const allianceId = membershipOf(request).alliance_id;
  const round = await findRound(app.db, allianceId, idParam(request, 'roundId'));
  const inquiry = round && (await findInquiry(app.db, allianceId, round.inquiry_id));
  if (!round || !inquiry) throw notFound();
  return { round, inquiry };
}

async function roundSource(app: FastifyInstance, request: FastifyRequest<PackRoute>): Promise<Source> {
  const { round, inquiry } = await roundOf(app, request);
  const { stories, notPrinted } = await roundPackStories(app.db, round);
  const domains = (await roundDomains(app.db, round.id)).map((d) => d.name);
  const base = `/alliances/${round.alliance_id}/rounds/${round.id}`;
  return {
    base,
    back: { href: base, label: round.name },
    heading: {
      title: round.name,
      inquiryTitle: inquiry.title,
      round: { name: round.name, panel: round.panel, method: round.method, dots: round.dots },
      domains,
    },
    stories,
    notPrinted,
    request: readPackRequest(request.query),
    cards: await cardsOf(app, request, inquiry),
    translationLanguages: languagesOffered(inquiry.languages, '', await translatedLanguages(app.db, inquiry)),
  };
}

async function inquirySource(app: FastifyInstance, request: FastifyRequest<PackRoute>): Promise<Source> {
  const allianceId = membershipOf(request).alliance_id;
  const inquiry = await findInquiry(app.db, allianceId, idParam(request, 'inquiryId'));
  if (!inquiry) throw notFound();
  const choices = await filterChoices(app.db, inquiry);
  const packRequest = readPackRequest(request.query, {
    domainIds: choices.domains.map((d) => d.id),
    tagIds: choices.tags.map((t) => t.id),
  });
  const domain = choices.domains.find((d) => d.id === packRequest.filters.domainId);
  const base = `/alliances/${allianceId}/inquiries/${inquiry.id}`;
  return {
    base,
    back: { href: base, label: inquiry.title },
    heading: { title: inquiry.title, inquiryTitle: inquiry.title, domains: domain ? [domain.name] : [] },
    stories: await inquiryPackStories(app.db, inquiry, packRequest.filters),
    notPrinted: [],
    request: packRequest,
    filterChoices: choices,
    cards: await cardsOf(app, request, inquiry),
    translationLanguages: languagesOffered(inquiry.languages, '', await translatedLanguages(app.db, inquiry)),
  };
}

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
      pdfAvailable: pdf.available,
      navInquiries: true,
    });
  }

  /** The pack to print, or the settings page again (422) when its settings can't be understood or leave nothing. */
  async function packOr422(reply: FastifyReply, source: Source) {
    const { request: packRequest } = source;
    if (Object.keys(packRequest.errors).length > 0) return { page: settingsPage(reply, source, 422) };
    const fit = fitTime(source.stories, packRequest.options);
    if (fit.chosen.length === 0)
      return {
        page: settingsPage(reply, source, source.stories.length === 0 ? 200 : 422, {
          _form: source.stories.length === 0 ? 'packs.errors.nothingPrintable' : 'packs.errors.nothingFits',
        }),
      };
    const words = await wordsOf(app.db, fit.chosen);
    const translations = await packTranslations(
      app.db,
      membershipOf(reply.request).alliance_id,
      fit.chosen,
      words,
      packRequest.options.translation,
      languageOf(reply.request),
    );
    return {
      pack: { ...buildPack(source.heading, fit.chosen, words, packRequest.options, translations), cards: source.cards },
    };
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

  /** Asking for the PDF queues a job; settings that can't be read go back to the pack, which says what is wrong. */
  const invalidPack = (fields: Fields) => Object.keys(readPackRequest(fields).errors).length > 0;
  app.post<{ Body: FormBody }>(
    '/rounds/:roundId/pack.pdf',
    { schema: { body: FormBody }, config: FACILITATORS },
    async (request, reply) => {
      await roundOf(app, request);
      return queuePdfFromForm(request, reply, { kind: 'pack', permissions: ['runRounds'], invalid: invalidPack });
    },
  );
  app.post<{ Body: FormBody }>(
    '/inquiries/:inquiryId/pack.pdf',
    { schema: { body: FormBody }, config: INQUIRY_PACK },
    async (request, reply) => {
      if (!(await findInquiry(app.db, membershipOf(request).alliance_id, idParam(request, 'inquiryId'))))
        throw notFound();
      return queuePdfFromForm(request, reply, { kind: 'pack', permissions: ['printStories'], invalid: invalidPack });
    },
  );

  app.get<PackRoute>(
    '/rounds/:roundId/pack/settings',
    { schema: PACK_SCHEMA, config: FACILITATORS },
    async (request, reply) => settingsPage(reply, await roundSource(app, request)),
  );
  app.get<PackRoute>('/rounds/:roundId/pack', { schema: PACK_SCHEMA, config: FACILITATORS }, async (request, reply) =>
    packPage(reply, await roundSource(app, request)),
  );
  app.get<PackRoute>(
    '/rounds/:roundId/pack.pdf',
    { schema: PACK_SCHEMA, config: FACILITATORS },
    async (request, reply) => packPdf(request, reply, await roundSource(app, request)),
  );
  app.get<PackRoute>(
    '/inquiries/:inquiryId/pack/settings',
    { schema: PACK_SCHEMA, config: INQUIRY_PACK },
    async (request, reply) => settingsPage(reply, await inquirySource(app, request)),
  );
  app.get<PackRoute>(
    '/inquiries/:inquiryId/pack',
    { schema: PACK_SCHEMA, config: INQUIRY_PACK },
    async (request, reply) => packPage(reply, await inquirySource(app, request)),
  );
  app.get<PackRoute>(
    '/inquiries/:inquiryId/pack.pdf',
    { schema: PACK_SCHEMA, config: INQUIRY_PACK },
    async (request, reply) => packPdf(request, reply, await inquirySource(app, request)),
  );

  /** One story per screen, in the round's order: what a panel may read (consent to panels, not withdrawn). */
  app.get('/rounds/:roundId/read-aloud/:n', { config: FACILITATORS }, async (request, reply) => {
    const { round } = await roundOf(app, request);
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
    const storyIds = where.round ? (await roundStories(app.db, where.round)).map((s) => s.id) : undefined;
    const exhibits = await exhibitSequence(
      app.db,
      where.inquiry.alliance_id,
      where.inquiry.id,
      where.round && storyIds ? { id: where.round.id, storyIds } : undefined,
    );
    const back = where.round
      ? `/alliances/${where.inquiry.alliance_id}/rounds/${where.round.id}`
      : `/alliances/${where.inquiry.alliance_id}/inquiries/${where.inquiry.id}`;
    const name = where.round?.name ?? where.inquiry.title;
    if (exhibits.length === 0 && n === 1) return sendScreen(reply, 'exhibit', { name, back, empty: true });
    const exhibit = exhibits[n - 1];
    if (!exhibit) throw notFound();
    return sendScreen(reply, 'exhibit', {
      name,
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
