/**
 * What the pages of the field hand to their scripts (static/js/field/), in data attributes: each question of the
 * guide as it would be asked in each domain, so the phone can send the words it showed; and the interface text
 * the scripts show, in the page's language, so a page kept on the phone speaks it offline too.
 */
import type { Guide } from '../inquiries/inquiries-store.ts';
import { askedPrompt } from '../stories/capture.ts';
import { hasTranslation, translator } from '../web/i18n.ts';

/** The guide as the phone's form asks it: per question, its prompt for each domain ('' before one is chosen). */
export function fieldGuide(guide: Guide) {
  return {
    questions: guide.questions.map((q) => ({
      questionId: q.id,
      kind: q.kind,
      prompts: Object.fromEntries([
        ['', askedPrompt(guide, q, null)],
        ...guide.domains.map((d) => [String(d.id), askedPrompt(guide, q, d.id)]),
      ]) as Record<string, string>,
      // A question about the teller's own story keeps its options (a slider's ends) as the phone showed them.
      ...(q.about_story ? { options: JSON.parse(q.options) as string[] } : {}),
    })),
    about: guide.attributes.map((a) => ({ attributeId: a.id, label: a.label })),
  };
}

/** Texts the scripts need; keys under "field.client" in locales/, with {{placeholders}} filled in by the script. */
const CLIENT_TEXTS = [
  'nothingWaiting',
  'online',
  'offline',
  'sending',
  'stateWaiting',
  'stateSending',
  'stateRefused',
  'stateSignIn',
  'stateProblem',
  'stateOtherPerson',
  'signInToSend',
  'signInLink',
  'sent',
  'recordedAt',
  'storyteller',
  'noStoryteller',
  'correct',
  'kept',
  'notKept',
  'full',
  'nearlyFull',
  'taking',
  'taken',
  'takenOn',
  'notTaken',
  'unsupported',
  'noneTaken',
  'noneSent',
  'clearNothingWaiting',
  'cleared',
  'correcting',
  'problemStatus',
  'problemNetwork',
  'filesWaiting',
  'withFiles',
  'fileRecording',
  'filePhoto',
  'fileLine',
  'fileStateWaiting',
  'fileStateSending',
  'fileStateRefused',
  'fileStateSignIn',
  'fileStateProblem',
  'fileStateOtherPerson',
  'removeFile',
  'fileRemoved',
  'sentWithFiles',
  'needsConsent',
  'recordingNoConsent',
  'fileTooLarge',
  'noRoomForFiles',
  'filesKept',
  'clearFiles',
] as const;

/** Counted texts: each of the language's plural forms (key_one, key_other, and key_many in Spanish…). */
const COUNTED_TEXTS = ['waiting', 'clearWaiting', 'recordings', 'photos'] as const;

export function clientTexts(language: string): Record<string, string> {
  const t = translator(language);
  const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const counted = COUNTED_TEXTS.flatMap((base) =>
    forms
      .map((form) => `${base}_${form}`)
      .filter((key) => hasTranslation(`field.client.${key}`, language) || key.endsWith('_other')),
  );
  return {
    ...Object.fromEntries([...CLIENT_TEXTS, ...counted].map((key) => [key, t(`field.client.${key}`)])),
    // The error summary and messages a corrected interview shows, as the server's forms show them.
    summaryTitle: t('forms.summaryTitle'),
    errorPrefix: t('forms.errorPrefix'),
  };
}
