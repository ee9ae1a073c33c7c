/**
 * Who told the stories, and whose stories survive each level (MSC steps 8 and 9), by storyteller attribute.
 * Small groups are protected: a count of 1 or 2 stories told or read, by storyteller attribute, is shown as
 * "fewer than 3" and its share is left out, so nobody can be picked out of a small group. Counts of chosen
 * stories are shown as they are: those stories are in the report in full anyway, and step 9 needs them.
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
  told: GroupCount;
  read: GroupCount;
  chosen: GroupCount[];
}

export interface MetaTable {
  id: number;
  label: string;
  /** The levels with chosen stories, one column each. */
  levels: number[];
  rows: MetaRow[];
}

export interface Flag {
  kind: 'noneTold' | 'noneRead' | 'noneChosen' | 'fewerChosen';
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

/** answersFor's results for each list of answers (a report asks for each attribute three times). */
const answered = new WeakMap<TellerAnswer[], Map<string, Map<number, string>>>();

/** Each story's answer to this attribute, by story id. */
export function answersFor(attribute: AttributeDef, answers: TellerAnswer[]): Map<number, string> {
  let known = answered.get(answers);
  if (!known) answered.set(answers, (known = new Map()));
  const key = `${attribute.id}\u0000${attribute.label}`;
  let map = known.get(key);
  if (map) return map;
  known.set(key, (map = new Map<number, string>()));
  for (const a of answers) {
    const mine = a.attribute_id === attribute.id || (a.attribute_id === null && a.label === attribute.label);
    if (mine && a.value.trim() !== '') map.set(a.story_id, a.value.trim());
  }
  return map;
}

/** The groups to report: the attribute's choices in order, then any other answers given, then "not given". */
export function groupsOf(
  attribute: AttributeDef,
  given: Map<number, string>,
  notGiven: string,
  storyIds: number[],
): string[] {
  let options: string[] = [];
  try {
    const parsed: unknown = JSON.parse(attribute.options || '[]');
    if (Array.isArray(parsed)) options = parsed.filter((o): o is string => typeof o === 'string');
  } catch {
    options = [];
  }
  const others = [...new Set(given.values())].filter((v) => !options.includes(v)).sort((a, b) => a.localeCompare(b));
  const missing = storyIds.some((id) => !given.has(id));
  return [...options, ...others, ...(missing ? [notGiven] : [])];
}

/** Counts by group over some stories (told, read, chosen at a level). */
function tally(
  groups: string[],
  given: Map<number, string>,
  notGiven: string,
  ids: Iterable<number>,
): Map<string, number> {
  const counts = new Map(groups.map((g) => [g, 0]));
  for (const id of ids) {
    const group = given.get(id) ?? notGiven;
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}

export interface Stages {
  told: number[];
  read: Set<number>;
  /** Chosen stories by level, levels ascending. */
  chosen: { level: number; ids: Set<number> }[];
}

/** One table per attribute: told, read by panels, chosen at each level; and the gaps said in words. */
export function metaMonitoring(
  t: TFunction,
  attributes: AttributeDef[],
  answers: TellerAnswer[],
  stages: Stages,
): { tables: MetaTable[]; flags: Flag[] } {
  const notGiven = t('reports.notGiven');
  const tables: MetaTable[] = [];
  const flags: Flag[] = [];
  for (const attribute of attributes) {
    const given = answersFor(attribute, answers);
    const groups = groupsOf(attribute, given, notGiven, stages.told);
    const told = tally(groups, given, notGiven, stages.told);
    const read = tally(groups, given, notGiven, stages.read);
    const chosen = stages.chosen.map((c) => ({
      level: c.level,
      counts: tally(groups, given, notGiven, c.ids),
      total: c.ids.size,
    }));
    const rows = groups.map((g) => ({
      value: g,
      told: groupCount(t, g, told.get(g)!, stages.told.length, true),
      read: groupCount(t, g, read.get(g)!, stages.read.size, true),
      chosen: chosen.map((c) => groupCount(t, g, c.counts.get(g)!, c.total, false)),
    }));
    tables.push({ id: attribute.id, label: attribute.label, levels: chosen.map((c) => c.level), rows });
    for (const g of groups) {
      if (g === notGiven) continue;
      const n = told.get(g)!;
      if (n === 0) {
        flags.push({ kind: 'noneTold', group: g, attribute: attribute.label });
        continue;
      }
      if (stages.read.size > 0 && read.get(g) === 0) {
        flags.push({ kind: 'noneRead', group: g, attribute: attribute.label });
        continue;
      }
      // Said once per group: the level where its stories stop being chosen, or where they are chosen far less.
      for (const c of chosen) {
        if (c.total === 0) continue;
        const k = c.counts.get(g)!;
        if (k === 0) {
          flags.push({ kind: 'noneChosen', group: g, attribute: attribute.label, level: c.level });
          break;
        }
        if (k / c.total < n / stages.told.length / 2 && n >= SMALL) {
          flags.push({
            kind: 'fewerChosen',
            group: g,
            attribute: attribute.label,
            level: c.level,
            toldShare: percent(n, stages.told.length),
            chosenShare: percent(k, c.total),
          });
        }
      }
    }
  }
  return { tables, flags };
}
