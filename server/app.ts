/** buildApp(config, database): web plumbing first, then each capability's routes. */
import './capabilities.ts';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { allianceOverviewRoutes } from './accounts/alliance-routes.ts';
import { invitationLinkRoutes, invitationRoutes } from './accounts/invitation-routes.ts';
import { languageRoutes } from './accounts/language-routes.ts';
import { memberRoutes } from './accounts/member-routes.ts';
import { passwordResetLinkRoutes, passwordResetRoutes } from './accounts/password-reset-routes.ts';
import { signInRoutes } from './accounts/sign-in-routes.ts';
import { welcomeRoutes } from './accounts/welcome-routes.ts';
import { attachmentRoutes } from './attachments/attachments-routes.ts';
import { panelRecordingRoutes } from './attachments/panel-routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { inquiriesRoutes } from './inquiries/routes.ts';
import { learningRoutes } from './learning/routes.ts';
import { codebookRoutes } from './codebook/routes.ts';
import { ThemeJobs } from './themes/jobs.ts';
import { TranscriptJobs } from './transcripts/jobs.ts';
import { transcriptRoutes } from './transcripts/transcripts-routes.ts';
import { arrived } from './db/turns.ts';
import { StoryIndexes } from './suggestions/story-index.ts';
import { suggestRoutes } from './suggestions/suggest-routes.ts';
import { themeRoutes } from './themes/themes-routes.ts';
import type { Config } from './config.ts';
import type { Db, Dialect, OpenDatabase } from './db/database.ts';
import { packRoutes } from './packs/routes.ts';
import { patternRoutes } from './patterns/patterns-routes.ts';
import { observationRoutes } from './observations/routes.ts';
import { translationRoutes } from './translations/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { shareRoutes } from './reports/shared-routes.ts';
import { roundParticipantRoutes, roundRoutes } from './rounds/routes.ts';
import { storyCareRoutes } from './stories/care-routes.ts';
import { interviewRoutes } from './stories/interview-routes.ts';
import { publicStoryRoutes } from './stories/public-routes.ts';
import { receiptDownloadRoutes } from './stories/receipt-routes.ts';
import { storyListRoutes } from './stories/list-routes.ts';
import { storyRoutes } from './stories/story-routes.ts';
import { allianceRoutes, loadUser } from './web/auth.ts';
import { exportRoutes } from './exports/routes.ts';
import { csvImportRoutes } from './exports/csv-import-routes.ts';
import { zipImportRoutes } from './exports/import-zip-routes.ts';
import { fieldAppRoutes } from './field/app-routes.ts';
import { fieldFileRoutes } from './field/file-routes.ts';
import { fieldRoutes } from './field/field-routes.ts';
import { registerErrorPages } from './web/errors.ts';
import { registerRender } from './web/render.ts';
import { registerPressure } from './web/pressure.ts';
import { registerSecurity } from './web/security.ts';
import { registerSessions } from './web/session.ts';
import { registerViews } from './web/views.ts';
import { PdfMaker } from './web/pdf.ts';
import { PdfJobs } from './printing/printer.ts';
import { printingRoutes } from './printing/routes.ts';
import { setPatternLimit } from './patterns/pattern.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    dialect: Dialect;
    config: Config;
    jobs: ThemeJobs;
    /** Draft transcripts from the operator's speech-to-text command; `enabled` is false when none is set. */
    transcripts: TranscriptJobs;
    indexes: StoryIndexes;
    /** The one Chromium-backed PDF maker (packs and reports), started on first use and closed with the app. */
    pdf: PdfMaker;
    /** PDFs as jobs: queued by people, made by whichever server claims them (its poller runs with the theme jobs). */
    printing: PdfJobs;
  }
}

/** Forms are small; a long story is a few tens of kilobytes. */
export const BODY_LIMIT = 1024 * 1024;

