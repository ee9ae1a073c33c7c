/**
 * A storyteller's own copy of their story, downloaded through their receipt link: everything Hearth keeps about
 * it that they told or chose — the words exactly as stored, what they said about themselves, their consent
 * choices and the dates — as plain text for people, and as JSON for computers.
 */
import { CONSENT_USES, type ConsentUse, type ConsentWay, type QuestionKind } from '../db/schema.ts';
import type { FullStory } from './store.ts';

export interface ReceiptDownload {
  code: string;
  inquiry: string;
  title: string;
  domain: string | null;
  language: string;
  storyteller: string;
  toldOn: string | null;
  toldWhere: string;
  /**
   * Each question as it was asked, and the answer verbatim (a list for multiple choice; a slider's point, 0 to 100,
   * with its two ends as asked).
   */
  answers: { question: string; kind: QuestionKind; answer: string | string[]; ends?: { low: string; high: string } }[];
  /** What the storyteller said about themselves. */
  aboutYou: { question: string; answer: string }[];
  consent: Record<ConsentUse | 'anonymous', boolean> & { how: ConsentWay | null; on: string | null };
  dates: { recorded: string; lastChanged: string; readBack: string | null; verified: string | null };
}

/** Interface text in the story's language (i18next's t, or anything like it). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function receiptDownload(story: FullStory): ReceiptDownload {
  return {
    code: story.code,
    inquiry: story.inquiry_title,
    title: story.title,
    domain: story.domain_name,
    language: story.language,
    storyteller: story.storyteller,
    toldOn: story.told_on,
    toldWhere: story.told_where,
    answers: story.answers.map((a) => ({
      question: a.prompt,
      kind: a.kind,
      answer: a.kind === 'multiple' ? (JSON.parse(a.value) as string[]) : a.value,
      ...(a.kind === 'slider' ? { ends: sliderEnds(a.asked) } : {}),
    })),
    aboutYou: story.attributes.map((a) => ({ question: a.label, answer: a.value })),
    consent: {
      ...(Object.fromEntries(CONSENT_USES.map((use) => [use, story[`consent_${use}`] === 1])) as Record<
        ConsentUse,
        boolean
      >),
      anonymous: story.anonymous === 1,
      how: story.consent_how,
      on: story.consent_on,
    },
    dates: {
      recorded: story.created_at,
      lastChanged: story.updated_at,
      readBack: story.read_back_on,
      verified: story.verified_on,
    },
  };
}

/** A slider's two ends as the teller saw them ("" when not kept). */
function sliderEnds(asked: string | null): { low: string; high: string } {
  const ends = asked ? (JSON.parse(asked) as string[]) : [];
  return { low: ends[0] ?? '', high: ends[1] ?? '' };
}

export function receiptJson(download: ReceiptDownload): string {
  return `${JSON.stringify(download, null, 2)}\n`;
}

function answerText(answer: ReceiptDownload['answers'][number], t: Translate, day: Day): string {
  if (Array.isArray(answer.answer)) return answer.answer.map((choice) => `- ${choice}`).join('\n');
  if ((answer.kind === 'scale' || answer.kind === 'slider') && answer.answer === 'n/a')
    return t('stories.form.notApplicable');
  // Worded as the receipt page words it: "70 of 100, between “Very bad” and “Very good”".
  if (answer.kind === 'slider' && answer.ends)
    return [
      t('signification.story.betweenParts.before', { value: answer.answer }),
      answer.ends.low,
      t('signification.story.betweenParts.and'),
      answer.ends.high,
      t('signification.story.betweenParts.after'),
    ].join('');
  if (answer.kind === 'date' && answer.answer) return day(answer.answer) ?? answer.answer;
  return answer.answer;
}

/** A date or a timestamp's day as the file's language writes it ("1 Mar 2026"). */
type Day = (value: string | null) => string | null;

/**
 * The plain-text file: headed sections, each answer under its question, the words untouched. `languageName` names
 * a language code and `day` writes a date in the file's own language ("en" -> "English", "1 Mar 2026"); the JSON
 * keeps the code and YYYY-MM-DD, for computers.
 */
export function receiptText(
  download: ReceiptDownload,
  t: Translate,
  link: string,
  languageName: (code: string) => string,
  day: Day,
): string {
  const none = t('receiptDownload.none');
  const line = (label: string, value: string | null) => `${label}${t('lists.colon')}${value || none}`;
  const section = (title: string) => ['', title, '='.repeat(title.length)];
  const c = download.consent;
  return [
    t('receiptDownload.heading'),
    '',
    // The file is the teller's receipt: the way back to their story, kept where they keep files.
    t('receiptDownload.keepLink'),
    link,
    '',
    line(t('receiptDownload.code'), download.code),
    line(t('receiptDownload.inquiry'), download.inquiry),
    line(t('receiptDownload.title'), download.title),
    ...(download.domain ? [line(t('receiptDownload.domain'), download.domain)] : []),
    line(t('receiptDownload.language'), download.language && languageName(download.language)),
    line(t('receiptDownload.storyteller'), download.storyteller),
    line(t('receiptDownload.toldOn'), day(download.toldOn)),
    line(t('receiptDownload.toldWhere'), download.toldWhere),
    ...section(t('receiptDownload.answers')),
    ...download.answers.flatMap((a) => ['', a.question, '', answerText(a, t, day)]),
    ...(download.aboutYou.length > 0
      ? [...section(t('receiptDownload.aboutYou')), '', ...download.aboutYou.map((a) => line(a.question, a.answer))]
      : []),
    ...section(t('receiptDownload.consent')),
    '',
    ...CONSENT_USES.map(
      (use) => `${c[use] ? t('receiptDownload.yes') : t('receiptDownload.no')} ${t(`consent.uses.${use}`)}`,
    ),
    line(t('receiptDownload.anonymous'), c.anonymous ? t('receiptDownload.yesWord') : t('receiptDownload.noWord')),
    line(t('receiptDownload.consentHow'), c.how ? t(`consent.ways.${c.how}`) : null),
    line(t('receiptDownload.consentOn'), day(c.on)),
    ...section(t('receiptDownload.dates')),
    '',
    line(t('receiptDownload.recorded'), day(download.dates.recorded)),
    line(t('receiptDownload.lastChanged'), day(download.dates.lastChanged)),
    line(t('receiptDownload.readBack'), day(download.dates.readBack)),
    line(t('receiptDownload.verified'), day(download.dates.verified)),
    '',
  ].join('\n');
}

/** A file name that is safe in a header and on any disk: the story code, e.g. MSC-0042.txt. */
export function downloadName(code: string, extension: 'txt' | 'json'): string {
  return `${code.replace(/[^A-Za-z0-9_-]/g, '-') || 'story'}.${extension}`;
}
