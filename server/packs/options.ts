/**
 * A pack's settings, read from the address (GET forms, so a chosen pack is a link that works without JavaScript
 * and the HTML and PDF share it): paper, copies, one or two stories to a page, the stories and pattern cards chosen
 * by hand, a time limit, and for an inquiry pack its filters. Anything that can't be understood is reported beside
 * its field.
 */
import { parseLanguages } from '../inquiries/checks.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';
import { PACK_STATUSES, type InquiryFilters, type PackStatus } from './packs-store.ts';

export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];
export const MAX_COPIES = 20;
export const MAX_MINUTES = 600;

export interface PackOptions {
  paper: Paper;
  copies: number;
  /** Two short stories to a page. */
  twoUp: boolean;
  maxMinutes?: number;
  /** Story ids ticked by hand; undefined means every story. */
  chosen?: number[];
  /** Pattern cards (observation ids) ticked by hand; undefined means every card marked to print. */
  cards?: number[];
  /** Print each story's translation into this language (where it has one) under the teller's words. */
  translation?: string;
}

export interface PackRequest {
  options: PackOptions;
  filters: InquiryFilters;
  values: FormValues;
  errors: FieldErrors;
}

const WHOLE = /^[0-9]{1,6}$/;

/** Reads the settings; `choices` are the inquiry's domain and tag ids, for an inquiry pack's filters. */
export function readPackRequest(
  query: Record<string, unknown>,
  choices?: { domainIds: number[]; tagIds: number[] },
): PackRequest {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const text = (name: string): string | undefined => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      errors[name] = 'packs.errors.invalid';
      return undefined;
    }
    values[name] = raw;
    return raw.trim() === '' ? undefined : raw.trim();
  };
  const whole = (name: string, min: number, max: number, message: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const n = WHOLE.test(value) ? Number(value) : NaN;
    if (n >= min && n <= max) return n;
    errors[name] = message;
    return undefined;
  };

  const options: PackOptions = { paper: 'a4', copies: 1, twoUp: false };
  const paper = text('paper');
  if (paper !== undefined) {
    if ((PAPERS as readonly string[]).includes(paper)) options.paper = paper as Paper;
    else errors.paper = 'packs.errors.paper';
  }
  options.copies = whole('copies', 1, MAX_COPIES, 'packs.errors.copies') ?? 1;
  options.maxMinutes = whole('maxMinutes', 1, MAX_MINUTES, 'packs.errors.maxMinutes');
  const layout = text('layout');
  if (layout !== undefined) {
    if (layout === 'one' || layout === 'two') options.twoUp = layout === 'two';
    else errors.layout = 'packs.errors.layout';
  }

  const translation = text('translation');
  if (translation !== undefined) {
    if (parseLanguages(translation)?.length === 1) options.translation = translation;
    else errors.translation = 'translations.packs.error';
  }

  // Tick boxes: a hidden field (`marker`) says the list is the person's choice, even if they unticked all.
  const ticks = (name: string, marker: string, field: 'story' | 'card'): number[] | undefined => {
    const raw = query[name];
    const ticked = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const ids = ticked.filter((id): id is string => typeof id === 'string' && /^[0-9]{1,12}$/.test(id));
    if (ids.length < ticked.length) {
      errors[field] = `packs.errors.${field}`;
      return undefined;
    }
    values[name] = ids;
    if (query[marker] === undefined && ids.length === 0) return undefined;
    values[marker] = '1';
    return ids.map(Number);
  };
  options.chosen = ticks('story[]', 'chosen', 'story');
  options.cards = ticks('card[]', 'cards', 'card');
  if (options.chosen?.length === 0) errors.story = 'packs.errors.noStories';

  const filters: InquiryFilters = {};
  if (choices) {
    const domain = whole('domain', 1, Number.MAX_SAFE_INTEGER, 'packs.errors.domain');
    if (domain !== undefined && choices.domainIds.includes(domain)) filters.domainId = domain;
    else if (domain !== undefined) errors.domain = 'packs.errors.domain';
    const tag = whole('tag', 1, Number.MAX_SAFE_INTEGER, 'packs.errors.tag');
    if (tag !== undefined && choices.tagIds.includes(tag)) filters.tagId = tag;
    else if (tag !== undefined) errors.tag = 'packs.errors.tag';
    const status = text('status');
    if (status !== undefined) {
      if ((PACK_STATUSES as readonly string[]).includes(status)) filters.status = status as PackStatus;
      else errors.status = 'packs.errors.status';
    }
  }
  return { options, filters, values, errors };
}

/** The query string for the same pack (for the links between the settings page, the pack and its PDF). */
export function packQuery(
  request: Pick<PackRequest, 'options' | 'filters'>,
  overrides: Partial<PackOptions> = {},
): string {
  const o = { ...request.options, ...overrides };
  const params = new URLSearchParams();
  const f = request.filters;
  if (f.domainId !== undefined) params.set('domain', String(f.domainId));
  if (f.tagId !== undefined) params.set('tag', String(f.tagId));
  if (f.status) params.set('status', f.status);
  if (o.chosen) {
    params.set('chosen', '1');
    for (const id of o.chosen) params.append('story[]', String(id));
  }
  if (o.cards) {
    params.set('cards', '1');
    for (const id of o.cards) params.append('card[]', String(id));
  }
  if (o.maxMinutes !== undefined) params.set('maxMinutes', String(o.maxMinutes));
  if (o.twoUp) params.set('layout', 'two');
  if (o.translation) params.set('translation', o.translation);
  if (o.copies !== 1) params.set('copies', String(o.copies));
  params.set('paper', o.paper);
  return params.toString();
}
