/**
 * The report's sections as plain functions of what was read (report.ts): the method appendix, the chosen
 * stories with their chain of reasons, themes with verbatim quotes, the charts, and the verification counts.
 * No section names or counts interviewers, workers or organisations; panels are described by role.
 */
import { tellerShown, type Audience } from '../stories/consent.ts';
import type { TFunction } from 'i18next';
import { STORY_ROUTES, type Inquiry } from '../db/schema.ts';
import { questionLanguage } from '../inquiries/templates.ts';
import type { LearningEntry } from '../learning/store.ts';
import type { InquirySelection } from '../rounds/selections-store.ts';
import { barChart, describeBars, type Bar, type Chart } from './charts.ts';
import {
  attributeGroups,
  countText,
  percent,
  type AnswerCount,
  type AttributeDef,
  type Stages,
  type TellerAnswer,
} from './groups.ts';
import { themeQuotes } from '../themes/quotes.ts';
import { themeName } from '../themes/theme-words.ts';
import type { AnswerOf } from '../stories/words-store.ts';
import type { SignificationCounts, SignificationQuestion } from '../stories/signification-store.ts';
import type { latestThemes, panelsOf, ReportStory, StoryCount } from './report-store.ts';

export interface ReportSources {
  audience: Audience;
  /** How many stories in the period any report may count (no drafts, nothing withdrawn). */
  allTold: number;
  /** The stories this audience's report is about (all for staff, those shared with funders for funders), counted. */
  counts: StoryCount[];
  /** Of the few stories read by panels, chosen or quoted: those in the period, whatever the audience. */
  inPeriod: Set<number>;
  /** The same few, those this audience's report is about, story by story. */
  stories: ReportStory[];
  attributes: AttributeDef[];
  /** Storyteller answers counted over the stories this report is about; `answers`, those of the few. */
  answerCounts: AnswerCount[];
  answers: TellerAnswer[];
  domains: { id: number; name: string; archived: number }[];
  panels: Awaited<ReturnType<typeof panelsOf>>;
  selections: InquirySelection[];
  words: AnswerOf[];
  themes: Awaited<ReturnType<typeof latestThemes>>;
  passages: { tag_id: number; story_id: number; quote: string }[];
  openings: { story_id: number; value: string }[];
  learning: LearningEntry[];
  /** The tellers' answers about their own stories (self-signification): counted, and those of the few. */
  significationCounts: SignificationCounts[];
  signification: SignificationQuestion[];
}

const ids = (stories: { id: number }[]) => new Set(stories.map((s) => s.id));

/** How many stories the counts hold in each group. */
function sumBy<K>(counts: readonly StoryCount[], key: (c: StoryCount) => K): Map<K, number> {
  const sums = new Map<K, number>();
  for (const c of counts) sums.set(key(c), (sums.get(key(c)) ?? 0) + c.n);
  return sums;
}

export const toldOf = (counts: readonly StoryCount[]) => counts.reduce((sum, c) => sum + c.n, 0);

export function methodSection(t: TFunction, inquiry: Inquiry, sources: ReportSources) {
  const mine = ids(sources.stories);
  const { inPeriod } = sources;
  const told = toldOf(sources.counts);
  const used = new Set(sources.counts.map((c) => c.domain_id));
  // The questions and their choices are the inquiry's words, marked with its language; "not given" is the page's.
  const lang = questionLanguage(inquiry.languages);
  const notGiven = t('reports.notGiven');
  const tellers = sources.attributes.map((attribute) => {
    const { groups, counts } = attributeGroups(attribute, sources.answerCounts, told, notGiven);
    const rows = groups.map((group) => {
      const n = counts.get(group) ?? 0;
      const shown = countText(t, n, true);
      return {
        group,
        lang: group === notGiven ? undefined : lang,
        ...shown,
        share: shown.held ? '' : percent(n, told),
      };
    });
    return { label: attribute.label, lang, rows };
  });
  const routes = sumBy(sources.counts, (c) => c.route);
  const { rounds, readings, sitters } = sources.panels;
  const panels = rounds
    .filter((r) => readings.some((x) => x.round_id === r.id && inPeriod.has(x.story_id)))
    .map((r) => {
      const here = sitters.filter((s) => s.round_id === r.id);
      const roles = new Map<string, number>();
      for (const s of here)
        if (s.user_id !== null) roles.set(s.role ?? 'former', (roles.get(s.role ?? 'former') ?? 0) + 1);
      return {
        name: r.name,
        panel: r.panel,
        level: Number(r.level),
        method: r.method,
        voting: r.voting,
        stage: r.stage,
        created_at: r.created_at,
        closed_at: r.closed_at,
        // Every story it read is counted (a number names nobody); the report shows those of its period and audience.
        read: readings.filter((x) => x.round_id === r.id).length,
        readHere: readings.filter((x) => x.round_id === r.id && mine.has(x.story_id)).length,
        members: [...roles].map(([role, count]) => ({ role, count })),
        guests: here.filter((s) => s.user_id === null).length,
      };
    });
  return {
    domains: sources.domains.filter((d) => !d.archived || used.has(d.id)).map((d) => d.name),
    periodWords: inquiry.period_words,
    told,
    allTold: sources.allTold,
    routes: STORY_ROUTES.map((route) => ({ route, count: routes.get(route) ?? 0 })),
    tellers,
    panels,
  };
}

