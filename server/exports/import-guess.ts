/**
 * The CSV import's first guess at which column is what: Hearth's own export headers, the guide's prompts and
 * labels, the short names spreadsheets give the story's answers ("Story", "Why", "Title") and a few common names.
 * Pure logic: nothing here knows about HTTP or the database.
 */
import { CONSENT_USES, type QuestionKind } from '../db/schema.ts';
import type { Guide } from '../inquiries/inquiries-store.ts';
import { IMPORTED_USES, norm, yesOrNo } from './import-cells.ts';

const SYNONYMS: Record<string, string> = {
  'story code': 'code',
  code: 'code',
  id: 'code',
  'story id': 'code',
  uuid: 'code',
  title: 'title',
  domain: 'domain',
  'told on': 'toldOn',
  date: 'toldOn',
  // KoboToolbox and ODK: the day of the interview, or when the form was sent from the phone.
  today: 'toldOn',
  'submission time': 'toldOn',
  'told where': 'toldWhere',
  place: 'toldWhere',
  storyteller: 'storyteller',
  name: 'storyteller',
  interviewer: 'interviewer',
  'interviewed by': 'interviewer',
  enumerator: 'interviewer',
  partner: 'partner',
  language: 'language',
  'consent given on': 'consentOn',
  anonymous: 'consent:anonymous',
  ...Object.fromEntries(IMPORTED_USES.map((u) => [`consent ${u}`, `consent:${u}`])),
};

/**
 * What a spreadsheet calls the answers every guide asks for, in Hearth's languages (as `norm` leaves them). "Title"
 * is the teller's own title when the guide asks for one, as in an interview: the story takes its title from it.
 */
const ANSWER_NAMES: Partial<Record<QuestionKind, string[]>> = {
  story: ['story', 'the story', 'story text', 'historia', 'relato', 'histoire', 'récit', 'recit', 'القصة', 'قصة'],
  why: ['why', 'why significant', 'why it matters', 'por qué', 'por que', 'pourquoi', 'لماذا'],
  title: ['title', 'story title', 'título', 'titulo', 'titre', 'العنوان', 'عنوان'],
};

/**
 * Whether a column's cells could be story codes. Survey tools number their rows (KoboToolbox's `_id`, 9 digits;
 * `_uuid`): a code with no letter, or longer than a code is, would end up on ballots and packs, so it is never guessed.
 */
function looksLikeCodes(cells: string[]): boolean {
  const filled = cells.map((c) => c.trim()).filter(Boolean);
  return filled.length > 0 && filled.every((c) => /\p{L}/u.test(c) && c.length <= 20 && !/^[0-9a-f-]{32,}$/i.test(c));
}

/**
 * Whether a column's header is this question: its prompt as written, or with its placeholders filled in any way
 * (Hearth's export fills [period] with the words of the inquiry it came from).
 */
function isPrompt(prompt: string, header: string): boolean {
  const parts = prompt.split(/\[(?:period|domain|topic)\]/).map(norm);
  // A prompt that is hardly more than a placeholder must match as written.
  if (parts.length === 1 || parts.join('').length < 8) return norm(prompt) === norm(header);
  // norm leaves only letters, digits and spaces: nothing to escape.
  return new RegExp(`^\\s*${parts.join('.+')}\\s*$`, 'u').test(norm(header));
}

/**
 * A first guess at each column. A prompt or label as written wins wherever its column is (Hearth's own export has
 * both "Title" and the title question's prompt); the short names and common names then fill in the rest.
 */
export function guessMapping(table: { header: string[]; rows: { cells: string[] }[] }, guide: Guide): string[] {
  const used = new Set<string>();
  const cellsOf = (column: number) => table.rows.map((r) => r.cells[column] ?? '');
  const exact = table.header.map((h) => {
    const question = guide.questions.find((q) => isPrompt(q.prompt, h) && !used.has(`q${q.id}`));
    const attribute = guide.attributes.find((a) => norm(a.label) === norm(h) && !used.has(`a${a.id}`));
    const guess = question ? `q${question.id}` : attribute ? `a${attribute.id}` : undefined;
    if (guess) used.add(guess);
    return guess;
  });
  return table.header.map((h, column) => {
    if (exact[column]) return exact[column];
    const n = norm(h);
    const answer = guide.questions.find((q) => ANSWER_NAMES[q.kind]?.includes(n) && !used.has(`q${q.id}`));
    // "Who" for "Who are you?", "Age" for "Age band": the first words of one label only.
    const starting = guide.attributes.filter((a) => n.length >= 3 && `${norm(a.label)} `.startsWith(`${n} `));
    const use = CONSENT_USES.find((u) => u === n);
    let guess = answer ? `q${answer.id}` : (SYNONYMS[n] ?? 'ignore');
    // A bare "Panels" or "Publish" is consent when most cells say yes or no (the rest are then told as not yes or no).
    const yesNo = cellsOf(column).filter((c) => yesOrNo(c) !== undefined).length;
    if (guess === 'ignore' && use && yesNo * 2 > table.rows.length) guess = `consent:${use}`;
    if (guess === 'ignore' && starting.length === 1) guess = `a${starting[0]!.id}`;
    if (guess === 'domain' && !guide.domains.length) return 'ignore';
    if (guess === 'code' && !looksLikeCodes(cellsOf(column))) return 'ignore';
    if (guess !== 'ignore' && used.has(guess)) return 'ignore';
    used.add(guess);
    return guess;
  });
}
