/** The story page: the words exactly as told, its consent, status, history and what can be done next. */
import type { FastifyInstance } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { namesOf } from '../accounts/users-store.ts';
import { storyFiles } from '../attachments/files-view.ts';
import { recordingDrafts } from '../transcripts/draft-view.ts';
import { storyInsights } from '../suggestions/suggest.ts';
import { storyTagging, withPassages } from '../codebook/story-tagging.ts';
import { storySelections } from '../rounds/selections-store.ts';
import { questionLanguageOf } from '../inquiries/inquiries-store.ts';
import { sidesOf } from '../translations/sides.ts';
import { storyTranslations } from '../translations/store.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { membershipOf } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { Fields } from '../web/schemas.ts';
import { canVerify, canWithdraw } from './care-rules.ts';
import { storyListHref } from './list-routes.ts';
import { canEdit, canSee } from './permissions.ts';
import { findStory, listVersions } from './store.ts';
import { storyView } from './story-view.ts';

/** Its query string is the list it was opened from, if any (storyListHref). */
const STORY_PAGE = { schema: { querystring: Fields }, config: { roles: rolesFor('readStories') } };

export async function storyRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Fields }>('/stories/:storyId', STORY_PAGE, async (request, reply) => {
    const membership = membershipOf(request);
    const story = await findStory(app.db, membership.alliance_id, idParam(request, 'storyId'));
    if (!story || !canSee(membership, story)) throw notFound();
    const live = story.status !== 'withdrawn';
    // Asked at once: on PostgreSQL the page waits for the slowest answer, not for each in turn.
    const [versions, names, tagging, selections, files, translations] = await Promise.all([
      live ? listVersions(app.db, story.id) : [],
      namesOf(app.db, [story.consent_recorded_by, story.read_back_by, story.verified_by]),
      storyTagging(app.db, story),
      live ? storySelections(app.db, membership.alliance_id, story.id) : [],
      storyFiles(app.db, story, membership),
      live ? storyTranslations(app.db, story.id) : [],
    ]);
    const lang = languageOf(request);
    const editor = canEdit(membership, story);
    // A draft transcript sits under its recording, never among the story's words.
    const drafts = await recordingDrafts(
      app.db,
      app.transcripts.enabled,
      story,
      membership,
      files.recordings.map((r) => r.id),
    );
    // Similar stories and suggested tags, for stories the analysis may use (not drafts, nothing withdrawn).
    // A large inquiry's first story page answers at once while the index is built, saying suggestions will come.
    const found =
      live && story.status !== 'draft'
        ? await storyInsights(app.db, app.indexes, story, tagging?.tagIds ?? new Set<number>())
        : undefined;
    const insights = found === 'preparing' ? undefined : found;
    const [questionLanguage, allStoriesHref] = await Promise.all([
      questionLanguageOf(app.db, story.inquiry_id),
      // Back to the list the story was opened from, with its search, filters and page.
      storyListHref(app.db, membership.alliance_id, story.inquiry_id, request.query),
    ]);
    return reply.page('stories/story', {
      navInquiries: true,
      pageTitle: live && story.title ? `${story.code} ${story.title}` : story.code,
      allStoriesHref,
      story: withPassages(storyView(story, names, lang), tagging),
      tagging,
      insights,
      insightsPreparing: found === 'preparing',
      versions: versions.length,
      // Beside the teller's words, never among them: a translation is not a version of the story.
      // The guide's questions are marked as written in the inquiry's language, not the page's.
      questionLanguage,
      translations: translations.map((tr) => sidesOf(translator(lang), lang, { ...story, questionLanguage }, tr)),
      selections,
      files: { ...files, recordings: files.recordings.map((r) => ({ ...r, draft: drafts.get(r.id) })) },
      scripts: [...drafts.values()].some((d) => d.state === 'queued' || d.state === 'running')
        ? ['/static/js/transcript.js']
        : [],
      can: {
        edit: live && editor,
        readBack: live && story.status !== 'draft' && editor,
        verify: live && story.status !== 'draft' && canVerify(membership),
        withdraw: live && canWithdraw(membership, story),
      },
    });
  });
}
