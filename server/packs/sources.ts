/**
 * Where a pack's stories and pattern cards come from: a round, or an inquiry's stories through filters. Read from
 * the address's query (the settings page and the pack) or from a form's fields (asking for its PDF), alike.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../accounts/permissions.ts';
import type { Inquiry, Round } from '../db/schema.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import { questionLanguage } from '../inquiries/templates.ts';
import { observedOnPaper } from '../observations/shown.ts';
import { listObservations } from '../observations/store.ts';
import { findRound, roundDomains } from '../rounds/rounds-store.ts';
import { excerpt } from '../themes/quotes.ts';
import { languagesOffered } from '../translations/forms.ts';
import { translatedLanguages } from '../translations/store.ts';
import { membershipOf } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { readPackRequest, type PackOptions, type PackRequest } from './options.ts';
import { fitTime, type PackHeading, type PatternCard } from './pack.ts';
import { filterChoices, inquiryPackStories, roundPackStories, type PrintableStory } from './packs-store.ts';

export interface Source {
  base: string;
  /** The inquiry's address, under which its observations are. */
  inquiryBase: string;
  /** lang: the label's language when it is the inquiry's name. */
  back: { href: string; label: string; lang?: string };
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

type Query = Record<string, unknown>;

/** The pattern cards of an inquiry's pack, in the reader's language. */
async function cardsOf(app: FastifyInstance, request: FastifyRequest, inquiry: Inquiry): Promise<PatternCard[]> {
  return observedOnPaper(app.db, inquiry, languageOf(request), await listObservations(app.db, inquiry, true));
}

export async function roundOf(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<{ round: Round; inquiry: Inquiry }> {
  const allianceId = membershipOf(request).alliance_id;
  const round = await findRound(app.db, allianceId, idParam(request, 'roundId'));
  const inquiry = round && (await findInquiry(app.db, allianceId, round.inquiry_id));
  if (!round || !inquiry) throw notFound();
  return { round, inquiry };
}

export async function roundSource(app: FastifyInstance, request: FastifyRequest, query: Query): Promise<Source> {
  const { round, inquiry } = await roundOf(app, request);
  const { stories, notPrinted } = await roundPackStories(app.db, round);
  const domains = (await roundDomains(app.db, round.id)).map((d) => d.name);
  const base = `/alliances/${round.alliance_id}/rounds/${round.id}`;
  return {
    base,
    inquiryBase: `/alliances/${round.alliance_id}/inquiries/${inquiry.id}`,
    back: { href: base, label: round.name },
    heading: {
      title: round.name,
      inquiryTitle: inquiry.title,
      inquiryLanguages: inquiry.languages,
      round: { name: round.name, panel: round.panel, method: round.method, dots: round.dots },
      domains,
    },
    stories,
    notPrinted,
    request: readPackRequest(query),
    cards: await cardsOf(app, request, inquiry),
    translationLanguages: languagesOffered(inquiry.languages, '', await translatedLanguages(app.db, inquiry)),
  };
}

export async function inquirySource(app: FastifyInstance, request: FastifyRequest, query: Query): Promise<Source> {
  const allianceId = membershipOf(request).alliance_id;
  const inquiry = await findInquiry(app.db, allianceId, idParam(request, 'inquiryId'));
  if (!inquiry) throw notFound();
  const choices = await filterChoices(app.db, inquiry);
  const packRequest = readPackRequest(query, {
    domainIds: choices.domains.map((d) => d.id),
    tagIds: choices.tags.map((t) => t.id),
  });
  const domain = choices.domains.find((d) => d.id === packRequest.filters.domainId);
  const base = `/alliances/${allianceId}/inquiries/${inquiry.id}`;
  return {
    base,
    inquiryBase: base,
    back: { href: base, label: inquiry.title, lang: questionLanguage(inquiry.languages) },
    heading: {
      title: inquiry.title,
      titleLanguage: questionLanguage(inquiry.languages),
      inquiryTitle: inquiry.title,
      inquiryLanguages: inquiry.languages,
      domains: domain ? [domain.name] : [],
    },
    stories: await inquiryPackStories(app.db, inquiry, packRequest.filters),
    notPrinted: [],
    request: packRequest,
    filterChoices: choices,
    cards: await cardsOf(app, request, inquiry),
    translationLanguages: languagesOffered(inquiry.languages, '', await translatedLanguages(app.db, inquiry)),
  };
}

/** Why these settings make no pack, if they don't: settings that can't be understood, or no story left in it. */
export function packProblem(source: Source): 'settings' | 'nothingPrintable' | 'nothingFits' | undefined {
  const { request } = source;
  if (Object.keys(request.errors).length > 0) return 'settings';
  if (source.stories.length === 0) return 'nothingPrintable';
  return fitTime(source.stories, request.options).chosen.length === 0 ? 'nothingFits' : undefined;
}

/** The cards this pack prints: those ticked on its settings page, or every card marked to print. */
export function cardsChosen(cards: PatternCard[], options: Pick<PackOptions, 'cards'>): PatternCard[] {
  return options.cards ? cards.filter((c) => options.cards!.includes(c.id)) : cards;
}

/**
 * The cards as choices on the settings page. Two observations may share a title (the same pattern pinned twice,
 * or two questions worded alike), so each also shows its first words, who pinned it and when, and how many stories
 * its numbers count, with a link to the observation for those who may open it.
 */
export function cardChoices(source: Source, request: FastifyRequest) {
  const ticked = new Set(cardsChosen(source.cards, source.request.options).map((c) => c.id));
  const mayOpen = can(membershipOf(request).role, 'seePatterns');
  return source.cards.map((card) => ({
    id: card.id,
    title: card.title,
    opening: excerpt(card.text),
    author: card.author,
    pinnedOn: card.created_at,
    shown: card.shown,
    href: mayOpen ? `${source.inquiryBase}/observations/${card.id}` : undefined,
    ticked: ticked.has(card.id),
  }));
}
