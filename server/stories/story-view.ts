/** A story as its page shows it: the words exactly as told, with everything known about how it was gathered. */
import { languageNamer } from '../web/language-names.ts';
import { usesAsked } from './capture.ts';
import type { FullStory } from './store.ts';
import { readingMinutes } from './text.ts';

/** The teller's answers about their own story, as asked: a slider between its two ends, choices as chosen. */
export function storytellerView(answers: FullStory['answers']) {
  return answers
    .filter((a) => a.asked !== null)
    .map((a) => {
      const asked = JSON.parse(a.asked!) as string[];
      if (a.kind === 'slider')
        return a.value === 'n/a'
          ? { prompt: a.prompt, notApplicable: true }
          : { prompt: a.prompt, slider: { value: a.value, low: asked[0] ?? '', high: asked[1] ?? '' } };
      const chosen = a.kind === 'multiple' ? (JSON.parse(a.value) as string[]) : [a.value];
      return { prompt: a.prompt, chosen };
    });
}

/**
 * The story for its page and for its teller's receipt page. `pageLanguage` is the reader's: the language the story was
 * told in is named in it ("Spanish", "espagnol").
 */
export function storyView(story: FullStory, names: Map<number, string>, pageLanguage: string) {
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    ...story,
    languageName: story.language.trim() ? languageNamer(pageLanguage)(story.language.trim()) : '',
    answers: story.answers.map((a) => ({
      prompt: a.prompt,
      kind: a.kind,
      // Choices, scales and dates are shown as values; the teller's words as they are (line breaks kept by CSS).
      value: a.kind === 'multiple' ? (JSON.parse(a.value) as string[]).join(', ') : a.value,
      notApplicable: a.kind === 'scale' && a.value === 'n/a',
      // Kept as YYYY-MM-DD; shown as the page's other dates are ("12 mai 2026").
      dateAnswer: a.kind === 'date' && a.value !== '',
      words: ['story', 'why', 'long', 'short', 'title'].includes(a.kind),
      // Shown apart, under "How the storyteller sees their story".
      aboutStory: a.asked !== null,
    })),
    seen: storytellerView(story.answers),
    // Only what the teller was asked: the public link records nothing, so it asks nothing about a recording.
    consents: usesAsked(story.route === 'public' ? 'public' : 'interview').map((use) => ({
      use,
      given: story[`consent_${use}`] === 1,
    })),
    consentRecordedBy: name(story.consent_recorded_by),
    readBackBy: name(story.read_back_by),
    verifiedBy: name(story.verified_by),
    readingMinutes: readingMinutes(story.word_count),
  };
}
