/**
 * The CSV export: one row per story, built from the JSON export (so it obeys consent the same way). UTF-8 with a
 * byte order mark so spreadsheet programs read the accents right; every cell quoted; a cell a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or carriage return) gets an apostrophe in front.
 */
import { fillPrompt, questionLanguage } from '../inquiries/templates.ts';
import type { HearthExport } from './format.ts';

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, quoted, formulas neutralised. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

/** The fixed columns, in order; their headers are also what the CSV import recognises. */
export const FIXED_COLUMNS = [
  'Story code',
  'Title',
  'Domain',
  'Status',
  'Route',
  'Told on',
  'Told where',
  'Language',
  'Recorded at',
  'Storyteller',
  // Who gathered it, by name as the import matches members; funders' files leave it empty and have no partner.
  'Interviewer',
  'Partner',
  'Anonymous',
  'Consent: panels',
  'Consent: packs',
  'Consent: quotes',
  'Consent: funders',
  'Consent: publish',
  'Consent: recording',
  'Consent: hearing',
  'Consent given how',
  'Consent given on',
  'Read back on',
  'Verified on',
] as const;

const choice = (value: string) => {
  // Multiple choices are kept as a JSON array; a spreadsheet reads them better as a list.
  if (!value.startsWith('[')) return value;
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? list.join('; ') : value;
  } catch {
    return value;
  }
};

export function toCsv(doc: HearthExport): string {
  const questions = doc.questions.filter((q) => !q.archived);
  const attributes = doc.attributes.filter((a) => !a.archived);
  // Answers to questions since removed from the guide still get a column, by the prompt they were asked with.
  const orphanPrompts = [
    ...new Set(
      doc.stories.flatMap((s) =>
        s.answers.filter((a) => !questions.some((q) => q.id === a.question)).map((a) => a.prompt),
      ),
    ),
  ];
  const orphanLabels = [
    ...new Set(
      doc.stories.flatMap((s) =>
        s.attributes.filter((a) => !attributes.some((x) => x.id === a.attribute)).map((a) => a.label),
      ),
    ),
  ];
  // A question's column is headed as it was asked, [period] and [topic] filled in ([domain] differs by story).
  const { period_words: period, ai_topic: topic, languages } = doc.inquiry;
  const asked = (prompt: string) => fillPrompt(prompt, { period, topic }, questionLanguage(languages));
  // As in the JSON: a funders' file has an empty interviewer and no partner at all.
  const partners = doc.audience !== 'funders';
  const header = [
    ...FIXED_COLUMNS.filter((c) => partners || c !== 'Partner'),
    ...questions.map((q) => asked(q.prompt)),
    ...orphanPrompts,
    ...attributes.map((a) => a.label),
    ...orphanLabels,
    'Tags',
    'Themes',
    'Selections',
  ];

  const domainName = new Map(doc.domains.map((d) => [d.id, d.name]));
  const tagName = new Map(doc.tags.map((t) => [t.id, t.name]));
  const lastRun = doc.analysis_runs.at(-1);
  const roundOf = new Map(doc.rounds.map((r) => [r.id, r]));

  const rows = doc.stories.map((s) => {
    const c = s.consent;
    const themes = (lastRun?.themes ?? [])
      .filter((t) => (t.status === 'kept' || t.status === 'suggested') && t.stories.some((x) => x.story === s.code))
      .map((t) => t.name ?? t.label);
    const selections = doc.rounds.flatMap((r) =>
      r.decisions
        .filter((d) => d.selections.some((x) => x.story === s.code))
        .map(() => `${roundOf.get(r.id)!.name} (level ${r.level})`),
    );
    return [
      s.code,
      s.title,
      s.domain === null ? '' : (domainName.get(s.domain) ?? ''),
      s.status,
      s.route,
      s.told_on,
      s.told_where,
      s.language,
      s.created_at,
      s.storyteller,
      s.interviewer,
      ...(partners ? [s.partner] : []),
      c.anonymous,
      c.panels,
      c.packs,
      c.quotes,
      c.funders,
      c.publish,
      // Absent in a file from before the recording was asked: not agreed, as the JSON import takes it.
      c.recording ?? false,
      c.hearing ?? false,
      c.how,
      c.on,
      s.read_back_on,
      s.verified_on,
      ...questions.map((q) => choice(s.answers.find((a) => a.question === q.id)?.value ?? '')),
      ...orphanPrompts.map((p) =>
        choice(s.answers.find((a) => a.prompt === p && !questions.some((q) => q.id === a.question))?.value ?? ''),
      ),
      ...attributes.map((a) => s.attributes.find((x) => x.attribute === a.id)?.value ?? ''),
      ...orphanLabels.map((l) => s.attributes.find((x) => x.label === l)?.value ?? ''),
      [...new Set(s.tags.map((t) => tagName.get(t.tag) ?? ''))].join('; '),
      themes.join('; '),
      [...new Set(selections)].join('; '),
    ];
  });
  return BOM + [header, ...rows].map(csvLine).join('\r\n') + '\r\n';
}
