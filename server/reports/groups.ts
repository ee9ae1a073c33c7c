/**
 * Who told the stories and what kinds of stories they are, and which survive each level (MSC steps 8 and 9): by
 * storyteller question, and (story-kinds.ts) by the tellers' own answers about their stories, length and language.
 * Small groups are protected: a count of 1 or 2 stories told or read is shown as "fewer than 3" and its share is
 * left out, so nobody can be picked out of a small group. Counts of chosen stories are shown as they are: those
 * stories are in the report in full anyway, and step 9 needs them.
 */
import type { TFunction } from 'i18next';

export const SMALL = 3;

export interface AttributeDef {
  id: number;
  label: string;
  kind: string;
  options: string;
}

export interface TellerAnswer {
  story_id: number;
  attribute_id: number | null;
  label: string;
  value: string;
}

export interface GroupCount {
  value: string;
  count: number;
  /** The number as shown: "fewer than 3" for 1 or 2. */
  text: string;
  /** Share of the column as a whole percentage, or '' when the count is held back. */
  share: string;
  held: boolean;
}

export interface MetaRow {
  value: string;
  /** The group's language when it is the inquiry's words (a choice), for marking on a page in another. */
  lang?: string;
  told: GroupCount;
  read: GroupCount;
  chosen: GroupCount[];
}

export interface MetaTable {
  key: string;
  label: string;
  lang?: string;
  /** Who told the stories (a storyteller question) or what kind of stories they are. */
  about: 'tellers' | 'stories';
  /** A story may count in several rows (a multiple choice). */
  several: boolean;
  /** The levels with chosen stories, one column each. */
  levels: number[];
  rows: MetaRow[];
}

