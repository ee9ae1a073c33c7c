/** A timestamp as a readable local date and time in the page's language. Usage: {{date event.created_at}} or {{date d style="date"}} */
import type { HelperOptions } from 'handlebars';
import { languageHere } from './in-language.ts';

// Making a formatter costs far more than using one (a list page formats dozens of dates): one per language and style.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(lang: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: 'UTC',
    });
    formats.set(key, format);
  }
  return format;
}

export default function date(value: string | null | undefined, options: HelperOptions): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const lang = languageHere(options);
  const withTime = (options.hash?.style ?? 'datetime') !== 'date';
  return formatFor(lang, withTime).format(d) + (withTime ? ' UTC' : '');
}

/** A date (YYYY-MM-DD, or a timestamp's day) as the pages write it in this language, for text outside a page. */
export function dayIn(lang: string, value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatFor(lang, false).format(d);
}
