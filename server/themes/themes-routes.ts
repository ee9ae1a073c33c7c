/**
 * Themes: run the clustering on an inquiry's stories (a background job with visible progress), then read, rename,
 * keep, discard, merge, split or turn themes into codebook tags, and see them on the theme map.
 */
import { randomInt } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { can, rolesFor } from '../accounts/permissions.ts';
import { findInquiry, loadGuide } from '../inquiries/inquiries-store.ts';
import type { AnalysisRun, ThemeRow } from '../db/schema.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { readForm, type FieldErrors, type FormValues } from '../web/forms.ts';
import { idParam } from '../web/params.ts';
import { themesInWorker } from './jobs.ts';
import { typicalQuotes } from './quotes-store.ts';
import { DICTIONARIES, missingDictionaries } from '../text/bridge.ts';
import { languageCode } from '../text/text.ts';
import { findRun, listRuns, queueRun, storyLanguages } from './runs-store.ts';
import type { DomainFound } from './by-domain.ts';
import { mapView } from './theme-map.ts';
import { themeName } from './theme-words.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import {
  findTheme,
  listThemes,
  mapPoints,
  mergeThemes,
  renameTheme,
  setThemeStatus,
  splitTheme,
  themeStories,
  themeTexts,
  themeToTag,
} from './themes-store.ts';

const READ = { roles: rolesFor('tagStories') };
const WORK = { roles: rolesFor('workOnThemes') };

const RunForm = Type.Object({
  k: Type.String({ pattern: '^(auto|[2-9]|[12][0-9]|30)$', errorMessage: 'themes.errors.k' }),
  seed: Type.String({ pattern: '^[0-9]{1,9}$', errorMessage: 'themes.errors.seed' }),
  domainId: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', errorMessage: 'themes.errors.domain' })),
  byDomain: Type.Optional(Type.Literal('yes')),
});
const NameForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120, errorMessage: 'themes.errors.name' }),
});
const MergeForm = Type.Object({ into: Type.String({ pattern: '^[0-9]{1,12}$', errorMessage: 'themes.errors.into' }) });

/** A form on the run page that failed: the theme it was for, the message by field, and what was typed. */
interface ThemeProblem {
  themeId: number;
  errors: FieldErrors;
  values?: FormValues;
}

/** The messages that say which theme they are about, for the summary at the top of a page holding every theme. */
const NAMED: Record<string, string> = {
  'themes.errors.name': 'themes.errors.named.name',
  'themes.errors.into': 'themes.errors.named.into',
  'themes.errors.tooSmallToSplit': 'themes.errors.named.tooSmallToSplit',
};

/**
 * The error summary for a failed form: each message names the theme by its number in the list and its name, and
 * links to the field (field ids carry the theme's id, as each theme has the same forms).
 */
function problemSummary(t: TFunction, problem: ThemeProblem, number: number, name: string) {
  const errors: FieldErrors = {};
  const errorNames: Record<string, { names: string; count: number }> = {};
  const names = t('themes.which', { number, name });
  for (const [field, message] of Object.entries(problem.errors)) {
    if (field === '_form') {
      errors._form = message;
      continue;
    }
    const key = `${field}-${problem.themeId}`;
    errors[key] = NAMED[message] ?? message;
    errorNames[key] = { names, count: 1 };
  }
  return { errors, errorNames };
}

/** A theme's name as people see it, in the reader's language where no word of its own is left (themeName). */
const shownName = (request: FastifyRequest, theme: Pick<ThemeRow, 'name' | 'label' | 'position'>) =>
  themeName(translator(languageOf(request)), theme);

