/**
 * Pattern views for facilitators and coordinators, on an inquiry or any set the story list's filters select (the
 * same query string): an overview (signals, distributions, which stories reach selection), one dimension, a pair.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry, loadGuide } from '../inquiries/inquiries-store.ts';
import { readListRequest } from '../stories/list-filters.ts';
import { listInterviewers, patternStories } from '../stories/list-store.ts';
import { membershipOf } from '../web/auth.ts';
import { HttpError, notFound } from '../web/errors.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { Fields } from '../web/schemas.ts';
import { buildDimensions, reachOf, type Dimension } from './dimensions.ts';
import { pairsOf, reachingSelection, shownSignal, signals } from './signals.ts';
import { contingencyView, distributionView, ENOUGH, groupsView, scatterView } from './views.ts';

const PATTERN_READERS = { roles: rolesFor('seePatterns') };

const PairParams = Type.Object({ inquiryId: Type.String(), dimension: Type.String(), by: Type.String() });
const OneParams = Type.Object({ inquiryId: Type.String(), dimension: Type.String() });

const unknownDimension = () => new HttpError(404, 'patterns.unknown');

/** The inquiry, the stories the filters select (only those outputs may show), and their dimensions. */
async function loadPatterns(app: FastifyInstance, request: FastifyRequest<{ Querystring: Fields }>) {
  const membership = membershipOf(request);
  const inquiry = await findInquiry(app.db, membership.alliance_id, idParam(request, 'inquiryId'));
  if (!inquiry) throw notFound();
  const [guide, interviewers] = await Promise.all([loadGuide(app.db, inquiry), listInterviewers(app.db, inquiry)]);
  const asked = readListRequest(
    request.query,
    guide,
    interviewers.map((i) => i.id),
  );
  const t = translator(languageOf(request));
  const base = `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}`;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(asked.values))
    if (typeof value === 'string' && value.trim() !== '') params.set(name, value);
  const query = params.toString() ? `?${params.toString()}` : '';
  const page = {
    navInquiries: true,
    inquiry,
    base,
    query,
    filtered: query !== '',
    errors: asked.errors,
    enoughTitle: t('patterns.needMore', { count: ENOUGH }),
  };
  if (Object.keys(asked.errors).length > 0) return { page, invalid: true as const };
  const viewer = { userId: membership.user_id, role: membership.role };
  const stories = await patternStories(app.db, inquiry, viewer, asked.filters);
  const reach = await reachOf(app.db, inquiry, stories);
  const dimensions = await buildDimensions({ db: app.db, inquiry, stories, t, reach });
  return { page, invalid: false as const, t, stories, reach, dimensions, enough: stories.length >= ENOUGH };
}

const find = (dimensions: Dimension[], key: string) => dimensions.find((d) => d.key === key);
const label = (dimensions: Dimension[], key: string) => find(dimensions, key)?.label ?? key;

export async function patternRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Fields }>(
    '/inquiries/:inquiryId/patterns',
    { schema: { querystring: Fields }, config: PATTERN_READERS },
    async (request, reply) => {
      const loaded = await loadPatterns(app, request);
      if (loaded.invalid) return reply.code(422).page('patterns/overview', { ...loaded.page, invalid: true });
      const { t, page, stories, dimensions, enough, reach } = loaded;
      const found = enough ? signals(dimensions) : undefined;
      return reply.page('patterns/overview', {
        ...page,
        total: stories.length,
        enough,
        compared: found?.compared ?? 0,
        worthALook: found?.worthALook.map(shownSignal) ?? [],
        distributions: dimensions.map((d) => ({
          ...distributionView(t, d, stories.length, page.base, enough),
          page: `${page.base}/patterns/${d.key}${page.query}`,
        })),
        pairs: pairsOf(dimensions).map((p) => ({
          ...p,
          label: `${label(dimensions, p.a)} × ${label(dimensions, p.b)}`,
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
      if (loaded.invalid) return reply.code(422).page('patterns/overview', { ...loaded.page, invalid: true });
      const dimension = find(loaded.dimensions, request.params.dimension);
      if (!dimension) throw unknownDimension();
      return reply.page('patterns/dimension', {
        ...loaded.page,
        total: loaded.stories.length,
        distribution: distributionView(loaded.t, dimension, loaded.stories.length, loaded.page.base, loaded.enough),
      });
    },
  );

  app.get<{ Querystring: Fields; Params: Static<typeof PairParams> }>(
    '/inquiries/:inquiryId/patterns/:dimension/:by',
    { schema: { querystring: Fields, params: PairParams }, config: PATTERN_READERS },
    async (request, reply) => {
      const loaded = await loadPatterns(app, request);
      if (loaded.invalid) return reply.code(422).page('patterns/overview', { ...loaded.page, invalid: true });
      const { t, page, dimensions, enough } = loaded;
      const [a, b] = [find(dimensions, request.params.dimension), find(dimensions, request.params.by)];
      if (!a || !b || a === b) throw unknownDimension();
      const view =
        a.kind === 'choice' && b.kind === 'choice'
          ? contingencyView(t, a, b, page.base, enough)
          : a.kind === 'scale' && b.kind === 'scale'
            ? scatterView(t, a, b, page.base, enough)
            : a.kind === 'scale' && b.kind === 'choice'
              ? groupsView(t, a, b, page.base, enough)
              : a.kind === 'choice' && b.kind === 'scale'
                ? groupsView(t, b, a, page.base, enough)
                : undefined;
      if (!view) throw unknownDimension();
      return reply.page('patterns/pair', { ...page, a, b, total: loaded.stories.length, enough, view });
    },
  );
}
