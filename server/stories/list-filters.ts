/**
 * The stories list's filters, read from the address (a GET form, so a filtered list can be bookmarked and works
 * without JavaScript). Pure logic: checks each filter against the inquiry's guide and says what is wrong.
 */
import type { Guide } from '../inquiries/inquiries-store.ts';
import type { StoryStatus } from '../db/schema.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';
import { searchWords } from './search.ts';

/** The statuses a person can filter by, in the order of a story's life. */
export const LIST_STATUSES = [
  'draft',
  'recorded',
  'read_back',
  'verified',
  'withdrawn',
] as const satisfies readonly StoryStatus[];
export const SEARCH_MAX = 200;
const ATTRIBUTE_MAX = 200;
/** A pattern's bar or cell links to its stories by their ids: bounded, so an address stays a few kilobytes. */
export const IDS_MAX = 1000;

export interface StoryFilters {
  domainId?: number;
  status?: StoryStatus;
  /** Storyteller attributes: the story has this value (case aside) for this attribute. */
  attributes: { attributeId: number; value: string }[];
  /** The interviewer or partner. */
  interviewerId?: number;
  toldFrom?: string;
  toldTo?: string;
  search?: string;
  /** Exactly these stories (a pattern's bar, cell or point), as `ids=3,17,42`. */
  storyIds?: number[];
}

export interface ListRequest {
  filters: StoryFilters;
  /** What was asked, by field, to show in the form again. */
  values: FormValues;
  errors: FieldErrors;
  page: number;
}

function realDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function options(attribute: { options: string }): string[] {
  try {
    const list = JSON.parse(attribute.options) as unknown;
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

/** The guide's attributes as the filter form shows them: a menu for single choice, a box for the rest. */
export function attributeFilters(
  guide: Guide,
): { id: number; name: string; label: string; choices: string[] | null }[] {
  return guide.attributes.map((a) => ({
    id: a.id,
    name: `a${a.id}`,
    label: a.label,
    choices: a.kind === 'single' ? options(a) : null,
  }));
}

/** Reads the filters; a filter that cannot be understood is reported beside its field, never silently dropped. */
export function readListRequest(query: Record<string, unknown>, guide: Guide, interviewerIds: number[]): ListRequest {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const filters: StoryFilters = { attributes: [] };
  const text = (name: string): string | undefined => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      errors[name] = 'storyList.errors.invalid';
      return undefined;
    }
    values[name] = raw;
    return raw.trim() === '' ? undefined : raw.trim();
  };

  const domain = text('domain');
  if (domain !== undefined) {
    const found = guide.domains.find((d) => String(d.id) === domain);
    if (found) filters.domainId = found.id;
    else errors.domain = 'storyList.errors.domain';
  }

  const status = text('status');
  if (status !== undefined) {
    if ((LIST_STATUSES as readonly string[]).includes(status)) filters.status = status as StoryStatus;
    else errors.status = 'storyList.errors.status';
  }

  for (const a of attributeFilters(guide)) {
    const value = text(a.name);
    if (value === undefined) continue;
    if (a.choices ? !a.choices.includes(value) : value.length > ATTRIBUTE_MAX)
      errors[a.name] = a.choices ? 'storyList.errors.choice' : 'storyList.errors.attribute';
    else filters.attributes.push({ attributeId: a.id, value });
  }

  const interviewer = text('interviewer');
  if (interviewer !== undefined) {
    const id = /^[0-9]{1,12}$/.test(interviewer) ? Number(interviewer) : NaN;
    if (interviewerIds.includes(id)) filters.interviewerId = id;
    else errors.interviewer = 'storyList.errors.interviewer';
  }

  for (const [name, key] of [
    ['from', 'toldFrom'],
    ['to', 'toldTo'],
  ] as const) {
    const value = text(name);
    if (value === undefined) continue;
    if (realDate(value)) filters[key] = value;
    else errors[name] = 'storyList.errors.date';
  }
  if (filters.toldFrom && filters.toldTo && filters.toldFrom > filters.toldTo) errors.to = 'storyList.errors.dateOrder';

  const search = text('q');
  if (search !== undefined) {
    if (search.length > SEARCH_MAX) errors.q = 'storyList.errors.searchLong';
    else if (searchWords(search).length === 0) errors.q = 'storyList.errors.searchWords';
    else filters.search = search;
  }

  const ids = text('ids');
  if (ids !== undefined) {
    const list = ids.split(',').map((id) => id.trim());
    if (list.length > IDS_MAX || !list.every((id) => /^[0-9]{1,12}$/.test(id))) errors.ids = 'storyList.errors.ids';
    else filters.storyIds = [...new Set(list.map(Number))];
  }

  const pageText = typeof query.page === 'string' ? query.page : '';
  const page = /^[0-9]{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
  return { filters, values, errors, page };
}

/** The address of another page of the same list (same filters). */
export function pageHref(base: string, values: FormValues, page: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (typeof value === 'string' && value.trim() !== '') params.set(name, value);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/** Past this, a list's query is not carried by its stories' links: only a pattern's many chosen stories reach it. */
const LINK_QUERY_MAX = 4000;

/**
 * The list's search, filters and page as a query string ("?q=…&page=2", or "" for none) for its stories' links, so a
 * story's page can link back to the same list: only what the list understood, each of its own parameters once.
 * Left off past LINK_QUERY_MAX, so a page of fifty links stays small (the browser's Back still keeps the list).
 */
export function listQuery(asked: ListRequest): string {
  const understood = Object.fromEntries(
    Object.entries(asked.values).filter(([name]) => asked.errors[name] === undefined),
  );
  const query = pageHref('', understood, asked.page);
  return query.length <= LINK_QUERY_MAX ? query : '';
}

export interface Pagination {
  first: number;
  last: number;
  total: number;
  page: number;
  pages: number;
  /** Page links; gapBefore marks pages skipped before this one (shown as …). */
  links: { page: number; href: string; current: boolean; gapBefore: boolean }[];
  previous?: string;
  next?: string;
  firstHref: string;
}

/** "Showing 51–100 of 230", and links to every page near this one (and the first and last). */
export function paginate(
  base: string,
  values: FormValues,
  page: number,
  total: number,
  pageSize: number,
  shown: number,
): Pagination {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  const near = new Set([1, pages]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pages) near.add(p);
  const sorted = [...near].sort((a, b) => a - b);
  const links = sorted.map((p, i) => ({
    page: p,
    href: pageHref(base, values, p),
    current: p === page,
    gapBefore: i > 0 && p - sorted[i - 1]! > 1,
  }));
  return {
    first,
    last: shown === 0 ? 0 : first + shown - 1,
    total,
    page,
    pages,
    links: pages > 1 ? links : [],
    previous: page > 1 && page <= pages ? pageHref(base, values, page - 1) : undefined,
    next: page < pages ? pageHref(base, values, page + 1) : undefined,
    firstHref: pageHref(base, values, 1),
  };
}