export async function themeRoutes(app: FastifyInstance): Promise<void> {
  const a = (request: FastifyRequest) => membershipOf(request).alliance_id;

  async function inquiryOf(request: FastifyRequest) {
    const inquiry = await findInquiry(app.db, a(request), idParam(request, 'inquiryId'));
    if (!inquiry) throw notFound();
    return inquiry;
  }

  /** The Debian packages of the dictionaries missing for an inquiry with stories in several languages, or ''. */
  async function dictionariesMissing(inquiryId: number, allianceId: number): Promise<string> {
    const languages = new Set((await storyLanguages(app.db, allianceId, inquiryId)).map(languageCode));
    if (languages.size < 2) return '';
    return missingDictionaries(languages, app.config.dictionariesDir)
      .map((code) => DICTIONARIES[code]!.package)
      .join(', ');
  }

  async function runsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues = {},
    errors: FieldErrors = {},
  ) {
    const inquiry = await inquiryOf(request);
    const guide = await loadGuide(app.db, inquiry);
    return reply.page('themes/runs', {
      navInquiries: true,
      inquiry,
      needsDictionaries: await dictionariesMissing(inquiry.id, a(request)),
      domains: guide.domains,
      runs: await listRuns(app.db, a(request), inquiry.id),
      canRun: can(membershipOf(request).role, 'workOnThemes'),
      values: { k: 'auto', seed: String(randomInt(1, 1_000_000)), ...values },
      errors,
    });
  }

  app.get('/inquiries/:inquiryId/themes', { config: READ }, (request, reply) => runsPage(request, reply));

  app.post(
    '/inquiries/:inquiryId/themes',
    { config: { ...WORK, keepsFormOnCsrfFailure: true } },
    async (request, reply) => {
      const inquiry = await inquiryOf(request);
      const form = readForm(request, RunForm);
      const guide = await loadGuide(app.db, inquiry);
      const errors: FieldErrors = form.ok ? {} : { ...form.errors };
      if (form.ok && form.value.domainId && !guide.domains.some((d) => String(d.id) === form.value.domainId))
        errors.domainId = 'themes.errors.domain';
      if (!form.ok || Object.keys(errors).length) return runsPage(request, reply.code(422), form.values, errors);
      const { k, seed, domainId, byDomain } = form.value;
      const run = await queueRun(app.db, signedIn(request), inquiry, {
        k: k === 'auto' ? 'auto' : Number(k),
        seed: Number(seed),
        domainId: domainId ? Number(domainId) : null,
        byDomain: byDomain === 'yes',
      });
      return reply.redirect(`/alliances/${a(request)}/themes/runs/${run.id}`, 303);
    },
  );

  async function runOf(request: FastifyRequest): Promise<AnalysisRun> {
    const run = await findRun(app.db, a(request), idParam(request, 'runId'));
    if (!run) throw notFound();
    return run;
  }

  async function runPage(request: FastifyRequest, reply: FastifyReply, run: AnalysisRun, problem?: ThemeProblem) {
    const inquiry = (await findInquiry(app.db, a(request), run.inquiry_id))!;
    const themes = run.status === 'done' ? await listThemes(app.db, run) : [];
    const t = translator(languageOf(request));
    const filters = JSON.parse(run.filters) as { sample?: number; byDomain?: boolean; domains?: DomainFound[] };
    const shown = themes.map((theme) => shownName(request, theme));
    const failed = themes.findIndex((theme) => theme.id === problem?.themeId);
    const summary = problem && failed >= 0 ? problemSummary(t, problem, failed + 1, shown[failed]!) : undefined;
    const quotes = await typicalQuotes(
      app.db,
      run,
      themes.map((t) => t.id),
    );
    return reply.page('themes/run', {
      navInquiries: true,
      scripts: run.status === 'queued' || run.status === 'running' ? ['/static/js/progress.js'] : [],
      inquiry,
      run: {
        ...run,
        percent: Math.round(run.progress * 100),
        stories: (JSON.parse(run.story_ids) as number[]).length,
        // Found on a sample of this many stories (sampled.ts), or 0.
        sample: Number(filters.sample ?? 0),
        byDomain: filters.byDomain === true,
        // How many themes were asked for (in each domain, by domain), or 0 for 'auto'.
        asked: run.k_requested === 'auto' ? 0 : Number(run.k_requested),
        domains: filters.domains ?? [],
        criterion: JSON.parse(run.criterion),
      },
      themes: themes.map((theme, i) => ({
        ...theme,
        shown: shown[i],
        terms: JSON.parse(theme.terms) as string[],
        quote: quotes.get(theme.id),
        others: themes
          .map((o, j) => ({ id: o.id, status: o.status, shown: shown[j] }))
          .filter((o) => o.id !== theme.id && o.status !== 'discarded'),
        // The theme whose form failed: its changes shown open, with the message beside the field.
        ...(i === failed && { open: true, errors: problem!.errors }),
        // The name box as typed when renaming failed (even left empty), else the name shown.
        nameValue: i === failed && typeof problem?.values?.name === 'string' ? problem.values.name : shown[i],
      })),
      canWork: can(membershipOf(request).role, 'workOnThemes'),
      errors: summary?.errors ?? {},
      errorNames: summary?.errorNames ?? {},
    });
  }

  app.get('/themes/runs/:runId', { config: READ }, async (request, reply) =>
    runPage(request, reply, await runOf(request)),
  );

  // For the progress script: how far the run has got.
  app.get('/themes/runs/:runId/progress', { config: READ }, async (request) => {
    const run = await runOf(request);
    return { status: run.status, progress: run.progress, step: run.step };
  });

  app.get('/themes/runs/:runId/map', { config: READ }, async (request, reply) => {
    const run = await runOf(request);
    if (run.status !== 'done') throw notFound();
    const themes = (await listThemes(app.db, run, 0)).filter((t) => t.status !== 'discarded');
    const map = mapView(
      await mapPoints(app.db, run),
      themes.map((t) => ({ id: t.id, name: shownName(request, t) })),
      (id) => `/alliances/${a(request)}/stories/${id}`,
    );
    return reply.page('themes/map', {
      navInquiries: true,
      run,
      inquiry: await findInquiry(app.db, a(request), run.inquiry_id),
      map,
    });
  });

  async function themeOf(request: FastifyRequest) {
    const found = await findTheme(app.db, a(request), idParam(request, 'themeId'));
    if (!found || found.theme.status === 'merged') throw notFound();
    return found;
  }

  app.get('/themes/:themeId', { config: READ }, async (request, reply) => {
    const { theme, run } = await themeOf(request);
    return reply.page('themes/theme', {
      navInquiries: true,
      pageTitle: shownName(request, theme),
      run,
      theme: {
        ...theme,
        shown: shownName(request, theme),
        terms: JSON.parse(theme.terms) as string[],
        quote: (await typicalQuotes(app.db, run, [theme.id])).get(theme.id),
      },
      stories: await themeStories(app.db, run, theme.id),
      canWork: can(membershipOf(request).role, 'workOnThemes'),
    });
  });

  const back = (request: FastifyRequest, run: AnalysisRun, flash: string, reply: FastifyReply) => {
    request.session.set('flash', flash);
    return reply.redirect(`/alliances/${a(request)}/themes/runs/${run.id}`, 303);
  };

  app.post('/themes/:themeId/rename', { config: { ...WORK, keepsFormOnCsrfFailure: true } }, async (request, reply) => {
    const { theme, run } = await themeOf(request);
    const form = readForm(request, NameForm);
    if (!form.ok)
      return runPage(request, reply.code(422), run, { themeId: theme.id, errors: form.errors, values: form.values });
    await renameTheme(app.db, signedIn(request), run, theme, form.value.name);
    return back(request, run, 'themes.flash.renamed', reply);
  });

  // Keep marks a theme kept, as renaming or merging does, without changing its name; Undo makes it a suggestion again.
  const actions = { keep: 'kept', discard: 'discarded', unkeep: 'suggested' } as const;
  for (const [action, status] of Object.entries(actions)) {
    app.post(`/themes/:themeId/${action}`, { config: WORK }, async (request, reply) => {
      const { theme, run } = await themeOf(request);
      await setThemeStatus(app.db, signedIn(request), run, theme, status);
      return back(request, run, `themes.flash.${status}`, reply);
    });
  }

  app.post('/themes/:themeId/merge', { config: WORK }, async (request, reply) => {
    const { theme, run } = await themeOf(request);
    const form = readForm(request, MergeForm);
    const into = form.ok ? await findTheme(app.db, a(request), Number(form.value.into)) : undefined;
    if (!into || into.run.id !== run.id || into.theme.id === theme.id || into.theme.status === 'merged') {
      return runPage(request, reply.code(422), run, { themeId: theme.id, errors: { into: 'themes.errors.into' } });
    }
    await mergeThemes(app.db, signedIn(request), run, theme, into.theme);
    return back(request, run, 'themes.flash.merged', reply);
  });

  app.post('/themes/:themeId/split', { config: WORK }, async (request, reply) => {
    const { theme, run } = await themeOf(request);
    const docs = await themeTexts(app.db, run, theme.id);
    if (docs.length < 4)
      return runPage(request, reply.code(422), run, {
        themeId: theme.id,
        errors: { split: 'themes.errors.tooSmallToSplit' },
      });
    const result = await themesInWorker(
      docs,
      { k: 2, seed: run.seed, dictionaries: app.config.dictionariesDir },
      () => {},
    );
    await splitTheme(app.db, signedIn(request), run, theme, result.themes);
    return back(request, run, 'themes.flash.split', reply);
  });

  app.post('/themes/:themeId/tag', { config: WORK }, async (request, reply) => {
    const { theme, run } = await themeOf(request);
    // The tag is named as the theme is shown: never '' for a theme left with no word of its own.
    await themeToTag(app.db, signedIn(request), run, { ...theme, name: shownName(request, theme) });
    return back(request, run, 'themes.flash.tagged', reply);
  });
}