/** Each chosen story once, under the highest level it reached, with every panel's reasons on the way up. */
export function chosenLevels(sources: ReportSources) {
  const mine = ids(sources.stories);
  const { inPeriod } = sources;
  const byStory = new Map<number, InquirySelection[]>();
  for (const s of sources.selections)
    if (inPeriod.has(s.story_id)) byStory.set(s.story_id, [...(byStory.get(s.story_id) ?? []), s]);
  const levels = new Map<
    number,
    { level: number; panels: Set<string>; stories: ReturnType<typeof chosenStory>[]; withheld: number }
  >();
  for (const [storyId, chain] of byStory) {
    const top = Math.max(...chain.map((c) => c.level));
    const level = levels.get(top) ?? { level: top, panels: new Set<string>(), stories: [], withheld: 0 };
    levels.set(top, level);
    for (const c of chain) if (c.level === top) level.panels.add(c.panel);
    if (mine.has(storyId)) level.stories.push(chosenStory(sources, storyId, chain));
    else level.withheld++;
  }
  return [...levels.values()].sort((a, b) => b.level - a.level).map((l) => ({ ...l, panels: [...l.panels] }));
}

function chosenStory(sources: ReportSources, storyId: number, chain: InquirySelection[]) {
  const first = chain[0]!;
  return {
    storyId,
    code: first.code,
    title: first.title,
    // The language it was told in: its title and words are marked with it.
    language: sources.stories.find((s) => s.id === storyId)?.language ?? '',
    domain: first.domain_name,
    storyteller: tellerShown(first, sources.audience),
    answers: sources.words.filter((w) => w.story_id === storyId && w.value.trim() !== ''),
    chain: chain.map((c) => ({
      level: c.level,
      round: c.round_name,
      panel: c.panel,
      decided_at: c.decided_at,
      reasons: c.reasons,
      criteria: c.criteria,
      dissent: c.dissent,
      reasons_withheld: c.reasons_withheld,
    })),
  };
}

export function themesSection(sources: ReportSources, t: TFunction) {
  if (!sources.themes) return null;
  const { run, themes, counts, leading } = sources.themes;
  const codes = new Map(sources.stories.map((s) => [s.id, s.code]));
  const openings = new Map<number, string>();
  for (const o of sources.openings) if (!openings.has(o.story_id)) openings.set(o.story_id, o.value);
  return {
    finished_at: run.finished_at,
    reviewed: sources.themes.reviewed,
    items: themes.map((theme) => {
      // Quoted only where the teller agreed to quoting (and, for funders, to sharing: `leading` holds only those).
      const quotable = leading
        .filter((m) => m.theme_id === theme.id && codes.has(m.story_id))
        .map((m) => ({ storyId: m.story_id, code: codes.get(m.story_id)! }));
      const passages = theme.tag_id ? sources.passages.filter((p) => p.tag_id === theme.tag_id) : [];
      return {
        id: theme.id,
        name: themeName(t, theme),
        count: counts.get(theme.id) ?? 0,
        // A tag made from a theme is named by its label as it was; funders cannot open the codebook anyway.
        tag:
          theme.tag_id && theme.tag_name && sources.audience !== 'funders'
            ? { id: theme.tag_id, name: theme.tag_name }
            : null,
        quotes: themeQuotes(quotable, passages, openings),
      };
    }),
  };
}