export interface Flag {
  kind: 'noneTold' | 'noneRead' | 'noneChosen' | 'fewerChosen' | 'moreChosen';
  /** The words to say it in: worded for storytellers' groups or for kinds of stories. */
  key: string;
  group: string;
  attribute: string;
  level?: number;
  toldShare?: string;
  chosenShare?: string;
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? '' : `${Math.round((part / whole) * 100)}%`;

export function countText(t: TFunction, n: number, protect: boolean): { text: string; held: boolean } {
  if (protect && n > 0 && n < SMALL) return { text: t('reports.fewerThan', { count: SMALL }), held: true };
  return { text: String(n), held: false };
}

function groupCount(t: TFunction, value: string, n: number, total: number, protect: boolean): GroupCount {
  const { text, held } = countText(t, n, protect);
  return { value, count: n, text, share: held ? '' : percent(n, total), held };
}

/** answersFor's results for each list of answers (a report asks for each attribute more than once). */
const answered = new WeakMap<TellerAnswer[], Map<string, Map<number, string>>>();

const isOf = (attribute: AttributeDef, a: { attribute_id: number | null; label: string }) =>
  a.attribute_id === attribute.id || (a.attribute_id === null && a.label === attribute.label);

/** Each story's answer to this attribute, by story id (for the few stories read or chosen). */
export function answersFor(attribute: AttributeDef, answers: TellerAnswer[]): Map<number, string> {
  let known = answered.get(answers);
  if (!known) answered.set(answers, (known = new Map()));
  const key = `${attribute.id}\u0000${attribute.label}`;
  let map = known.get(key);
  if (map) return map;
  known.set(key, (map = new Map<number, string>()));
  for (const a of answers) if (isOf(attribute, a) && a.value.trim() !== '') map.set(a.story_id, a.value.trim());
  return map;
}

/** How many stories gave each answer to a storyteller question, as the database counted them. */
export interface AnswerCount {
  attribute_id: number | null;
  label: string;
  value: string;
  n: number;
}

/**
 * An attribute's groups in the order shown (its choices in order, then any other answers given, then "not given"
 * when some of the `total` stories gave none) and how many stories are in each.
 */
export function attributeGroups(
  attribute: AttributeDef,
  answers: AnswerCount[],
  total: number,
  notGiven: string,
): { groups: string[]; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  for (const a of answers) if (isOf(attribute, a)) counts.set(a.value, (counts.get(a.value) ?? 0) + a.n);
  const given = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (total > given) counts.set(notGiven, total - given);
  let options: string[] = [];
  try {
    const parsed: unknown = JSON.parse(attribute.options || '[]');
    if (Array.isArray(parsed)) options = parsed.filter((o): o is string => typeof o === 'string');
  } catch {
    options = [];
  }
  const others = [...counts.keys()]
    .filter((v) => v !== notGiven && !options.includes(v))
    .sort((a, b) => a.localeCompare(b));
  return { groups: [...options, ...others, ...(total > given ? [notGiven] : [])], counts };
}

/**
 * A way to sort the stories told into groups: by a storyteller question (who told them) or by what kind of story
 * they are (the teller's own answers about it, its length, its language). Flags are worded to match.
 */
export interface Grouping {
  key: string;
  label: string;
  about: 'tellers' | 'stories';
  /** The groups in the order shown, `none` last when some story told has no group. */
  groups: string[];
  /** How many stories told are in each group, `none` included (counted in the database). */
  told: Map<string, number>;
  /** The groups of each story read or chosen (a multiple choice may give several); one not here counts under `none`. */
  of: Map<number, readonly string[]>;
  /** The group of stories with no answer ("Not given"); never flagged as missing. */
  none: string;
  /** Whether a story can be in several groups, so the shares of a column add up to more than 100%. */
  several: boolean;
  /** The language of the label and groups when they are the inquiry's words (its questions and their choices). */
  lang?: string;
}

/**
 * Told counts from rows of groups and how many stories have them (a story in several groups counts in each);
 * the stories of `total` in no row count under `none`, which is then the last group.
 */
export function toldIn(
  groups: string[],
  rows: { groups: readonly string[]; n: number }[],
  total: number,
  none: string,
): { groups: string[]; told: Map<string, number> } {
  const told = new Map(groups.map((g) => [g, 0]));
  let grouped = 0;
  for (const row of rows) {
    if (row.groups.length === 0) continue;
    grouped += row.n;
    for (const g of new Set(row.groups)) told.set(g, (told.get(g) ?? 0) + row.n);
  }
  if (total <= grouped) return { groups, told };
  told.set(none, total - grouped);
  return { groups: [...groups, none], told };
}

/** One grouping per storyteller question: its choices in order, then any other answers, then "not given". */
export function tellerGroupings(
  t: TFunction,
  attributes: AttributeDef[],
  counts: AnswerCount[],
  answers: TellerAnswer[],
  total: number,
): Grouping[] {
  const none = t('reports.notGiven');
  return attributes.map((attribute) => {
    const { groups, counts: told } = attributeGroups(attribute, counts, total, none);
    return {
      key: `teller-${attribute.id}`,
      label: attribute.label,
      about: 'tellers',
      groups,
      told,
      of: new Map([...answersFor(attribute, answers)].map(([id, value]) => [id, [value]])),
      none,
      several: false,
    };
  });
}

/** Counts by group over some stories (read, chosen at a level); a story in several groups counts in each. */
function tally(grouping: Grouping, ids: Iterable<number>): Map<string, number> {
  const counts = new Map(grouping.groups.map((g) => [g, 0]));
  for (const id of ids) {
    const mine = grouping.of.get(id);
    for (const group of mine?.length ? mine : [grouping.none]) counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}

export interface Stages {
  /** How many stories were told. */
  told: number;
  read: Set<number>;
  /** Chosen stories by level, levels ascending. */
  chosen: { level: number; ids: Set<number> }[];
}

/**
 * A group is chosen far more often than told when its share of a level's choices is at least half as much again
 * as its share of the stories told, and at least 20 points more: the bias MSC warns of toward long, fluent,
 * success stories. It takes two of at least three chosen stories: one or two alone are "100% of those chosen".
 */
export const overChosen = (told: number, allTold: number, chosen: number, allChosen: number) =>
  told >= SMALL &&
  chosen >= 2 &&
  allChosen >= SMALL &&
  chosen / allChosen >= (1.5 * told) / allTold &&
  chosen / allChosen - told / allTold >= 0.2;

/** Far less often: less than half its share of the stories told (and enough told for a share to be shown). */
export const underChosen = (told: number, allTold: number, chosen: number, allChosen: number) =>
  told >= SMALL && chosen / allChosen < told / allTold / 2;

/** The flags of one grouping: groups none of whose stories were told, read, chosen; or chosen far less or more. */
function flagsOf(
  grouping: Grouping,
  read: Map<string, number>,
  stages: Stages & { chosen: { level: number; ids: Set<number>; counts: Map<string, number> }[] },
) {
  const flags: Flag[] = [];
  const flag = (kind: Flag['kind'], group: string, more: Partial<Flag> = {}) =>
    flags.push({
      kind,
      key: `reports.meta.${grouping.about === 'tellers' ? 'flags' : 'kindFlags'}.${kind}`,
      group,
      attribute: grouping.label,
      ...more,
    });
  const allTold = stages.told;
  for (const g of grouping.groups) {
    if (g === grouping.none) continue;
    const n = grouping.told.get(g) ?? 0;
    if (n === 0) {
      flag('noneTold', g);
      continue;
    }
    if (stages.read.size > 0 && read.get(g) === 0) {
      flag('noneRead', g);
      continue;
    }
    // Said once per group where its stories stop being chosen; each level where they are chosen far less or more.
    for (const c of stages.chosen) {
      const total = c.ids.size;
      const k = c.counts.get(g)!;
      const shares = { level: c.level, toldShare: percent(n, allTold), chosenShare: percent(k, total) };
      if (k === 0) {
        flag('noneChosen', g, { level: c.level });
        break;
      }
      if (underChosen(n, allTold, k, total)) flag('fewerChosen', g, shares);
      else if (overChosen(n, allTold, k, total)) flag('moreChosen', g, shares);
    }
  }
  return flags;
}

/** One table per grouping: told, read by panels, chosen at each level; and the gaps and biases said in words. */
export function metaMonitoring(
  t: TFunction,
  groupings: Grouping[],
  stages: Stages,
): { tables: MetaTable[]; flags: Flag[] } {
  const tables: MetaTable[] = [];
  const flags: Flag[] = [];
  for (const grouping of groupings) {
    const read = tally(grouping, stages.read);
    const chosen = stages.chosen.map((c) => ({ ...c, counts: tally(grouping, c.ids) }));
    const rows = grouping.groups.map((g) => ({
      value: g,
      lang: g === grouping.none ? undefined : grouping.lang,
      told: groupCount(t, g, grouping.told.get(g) ?? 0, stages.told, true),
      read: groupCount(t, g, read.get(g)!, stages.read.size, true),
      chosen: chosen.map((c) => groupCount(t, g, c.counts.get(g)!, c.ids.size, false)),
    }));
    tables.push({
      key: grouping.key,
      label: grouping.label,
      lang: grouping.lang,
      about: grouping.about,
      several: grouping.several,
      levels: chosen.map((c) => c.level),
      rows,
    });
    flags.push(...flagsOf(grouping, read, { ...stages, chosen }));
  }
  return { tables, flags };
}
