/** A story as its page shows it: the words exactly as told, with everything known about how it was gathered. */
import { CONSENT_USES, RECORDING_USES } from '../db/schema.ts';
import type { FullStory } from './store.ts';
import { readingMinutes } from './text.ts';

export function storyView(story: FullStory, names: Map<number, string>) {
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    ...story,
    answers: story.answers.map((a) => ({
      prompt: a.prompt,
      kind: a.kind,
      // Choices, scales and dates are shown as values; the teller's words as they are (line breaks kept by CSS).
      value: a.kind === 'multiple' ? (JSON.parse(a.value) as string[]).join(', ') : a.value,
      notApplicable: a.kind === 'scale' && a.value === 'n/a',
      words: ['story', 'why', 'long', 'short', 'title'].includes(a.kind),
    })),
    consents: [...CONSENT_USES, ...RECORDING_USES].map((use) => ({ use, given: story[`consent_${use}`] === 1 })),
    consentRecordedBy: name(story.consent_recorded_by),
    readBackBy: name(story.read_back_by),
    verifiedBy: name(story.verified_by),
    readingMinutes: readingMinutes(story.word_count),
  };
}