/** The charts (MSC step 8), and the stages whose storytellers meta-monitoring compares (step 9). */
export function quantify(
  t: TFunction,
  sources: ReportSources,
): { charts: Chart[]; stages: Stages; storyIds: Set<number> } {
  const storyIds = ids(sources.stories);
  const told = toldOf(sources.counts);
  const counted = (label: string, n: number, protect = false): Bar => {
    const shown = countText(t, n, protect);
    return { label, value: n, text: shown.text, hidden: shown.held };
  };
  const charts: Chart[] = [];
  const chart = (id: string, title: string, lead: string, labelHeading: string, valueHeading: string, bars: Bar[]) =>
    charts.push(barChart({ id, title, description: describeBars(lead, bars), labelHeading, valueHeading, bars }));

  const byDomain = sumBy(sources.counts, (c) => c.domain_id);
  const domainBars = sources.domains
    .filter((d) => !d.archived || byDomain.has(d.id))
    .map((d) => counted(d.name, byDomain.get(d.id) ?? 0));
  const noDomain = byDomain.get(null) ?? 0;
  if (noDomain) domainBars.push(counted(t('reports.noDomain'), noDomain));
  // An inquiry without domains (Appreciative Inquiry) has no chart of them: one bar of "No domain" says nothing.
  if (sources.domains.length > 0)
    chart(
      'chart-domains',
      t('reports.charts.byDomain'),
      t('reports.charts.storiesLead', { count: told }),
      t('reports.charts.domain'),
      t('reports.charts.stories'),
      domainBars,
    );

  for (const attribute of sources.attributes) {
    const { groups, counts } = attributeGroups(attribute, sources.answerCounts, told, t('reports.notGiven'));
    const bars = groups.map((g) => counted(g, counts.get(g) ?? 0, true));
    chart(
      `chart-attribute-${attribute.id}`,
      t('reports.charts.byAttribute', { attribute: attribute.label }),
      t('reports.charts.tellersLead'),
      attribute.label,
      t('reports.charts.stories'),
      bars,
    );
  }

  const themes = themesSection(sources, t);
  if (themes && themes.items.length) {
    chart(
      'chart-themes',
      t('reports.charts.byTheme'),
      t('reports.charts.themesLead'),
      t('reports.charts.theme'),
      t('reports.charts.stories'),
      themes.items.map((th) => counted(th.name, th.count)),
    );
  }

  // Read and chosen follow one rule, the report's projection for its audience (storyIds), so each level reads
  // exactly what the level below chose.
  const levelOf = new Map(sources.panels.rounds.map((r) => [r.id, Number(r.level)]));
  const levelNumbers = [...new Set(levelOf.values())].sort((a, b) => a - b);
  const read = new Set<number>();
  const funnel: Bar[] = [counted(t('reports.charts.told'), told)];
  const chosen: Stages['chosen'] = [];
  for (const level of levelNumbers) {
    const readHere = new Set(
      sources.panels.readings
        .filter((x) => levelOf.get(x.round_id) === level && storyIds.has(x.story_id))
        .map((x) => x.story_id),
    );
    const chosenHere = new Set(
      sources.selections.filter((s) => s.level === level && storyIds.has(s.story_id)).map((s) => s.story_id),
    );
    for (const id of readHere) read.add(id);
    chosen.push({ level, ids: chosenHere });
    funnel.push(counted(t('reports.charts.readAt', { level }), readHere.size), {
      ...counted(t('reports.charts.chosenAt', { level }), chosenHere.size),
      series: 1,
    });
  }
  chart(
    'chart-funnel',
    t('reports.charts.funnel'),
    t('reports.charts.funnelLead'),
    t('reports.charts.step'),
    t('reports.charts.stories'),
    funnel,
  );
  // Chosen stories of the period this audience may not see (only funders have any): said, as the chosen stories'
  // section says it level by level, so the funnel's numbers are not taken for every choice made.
  const { inPeriod } = sources;
  const leftOut = new Set(
    sources.selections.filter((s) => inPeriod.has(s.story_id) && !storyIds.has(s.story_id)).map((s) => s.story_id),
  ).size;
  if (leftOut > 0) charts.at(-1)!.note = t('reports.charts.funnelLeftOut', { count: leftOut });
  return { charts, stages: { told, read, chosen: chosen.filter((c) => c.ids.size > 0) }, storyIds };
}

export function verification(counts: StoryCount[]) {
  const sum = (pick: (c: StoryCount) => number) => counts.reduce((total, c) => total + pick(c), 0);
  return {
    stories: sum((c) => c.n),
    readBack: sum((c) => c.read_back),
    changed: sum((c) => c.changed),
    verified: sum((c) => c.verified),
  };
}
