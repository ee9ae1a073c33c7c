/**
 * The report for an inquiry and a reporting period, for staff or for funders: read from the stores, then put
 * together by the plain functions in sections.ts. Only stories told in the period count (the day they were
 * told, or recorded when that is not known); panels are those that read any of them.
 */
import type { TFunction } from 'i18next';
import type { Db } from '../db/database.ts';
import type { Inquiry } from '../db/schema.ts';
import { listItems } from '../learning/store.ts';
import { observedOnPaper } from '../observations/shown.ts';
import { listObservations } from '../observations/store.ts';
import { listAttributes, listDomains } from '../inquiries/inquiries-store.ts';
import { questionLanguage } from '../inquiries/templates.ts';
import { taggedPassages } from '../codebook/tagging-store.ts';
import { selectionsForInquiry } from '../rounds/selections-store.ts';
import { answersOf, storytellerAnswerCounts, storytellerAnswers } from '../stories/words-store.ts';
import {
  findTexts,
  latestThemes,
  panelsOf,
  reportedStories,
  reportStories,
  storyCounts,
  type ReportPeriod,
} from './report-store.ts';
import {
  chosenLevels,
  methodSection,
  quantify,
  themesSection,
  toldOf,
  verification,
  type ReportSources,
} from './sections.ts';
import { metaMonitoring, tellerGroupings, type Grouping } from './groups.ts';
import { storyKinds } from './story-kinds.ts';
import { significationAnswers, significationCounts } from '../stories/signification-store.ts';
import { ReportCache, reportFingerprint } from './report-cache.ts';
import type { Audience } from '../stories/consent.ts';
import { translator } from '../web/i18n.ts';

export type { ReportPeriod };

/** The inquiry's own reporting period, as the report's default. */
export function defaultPeriod(inquiry: Pick<Inquiry, 'period_start' | 'period_end'>): ReportPeriod {
  return { from: inquiry.period_start ?? '', to: inquiry.period_end ?? '' };
}

/**
 * What the report is built from. The stories are counted in the database (by route, domain, length, language,
 * storyteller answer, self-signification answer, theme), so no step reads every story into the process; only the
 * few stories read by panels, chosen or quoted are read one by one.
 */
export async function loadSources(
  db: Db,
  inquiry: Inquiry,
  audience: Audience,
  period: ReportPeriod,
): Promise<ReportSources> {
  // Everything told is counted (meta-monitoring, withheld choices); what is shown is what this audience may see.
  const counts = await storyCounts(db, inquiry, audience, period);
  const allTold = audience === 'team' ? toldOf(counts) : toldOf(await storyCounts(db, inquiry, 'team', period));
  const panels = await panelsOf(db, inquiry);
  // Every choice of a story this report's audience may see (reportStories below keeps those): a teller who later stops
  // panels reading a story does not undo the panels' choices, and read and chosen must count the same stories.
  const selections = await selectionsForInquiry(db, inquiry.alliance_id, inquiry.id, audience, null);
  const themes = await latestThemes(db, inquiry, audience, period);
  const few = [
    ...panels.readings.map((r) => r.story_id),
    ...selections.map((s) => s.story_id),
    ...(themes?.leading.map((m) => m.story_id) ?? []),
  ];
  const stories = await reportStories(db, inquiry, audience, period, few);
  const inPeriod = audience === 'team' ? stories : await reportStories(db, inquiry, 'team', period, few);
  const ids = new Set(stories.map((s) => s.id));
  const chosenIds = [...new Set(selections.map((s) => s.story_id).filter((id) => ids.has(id)))];
  const counted = () => reportedStories(db, inquiry, audience, period).select('stories.id');
  return {
    audience,
    allTold,
    counts,
    inPeriod: new Set(inPeriod.map((s) => s.id)),
    stories,
    attributes: await listAttributes(db, inquiry),
    answerCounts: await storytellerAnswerCounts(db, counted(), audience),
    answers: await storytellerAnswers(db, [...ids], audience),
    domains: await listDomains(db, inquiry),
    panels,
    selections,
    words: await answersOf(db, chosenIds, ['story', 'why', 'long']),
    themes,
    passages: themes
      ? await taggedPassages(
          db,
          themes.themes.flatMap((th) => (th.tag_id ? [th.tag_id] : [])),
        )
      : [],
    // A theme quotes at most three (themeQuotes), skipping empty answers: its first ten quotable stories leave room.
    openings: themes
      ? await answersOf(
          db,
          themes.leading.map((m) => m.story_id),
          ['story'],
        )
      : [],
    learning: await listItems(db, inquiry, audience === 'funders' ? 'funders' : 'team'),
    significationCounts: await significationCounts(db, inquiry.id, counted()),
    signification: await significationAnswers(db, inquiry.id, [...ids]),
  };
}