/** onRoute: called for every route as it registers (the authorisation matrix test lists them this way). */
export interface BuildOptions {
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(
  config: Config,
  database: OpenDatabase,
  logger: FastifyServerOptions['logger'] = false,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // First of all hooks: a request that comes in while SQLite's queries wait their turns waits too (db/turns.ts).
  app.addHook('onRequest', async () => arrived());
  app.decorate('db', database.db);
  app.decorate('dialect', database.dialect);
  app.decorate('config', config);
  setPatternLimit(config.patternStories);
  const jobs = new ThemeJobs(database.db, config.dictionariesDir);
  app.decorate('jobs', jobs);
  app.decorate('indexes', new StoryIndexes());
  const pdf = new PdfMaker(config.chromiumPath);
  app.decorate('pdf', pdf);
  const printing = new PdfJobs(app);
  app.decorate('printing', printing);
  const transcripts = new TranscriptJobs(database.db, {
    command: config.transcribeCommand,
    timeoutSeconds: config.transcribeSeconds,
  });
  app.decorate('transcripts', transcripts);
  if (config.runJobs) app.addHook('onReady', () => jobs.start());
  if (config.runJobs) app.addHook('onReady', async () => transcripts.start());
  if (config.runJobs) app.addHook('onReady', async () => printing.start());
  app.addHook('onClose', async () => printing.stop());
  app.addHook('onClose', () => transcripts.stop());
  app.addHook('onClose', async () => jobs.stop());
  app.addHook('onClose', () => pdf.close());

  await app.register(formbody);
  await registerSessions(app, config);
  await registerSecurity(app, config);
  await registerPressure(app, config);
  await registerViews(app);
  registerRender(app);
  registerErrorPages(app);
  await app.register(fastifyStatic, {
    root: join(import.meta.dirname, '..', 'static'),
    prefix: '/static/',
    index: false,
    maxAge: '1h',
  });
  // Browsers and tools ask for /favicon.ico whatever a page links: the small icon answers, not a 404.
  app.get('/favicon.ico', (_request, reply) => reply.redirect('/static/favicon.svg', 301));

  await app.register(async (pages) => {
    pages.addHook('onRequest', loadUser);
    await pages.register(welcomeRoutes);
    await pages.register(signInRoutes);
    await pages.register(languageRoutes);
    await pages.register(invitationLinkRoutes);
    await pages.register(passwordResetLinkRoutes);
    await pages.register(publicStoryRoutes);
    await pages.register(shareRoutes);
    await pages.register(receiptDownloadRoutes);
    await pages.register(roundParticipantRoutes);
    await pages.register(panelRecordingRoutes);
    await pages.register(fieldAppRoutes);
    await pages.register(
      async (alliance) => {
        await allianceRoutes(alliance);
        await alliance.register(allianceOverviewRoutes);
        await alliance.register(memberRoutes);
        await alliance.register(invitationRoutes);
        await alliance.register(passwordResetRoutes);
        await alliance.register(auditRoutes);
        await alliance.register(inquiriesRoutes);
        await alliance.register(storyListRoutes);
        await alliance.register(storyCareRoutes);
        await alliance.register(interviewRoutes);
        await alliance.register(storyRoutes);
        await alliance.register(attachmentRoutes);
        await alliance.register(transcriptRoutes);
        await alliance.register(translationRoutes);
        await alliance.register(codebookRoutes);
        await alliance.register(themeRoutes);
        await alliance.register(patternRoutes);
        await alliance.register(observationRoutes);
        await alliance.register(suggestRoutes);
        await alliance.register(roundRoutes);
        await alliance.register(learningRoutes);
        await alliance.register(exportRoutes);
        await alliance.register(csvImportRoutes);
        await alliance.register(zipImportRoutes);
        await alliance.register(packRoutes);
        await alliance.register(reportRoutes);
        await alliance.register(printingRoutes);
        await alliance.register(fieldRoutes);
        await alliance.register(fieldFileRoutes);
      },
      { prefix: '/alliances/:allianceId' },
    );
  });
  return app;
}
