/**
 * What changed between two versions of a story's words, word by word, so an edit is never silent. Pure logic:
 * the parts, read in order, give back both texts exactly (unchanged + removed = before; unchanged + added = after).
 */
import { diffArrays } from 'diff';
import { isStoryteller, isStorytellerNote } from './storyteller.ts';

/** A story's words as versions keep them. */
export interface StoryWords {
  title: string;
  answers: { prompt: string; value: string }[];
}

export interface DiffPart {
  text: string;
  added: boolean;
  removed: boolean;
}

export interface FieldDiff {
  /** The question as asked, or null for the story's title. */
  prompt: string | null;
  change: 'changed' | 'unchanged' | 'added' | 'removed';
  parts: DiffPart[];
}

/** Longest a single field's diff may take before it is shown as "all replaced" instead (very long, much-changed text). */
const DIFF_TIMEOUT_MS = 500;

/**
 * A text cut into words (letters with their marks and digits, in any script, joiners kept inside), runs of spaces,
 * and single other characters. The diff package's own word splitting knows only Latin letters, and so marked an
 * Arabic or Hindi word letter by letter.
 */
const TOKEN = /[\p{L}\p{M}\p{N}\u200c\u200d]+|\s+|[^]/gu;
const tokens = (text: string): string[] => text.match(TOKEN) ?? [];

/** Word-level differences between two texts, whitespace and line breaks kept. */
export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ text: before, added: false, removed: false }];
  const changes = diffArrays(tokens(before), tokens(after), { timeout: DIFF_TIMEOUT_MS });
  if (!changes)
    return [
      ...(before ? [{ text: before, added: false, removed: true }] : []),
      ...(after ? [{ text: after, added: true, removed: false }] : []),
    ];
  return changes
    .map((c) => ({ text: c.value.join(''), added: Boolean(c.added), removed: Boolean(c.removed) }))
    .filter((p) => p.text !== '');
}

/** Answers keyed by prompt and how many times that prompt came before, so a repeated question still pairs up. */
function keyed(answers: StoryWords['answers']): { key: string; prompt: string; value: string }[] {
  const seen = new Map<string, number>();
  return answers.map((a) => {
    const n = seen.get(a.prompt) ?? 0;
    seen.set(a.prompt, n + 1);
    return { key: `${n}\u0000${a.prompt}`, prompt: a.prompt, value: a.value };
  });
}

/**
 * The title, then each answer in the later version's order, paired with the same question in the earlier one;
 * answers to questions the later version no longer has come last, as removed.
 */
export function diffStoryWords(before: StoryWords, after: StoryWords): FieldDiff[] {
  const fields: FieldDiff[] = [field(null, before.title, after.title)];
  const old = keyed(before.answers);
  const oldByKey = new Map(old.map((a) => [a.key, a]));
  const newKeys = new Set<string>();
  for (const a of keyed(after.answers)) {
    newKeys.add(a.key);
    const was = oldByKey.get(a.key);
    fields.push(
      was ? field(a.prompt, was.value, a.value) : { prompt: a.prompt, change: 'added', parts: diffText('', a.value) },
    );
  }
  for (const a of old)
    if (!newKeys.has(a.key)) fields.push({ prompt: a.prompt, change: 'removed', parts: diffText(a.value, '') });
  return fields;
}

function field(prompt: string | null, before: string, after: string): FieldDiff {
  return { prompt, change: before === after ? 'unchanged' : 'changed', parts: diffText(before, after) };
}

/** The text as it was (side 'before') or became ('after'), rebuilt from the parts. */
export function textOf(parts: DiffPart[], side: 'before' | 'after'): string {
  return parts
    .filter((p) => (side === 'before' ? !p.added : !p.removed))
    .map((p) => p.text)
    .join('');
}

/** Reads a version's stored content; anything unreadable counts as empty rather than breaking the page. */
export function parseWords(content: string): StoryWords {
  try {
    const data = JSON.parse(content) as Partial<StoryWords>;
    const answers = Array.isArray(data.answers)
      ? data.answers.filter((a) => a && typeof a.prompt === 'string' && typeof a.value === 'string')
      : [];
    return {
      title: typeof data.title === 'string' ? data.title : '',
      answers: answers.map((a) => ({ prompt: a.prompt, value: a.value })),
    };
  } catch {
    return { title: '', answers: [] };
  }
}

export interface VersionChange {
  number: number;
  /** The edit that replaced this version: who (null: the storyteller, named in the reader's language), when, note. */
  editorName: string | null;
  editedAt: string;
  note: string;
  /** The note is the storyteller's "corrected by the storyteller", shown in the reader's language. */
  correctedByStoryteller: boolean;
  /** This version's words in full. */
  words: StoryWords;
  /** What the edit changed, field by field (title and answers that stayed the same are left out). */
  changes: FieldDiff[];
  unchanged: number;
}

/**
 * Each earlier version, newest first, with what changed between it and the next one (the next version, or the
 * words as they are now for the latest).
 */
export function versionHistory(
  versions: {
    number: number;
    content: string;
    edited_by?: number | null;
    editor_name: string;
    edited_at: string;
    note: string;
  }[],
  current: StoryWords,
): VersionChange[] {
  const oldestFirst = [...versions].sort((a, b) => a.number - b.number);
  const history = oldestFirst.map((version, i) => {
    const words = parseWords(version.content);
    const next = oldestFirst[i + 1];
    const fields = diffStoryWords(words, next ? parseWords(next.content) : current);
    const changes = fields.filter((f) => f.change !== 'unchanged');
    const byTeller = !version.edited_by && isStoryteller(version.editor_name);
    const tellerNote = byTeller && isStorytellerNote(version.note);
    return {
      number: version.number,
      editorName: byTeller ? null : version.editor_name,
      editedAt: version.edited_at,
      note: tellerNote ? '' : version.note,
      correctedByStoryteller: tellerNote,
      words,
      changes,
      unchanged: fields.length - changes.length,
    };
  });
  return history.reverse();
}
