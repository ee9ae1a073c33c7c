/**
 * A reporting period as people read it: "1 Jan 2026 – 30 Jun 2026" in the page's language. Items keep the period they
 * were written in as "2026-01-01 to 2026-06-30" (learning/forms.ts); a period given in words is shown as written.
 * Usage: {{period item.period}}
 */
import type { HelperOptions } from 'handlebars';
import date from './date.ts';

export default function period(value: unknown, options: HelperOptions): string {
  const text = typeof value === 'string' ? value : '';
  const dates = /^(\d{4}-\d{2}-\d{2}|…) to (\d{4}-\d{2}-\d{2}|…)$/.exec(text);
  if (!dates) return text;
  const day = (d: string) => (d === '…' ? '…' : date(d, { ...options, hash: { style: 'date' } }));
  return `${day(dates[1]!)} – ${day(dates[2]!)}`;
}