/**
 * Meta-monitoring (MSC step 9): who told the stories and what kinds of stories they are, against which were read
 * and chosen. It counts the stories this audience's report is about (for funders, those shared with funders).
 */
function metaSection(
  t: TFunction,
  language: string,
  sources: ReportSources,
  numbers: ReturnType<typeof quantify>,
  inquiryLanguage: string,
) {
  // Storyteller questions and the tellers' questions about their stories are the inquiry's words; length and
  // language are the page's.
  const own = (g: Grouping): Grouping =>
    g.about === 'tellers' || g.key.startsWith('question-') ? { ...g, lang: inquiryLanguage } : g;
  const tellers = tellerGroupings(t, sources.attributes, sources.answerCounts, sources.answers, numbers.stages.told);
  const kinds = storyKinds(
    t,
    language,
    { kinds: sources.counts, signification: sources.significationCounts },
    { facts: sources.stories, signification: sources.signification },
  );
  const part = (groupings: Grouping[]) => metaMonitoring(t, groupings.map(own), numbers.stages);
  return { tellers: part(tellers), kinds: part(kinds) };
}

export type Report = ReturnType<typeof buildReport>;

/** Everything the report shows, ready for the page, the shared page and the PDF. */
export function buildReport(
  t: TFunction,
  inquiry: Inquiry,
  period: ReportPeriod,
  texts: { title: string; introduction: string; conclusions: string } | undefined,
  sources: ReportSources,
  language = 'en',
) {
  const levels = chosenLevels(sources);
  const numbers = quantify(t, sources);
  return {
    audience: sources.audience,
    forFunders: sources.audience === 'funders',
    // languages: the inquiry's own words (its questions, its period in words) are marked as in the first.
    inquiry: {
      id: inquiry.id,
      title: inquiry.title,
      method: inquiry.method,
      purpose: inquiry.purpose,
      languages: inquiry.languages,
    },
    period,
    title: texts?.title || inquiry.title,
    // The inquiry's name is in its language; a title the team wrote is in theirs, the page's.
    titleLang: texts?.title ? undefined : questionLanguage(inquiry.languages),
    introduction: texts?.introduction ?? '',
    conclusions: texts?.conclusions ?? '',
    method: methodSection(t, inquiry, sources),
    levels,
    themes: themesSection(sources, t),
    charts: numbers.charts,
    meta: metaSection(t, language, sources, numbers, questionLanguage(inquiry.languages)),
    learning: {
      learned: sources.learning.filter((i) => i.kind === 'learned'),
      willDo: sources.learning.filter((i) => i.kind === 'will_do'),
      questions: sources.learning.filter((i) => i.kind === 'question'),
    },
    verification: verification(sources.counts),
  };
}

type ReportWithObservations = Report & { observations: Awaited<ReturnType<typeof observedOnPaper>> };

const caches = new WeakMap<Db, ReportCache<ReportWithObservations>>();

/**
 * The report, loaded and built, or the one this process built before if nothing it shows has changed since
 * (report-cache.ts). Callers must not change what they get: it may be shared.
 */
export async function makeReport(
  db: Db,
  language: string,
  inquiry: Inquiry,
  audience: Audience,
  period: ReportPeriod,
): Promise<ReportWithObservations> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ReportCache<ReportWithObservations>()));
  const key = JSON.stringify([inquiry.id, audience, period.from, period.to, language]);
  return cache.get(key, await reportFingerprint(db, inquiry), async () => {
    const sources = await loadSources(db, inquiry, audience, period);
    const t = translator(language);
    const texts = await findTexts(db, inquiry, period);
    // Observations on patterns, each with its numbers as they are now (no links or chart: readers cannot follow them).
    const observations = await observedOnPaper(db, inquiry, language, await listObservations(db, inquiry), {
      audience,
      from: period.from,
      to: period.to,
    });
    return { ...buildReport(t, inquiry, period, texts, sources, language), observations };
  });
}
