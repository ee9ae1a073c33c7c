/**
 * The storyteller, when they correct or withdraw their story through their receipt link: they have no account and
 * no name to show, so versions and the audit log keep these marks instead of words, and each page names them in
 * its reader's language. Rows kept before the marks hold English words; they are read as the same marks.
 */

/** Kept as the editor's name of a version, and as the actor's name of an audit event (with no account behind it). */
export const STORYTELLER = '@storyteller';
/** Kept as the note of a version the storyteller replaced. */
export const CORRECTED_BY_STORYTELLER = '@corrected-by-storyteller';

export const isStoryteller = (name: string): boolean => name === STORYTELLER || name === 'The storyteller';

export const isStorytellerNote = (note: string): boolean =>
  note === CORRECTED_BY_STORYTELLER || note === 'Corrected by the storyteller';
