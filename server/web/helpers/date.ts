/** A timestamp as a readable local date and time in the page's language. Usage: {{date event.created_at}} or {{date d style="date"}} */
import type { HelperOptions } from 'handlebars';

export default function date(value: string | null | undefined, options: HelperOptions): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const lang = (options.data?.root?.lang as string | undefined) ?? 'en';
  const withTime = (options.hash?.style ?? 'datetime') !== 'date';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'UTC',
  }).format(d) + (withTime ? ' UTC' : '');
}
