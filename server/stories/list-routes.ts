/** The stories of an inquiry: a filtered, searchable, paged list for those who collect and care for them. */
import type { FastifyInstance } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import type { Db } from '../db/database.ts';
import { findInquiry, loadGuide } from '../inquiries/inquiries-store.ts';
import { membershipOf } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { Fields } from '../web/schemas.ts';
import { attributeFilters, LIST_STATUSES, listQuery, pageHref, paginate, readListRequest } from './list-filters.ts';
import { listInterviewers, listStories, PAGE_SIZE } from './list-store.ts';

/** Readers read what rounds and reports show them, not the raw collection. */
const STORY_KEEPERS = { roles: rolesFor('readStories') };

/**
 * The address of an inquiry's story list with the search, filters and page a story was opened from (its link
 * carries them: listQuery). Read again as the list reads them, so only the list's own parameters, understood, go
 * into an address that is always the list's own.
 */
export async function storyListHref(db: Db, allianceId: number, inquiryId: number, query: Fields): Promise<string> {
  const base = `/alliances/${allianceId}/inquiries/${inquiryId}/stories`;
  if (Object.keys(query).length === 0) return base;
  const inquiry = await findInquiry(db, allianceId, inquiryId);
  if (!inquiry) return base;
  const [guide, interviewers] = await Promise.all([loadGuide(db, inquiry), listInterviewers(db, inquiry)]);
  const asked = readListRequest(
    query,
    guide,
    interviewers.map((i) => i.id),
  );
  return `${base}${listQuery(asked)}`;
}

export async function storyListRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Fields }>(
    '/inquiries/:inquiryId/stories',
    { schema: { querystring: Fields }, config: STORY_KEEPERS },
    async (request, reply) => {
      const membership = membershipOf(request);
      const inquiry = await findInquiry(app.db, membership.alliance_id, idParam(request, 'inquiryId'));
      if (!inquiry) throw notFound();
      const [guide, interviewers] = await Promise.all([loadGuide(app.db, inquiry), listInterviewers(app.db, inquiry)]);
      const asked = readListRequest(
        request.query,
        guide,
        interviewers.map((i) => i.id),
      );
      const base = `/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}/stories`;
      const page = {
        navInquiries: true,
        inquiry,
        base,
        domains: guide.domains,
        statuses: LIST_STATUSES,
        attributes: attributeFilters(guide).map((a) => ({ ...a, value: asked.values[a.name] ?? '' })),
        interviewers,
        values: asked.values,
        errors: asked.errors,
        filtered: Object.values(asked.values).some((v) => typeof v === 'string' && v.trim() !== ''),
      };
      if (Object.keys(asked.errors).length > 0) return reply.code(422).page('stories/list', page);

      const result = await listStories(
        app.db,
        inquiry,
        { userId: membership.user_id, role: membership.role },
        asked.filters,
        asked.page,
      );
      return reply.page('stories/list', {
        ...page,
        result,
        // Pages go as far as a search or a list counts (its newest SEARCH_CANDIDATES or LIST_COUNT_CAP).
        pagination: paginate(base, asked.values, asked.page, result.pageable, PAGE_SIZE, result.stories.length),
        newestOnly: result.capped,
        searched: asked.filters.search !== undefined && !result.withdrawn,
        // Each story's link carries the list, so its page links back to this one.
        storyQuery: listQuery(asked),
        // The same stories' patterns: the pattern views read the list's filters from the same query string.
        patternsHref: pageHref(`/alliances/${inquiry.alliance_id}/inquiries/${inquiry.id}/patterns`, asked.values, 1),
        pastTheEnd: result.stories.length === 0 && result.total > 0,
      });
    },
  );
}
