/**
 * Pattern views for facilitators and coordinators, on an inquiry or any set the story list's filters select (the
 * same query string): an overview (signals, distributions, which stories reach selection), one dimension, a pair.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry } from '../inquiries/inquiries-store.ts';
import { membershipOf } from '../web/auth.ts';
import { HttpError, notFound } from '../web/errors.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { Fields } from '../web/schemas.ts';
import { labelWords, type Dimension } from './dimensions.ts';
import { patternSet, patternView } from './pattern.ts';
import { pairsOf, reachingSelection, shownSignal, signals } from './signals.ts';
import { distributionView, ENOUGH } from './views.ts';

const PATTERN_READERS = { roles: rolesFor('seePatterns') };

const PairParams = Type.Object({ inquiryId: Type.String(), dimension: Type.String(), by: Type.String() });
const OneParams = Type.Object({ inquiryId: Type.String(), dimension: Type.String() });

const unknownDimension = () => new HttpError(404, 'patterns.unknown');

/** Where a facilitator pins this pattern, with the filters it was seen over. */
const pinHref = (page: { base: string; query: string }, address: string) =>
  `${page.base}/observations/new?${new URLSearchParams({ pattern: address }).toString()}${page.query.replace('?', '&')}`;

/** The inquiry, the stories the filters select (only those outputs may show), and their dimensions. */
async function loadPatterns(app: FastifyInstance, request: FastifyRequest<{ Querystring: Fields }>) {
  const membership = membershipOf(request);
  const inquiry = await findInquiry(app.db, membership.alliance_id, idParam(request, 'inquiryId'));
  if (!inquiry) throw notFound();
  const lang = languageOf(request);
  const t = translator(lang);
  const viewer = { userId: membership.user_id, role: membership.role };
  const set = await patternSet(app.db, inquiry, viewer, request.query, lang);
  const base = `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}`;
  const query = set.filters ? `?${set.filters}` : '';
  const page = {
    navInquiries: true,
    inquiry,
    base,
    query,
    filtered: query !== '',
    errors: set.errors ?? {},
    enoughTitle: t('patterns.needMore', { count: ENOUGH }),
  };
  if (set.errors) return { page, invalid: true as const, status: 422 };
  if (set.tooMany !== undefined)
    return { page: { ...page, tooMany: set.tooMany }, invalid: true as const, status: 200 };
  return { ...set, page, invalid: false as const, t };
}

const find = (dimensions: Dimension[], key: string) => dimensions.find((d) => d.key === key);
const label = (dimensions: Dimension[], key: string) => find(dimensions, key)?.label ?? key;
const words = (dimensions: Dimension[], key: string) => {
  const found = find(dimensions, key);
  return found ? labelWords(found) : { text: key };
};

export async function patternRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Fields }>(
    '/inquiries/:inquiryId/patterns',
    { schema: { querystring: Fields }, config: PATTERN_READERS },
    async (request, reply) => {
      const loaded = await loadPatterns(app, request);
      if (loaded.invalid) return reply.code(loaded.status).page('patterns/overview', { ...loaded.page, invalid: true });
      const { t, page, stories, dimensions, enough, reach } = loaded;
      const found = enough ? signals(dimensions) : undefined;
      return reply.page('patterns/overview', {
        ...page,
        total: stories.length,
        enough,
        compared: found?.compared ?? 0,
        leftOut: found?.leftOut ?? [],
        worthALook: found?.worthALook.map(shownSignal(t)) ?? [],
        distributions: dimensions.map((d) => ({
          ...distributionView(t, d, stories.length, page.base, enough),
          page: `${page.base}/patterns/${d.key}${page.query}`,
        })),
        pairs: pairsOf(dimensions).map((p) => ({
          ...p,
          label: `${label(dimensions, p.a)} × ${label(dimensions, p.b)}`,
          parts: [words(dimensions, p.a), words(dimensions, p.b)],
        })),
        reaching: reachingSelection(t, dimensions, reach, enough),
      });
    },
  );

  app.get<{ Querystring: Fields; Params: Static<typeof OneParams> }>(
    '/inquiries/:inquiryId/patterns/:dimension',
    { schema: { querystring: Fields, params: OneParams }, config: PATTERN_READERS },
    async (request, reply) => {
      const loaded = await loadPatterns(app, request);
      if (loaded.invalid) return reply.code(loaded.status).page('patterns/overview', { ...loaded.page, invalid: true });
      const found = patternView(
        loaded.t,
        loaded.dimensions,
        request.params.dimension,
        loaded.page.base,
        loaded.enough,
        loaded.stories,
      );
      if (!found?.one) throw unknownDimension();
      return reply.page('patterns/dimension', {
        ...loaded.page,
        // The question by name, as the h1 says it: a tab or bookmark among several tells them apart.
        pageTitle: found.title,
        total: loaded.stories.length,
        distribution: found.one,
        pin: pinHref(loaded.page, request.params.dimension),
      });
    },
  );

  app.get<{ Querystring: Fields; Params: Static<typeof PairParams> }>(
    '/inquiries/:inquiryId/patterns/:dimension/:by',
    { schema: { querystring: Fields, params: PairParams }, config: PATTERN_READERS },
    async (request, reply) => {
      const loaded = await loadPatterns(app, request);
      if (loaded.invalid) return reply.code(loaded.status).page('patterns/overview', { ...loaded.page, invalid: true });
      const { t, page, dimensions, enough } = loaded;
      const address = `${request.params.dimension}/${request.params.by}`;
      const found = patternView(t, dimensions, address, page.base, enough, loaded.stories);
      if (!found?.pair) throw unknownDimension();
      return reply.page('patterns/pair', {
        ...page,
        ...found,
        // The two questions by name, as the h1 says them: a tab or bookmark among several tells them apart.
        pageTitle: found.title,
        view: found.pair,
        total: loaded.stories.length,
        enough,
        pin: pinHref(page, address),
      });
    },
  );
}
