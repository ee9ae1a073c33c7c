/**
 * What an import's problems quote, said in the page's language: a date the calendar does not have ("30 February
 * 2026"), and the choices a cell may hold, the first few only when they are many.
 */
import type { TFunction } from 'i18next';

/** Choices named in full up to this many; more are cut to the first few and "N others". */
const CHOICES_NAMED = 8;
const CHOICES_WHEN_CUT = 6;

// As Hearth's date helper shows dates: English as in Britain.
const locale = (language: string) => (language === 'en' ? 'en-GB' : language);

/**
 * A YYYY-MM-DD date in words, even one no calendar has: the day is put into its month's own wording, as the
 * language writes "1 February 2026" (month 1 to 12 only; undefined otherwise).
 */
export function dateInWords(value: string, language: string): string | undefined {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [year, month, day] = parts ? [Number(parts[1]), Number(parts[2]), Number(parts[3])] : [0, 0, 0];
  if (month < 1 || month > 12) return undefined;
  const format = new Intl.DateTimeFormat(locale(language), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const digits = new Intl.NumberFormat(locale(language), {
    numberingSystem: format.resolvedOptions().numberingSystem,
    useGrouping: false,
  });
  return format
    .formatToParts(new Date(Date.UTC(year, month - 1, 1)))
    .map((p) => (p.type === 'day' ? digits.format(day) : p.value))
    .join('');
}

/** The choices as the language lists alternatives ("A, B or C"); a long list named by its first few. */
export function choicesInWords(choices: string[], language: string, t: TFunction): string {
  const named =
    choices.length > CHOICES_NAMED
      ? [
          ...choices.slice(0, CHOICES_WHEN_CUT),
          t('exports.problems.otherChoices', { count: choices.length - CHOICES_WHEN_CUT }),
        ]
      : choices;
  return new Intl.ListFormat(locale(language), { type: 'disjunction' }).format(named);
}
