/**
 * Themes found within each domain separately, when a facilitator asks: the stories of each domain are grouped on
 * their own, every label starts with its domain ("Changes in people's lives: food bank · key worker"), and each
 * domain's map sits beside the others so the domains never overlap on it.
 */
import type { Doc, Theme, ThemeOptions, ThemeResult } from '../text/types.ts';

export type FindThemes = (
  docs: Doc[],
  options: Pick<ThemeOptions, 'k' | 'seed'> & { dictionaries?: string },
  onProgress: (fraction: number, step: string) => void,
) => Promise<ThemeResult>;

/**
 * What one domain gave, for the run's page: its stories, the themes found in them, and why fewer than asked. A domain
 * with too few stories to split ('few') is one theme; one with fewer stories that have words to compare than themes
 * asked ('fewWords') has that many.
 */
export interface DomainFound {
  name: string;
  stories: number;
  found: number;
  fewer: 'few' | 'fewWords' | null;
  /** With 'fewWords': how many of its stories have words to compare. */
  comparable?: number;
}

export type DomainThemes = ThemeResult & { domains: DomainFound[] };

/** Below this many stories a domain is one theme: too few to split. */
const FEWEST_TO_SPLIT = 6;
const NO_DOMAIN = 'No domain';

export async function themesByDomain(
  docs: (Doc & { domain: string | null })[],
  options: Pick<ThemeOptions, 'k' | 'seed'> & { dictionaries?: string },
  find: FindThemes,
  onProgress: (fraction: number, step: string) => void,
): Promise<DomainThemes> {
  const groups = new Map<string, Doc[]>();
  for (const { domain, ...doc } of docs) {
    const name = domain ?? NO_DOMAIN;
    const list = groups.get(name) ?? [];
    list.push(doc);
    groups.set(name, list);
  }
  const themes: Theme[] = [];
  const points: ThemeResult['points'] = [];
  const notes: string[] = [];
  const domains: DomainFound[] = [];
  let done = 0;
  let offset = 0;
  for (const [domain, group] of groups) {
    const few = group.length < FEWEST_TO_SPLIT;
    const k = few ? 1 : options.k;
    const result = await find(group, { ...options, k }, (fraction, step) =>
      onProgress((done + fraction * group.length) / docs.length, `${domain}: ${step}`),
    );
    done += group.length;
    // Each domain's map to the right of the previous one's, with a gap.
    const xs = result.points.map((p) => p.x);
    const left = Math.min(0, ...xs);
    const width = Math.max(1, Math.max(0, ...xs) - left);
    for (const p of result.points) points.push({ ...p, x: offset + (p.x - left), theme: p.theme + themes.length });
    offset += width * 1.2;
    for (const theme of result.themes) themes.push({ ...theme, label: `${domain}: ${theme.label}` });
    for (const note of result.notes ?? []) notes.push(`${domain}: ${note}`);
    const found = { name: domain, stories: group.length, found: result.themes.length };
    if (few) domains.push({ ...found, fewer: 'few' });
    else if (typeof k === 'number' && result.k < k) domains.push({ ...found, fewer: 'fewWords', comparable: result.k });
    else domains.push({ ...found, fewer: null });
  }
  return { k: themes.length, themes, points, notes, domains };
}
