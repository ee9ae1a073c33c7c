/** The report forms: the coordinator's words, a share link, and the reporting period asked for in the address. */
import { Type } from '@sinclair/typebox';
import type { FieldErrors } from '../web/forms.ts';
import type { ReportPeriod } from './report-store.ts';

export const TEXT_MAX = 20_000;
const day = (message: string) =>
  Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', errorMessage: message }));

export const TextsForm = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 200, errorMessage: 'reports.errors.title' })),
  introduction: Type.Optional(Type.String({ maxLength: TEXT_MAX, errorMessage: 'reports.errors.introduction' })),
  conclusions: Type.Optional(Type.String({ maxLength: TEXT_MAX, errorMessage: 'reports.errors.conclusions' })),
  from: day('reports.errors.from'),
  to: day('reports.errors.to'),
});

export const ShareForm = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 200, errorMessage: 'reports.errors.label' }),
  days: Type.String({ pattern: '^[0-9]{1,3}$', errorMessage: 'reports.errors.days' }),
  from: day('reports.errors.from'),
  to: day('reports.errors.to'),
});

export const EmptyForm = Type.Object({});

export const MAX_DAYS = 365;
export const DEFAULT_DAYS = 30;

/** Days of a share link: a whole number from 1 to 365, or undefined. */
export function shareDays(raw: string): number | undefined {
  const days = Number(raw);
  return /^[0-9]{1,3}$/.test(raw) && days >= 1 && days <= MAX_DAYS ? days : undefined;
}

function isDay(value: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The period in the address (?from=&to=), or the fallback for a bound not given. A date that is not a real
 * day, or a start after the end, is named in errors (the page says so beside the field).
 */
export function readPeriod(
  query: Record<string, unknown>,
  fallback: ReportPeriod,
): { period: ReportPeriod; errors: FieldErrors; values: Record<string, string> } {
  const errors: FieldErrors = {};
  const values: Record<string, string> = {};
  const period = { ...fallback };
  for (const bound of ['from', 'to'] as const) {
    const raw = query[bound];
    if (raw === undefined) continue;
    const value = typeof raw === 'string' ? raw.trim() : '';
    values[bound] = typeof raw === 'string' ? raw : '';
    if (value === '') period[bound] = '';
    else if (isDay(value)) period[bound] = value;
    else errors[bound] = `reports.errors.${bound}`;
  }
  if (!errors.from && !errors.to && period.from && period.to && period.from > period.to)
    errors.to = 'reports.errors.order';
  if (Object.keys(errors).length > 0) return { period: fallback, errors, values };
  return { period, errors, values: { from: period.from, to: period.to } };
}
