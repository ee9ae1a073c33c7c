/**
 * What the interview form template needs, prepared from the guide, what was typed and the errors: one plain
 * object per field, so the template stays simple. Used for interviews, the public link and editing.
 */
import { AI_PHASES, CONSENT_WAYS, type Question } from '../db/schema.ts';
import type { Guide } from '../inquiries/inquiries-store.ts';
import { fillPrompt, promptWords, questionLanguage } from '../inquiries/templates.ts';
import { languageNamer } from '../web/language-names.ts';
import type { FieldErrors, FormValues } from '../web/forms.ts';
import { usesAsked, type CaptureMode } from './capture.ts';

export interface Choice {
  value: string;
  label: string;
  checked: boolean;
  id: string;
}

export interface QuestionField {
  name: string;
  kind: Question['kind'];
  prompt: string;
  help: string;
  required: boolean;
  value: string;
  error?: string;
  textarea: boolean;
  rows: number;
  choices: Choice[];
  notApplicable: boolean;
  phase: string | null;
  /** Choices offered as a list box rather than a column of buttons: too many to scan (a choice of 200 places). */
  listBox: boolean;
  /** A slider, without JavaScript: a row of radio buttons from one end to the other, plus "does not apply". */
  slider?: { low: string; high: string; points: Choice[]; notApplicable: Choice };
}

/** More choices than this are offered in a list box. */
export const LIST_BOX_FROM = 13;
/** The points of a slider's radio scale: 0, 10 … 100 (any whole number 0–100 is kept when sent otherwise). */
const SLIDER_POINTS = Array.from({ length: 11 }, (_, i) => String(i * 10));

function slider(name: string, ends: string[], value: string): QuestionField['slider'] {
  // A value sent from elsewhere (an import, 37) is offered as its own point, so editing the story keeps it.
  const points = SLIDER_POINTS.includes(value) || !/^\d+$/.test(value) ? SLIDER_POINTS : [...SLIDER_POINTS, value];
  if (points !== SLIDER_POINTS) points.sort((a, b) => Number(a) - Number(b));
  return {
    low: ends[0] ?? '',
    high: ends[1] ?? '',
    points: points.map((p) => ({ value: p, label: p, checked: p === value, id: `field-${name}-${p}` })),
    notApplicable: { value: 'n/a', label: '', checked: value === 'n/a', id: `field-${name}-na` },
  };
}

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const asText = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function choices(name: string, options: string[], selected: string[]): Choice[] {
  return options.map((label, i) => ({
    value: label,
    label,
    checked: selected.includes(label),
    id: `field-${name}-${i}`,
  }));
}

export function interviewView(guide: Guide, values: FormValues, errors: FieldErrors, mode: CaptureMode) {
  const { inquiry } = guide;
  const language = questionLanguage(inquiry.languages);
  const words = promptWords(language);
  const questions: QuestionField[] = guide.questions.map((q) => {
    const name = `q${q.id}`;
    const options = JSON.parse(q.options) as string[];
    return {
      name,
      kind: q.kind,
      // [domain] is chosen on the same form, above the questions.
      prompt: fillPrompt(
        q.prompt,
        {
          period: inquiry.period_words,
          domain: guide.domains.length
            ? mode === 'public'
              ? words.areaYouChose
              : words.domainChosenAbove
            : words.lifeOrWork,
          topic: inquiry.ai_topic,
        },
        language,
      ),
      // Guidance is written for the interviewer: a teller on the public link reads the questions alone.
      help: mode === 'public' ? '' : q.help,
      required: q.required === 1,
      value: asText(values[name]),
      error: errors[name],
      textarea: ['story', 'why', 'long'].includes(q.kind),
      rows: q.kind === 'story' ? 12 : 6,
      choices: q.kind === 'single' || q.kind === 'multiple' ? choices(name, options, asList(values[name])) : [],
      notApplicable: values[`${name}na`] === 'yes',
      phase: q.phase,
      listBox: options.length >= LIST_BOX_FROM,
      ...(q.kind === 'slider' ? { slider: slider(name, options, asText(values[name])) } : {}),
    };
  });
  // Appreciative Inquiry questions are grouped by the 5-D phase they belong to.
  const phases: { phase: string; questions: typeof questions }[] =
    inquiry.method === 'ai'
      ? [
          ...AI_PHASES.map((phase) => ({ phase, questions: questions.filter((q) => q.phase === phase) })),
          // The teller's answers about the whole story (the ready set) come after the four phases.
          { phase: 'about', questions: questions.filter((q) => !q.phase) },
        ].filter((p) => p.questions.length)
      : [];
  const consented = asList(values.consent);
  const languages = inquiry.languages
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    mode,
    // The inquiry's words (storyteller questions, domains, consent) are marked with it on a page in another.
    language,
    questions: phases.length ? [] : questions,
    phases,
    attributes: guide.attributes.map((a) => {
      const name = `a${a.id}`;
      const options = JSON.parse(a.options) as string[];
      return {
        name,
        label: a.label,
        kind: a.kind,
        value: asText(values[name]),
        error: errors[name],
        choices: choices(name, options, asList(values[name])),
      };
    }),
    // "Domain of change" is the method's word; a teller on the public link is asked in plain words.
    domainLegendKey: mode === 'public' ? 'stories.form.domain_public' : 'stories.form.domain',
    domainHintKey: mode === 'public' ? 'stories.form.domainHint_public' : 'stories.form.domainHint',
    domains: guide.domains.map((d) => ({
      value: String(d.id),
      label: d.name,
      description: d.description,
      checked: asText(values.domainId) === String(d.id),
      id: `field-domainId-${d.id}`,
    })),
    uses: usesAsked(mode).map((use) => ({
      value: use,
      labelKey: `consent.uses.${use}`,
      checked: consented.includes(use),
      id: `field-consent-${use}`,
    })),
    ways: CONSENT_WAYS.map((way) => ({
      value: way,
      labelKey: `consent.ways.${way}`,
      checked: asText(values.consentHow) === way,
      id: `field-consentHow-${way}`,
    })),
    routes: (['interview', 'paper'] as const).map((route) => ({
      value: route,
      labelKey: `stories.form.route_${route}`,
      checked: (asText(values.route) || 'interview') === route,
      id: `field-route-${route}`,
    })),
    languages:
      languages.length > 1
        ? languages.map((l) => ({
            value: l,
            // Each language named in itself ("español", "العربية"), as a teller looks for their own.
            name: languageNamer(l)(l),
            selected: (asText(values.language) || languages[0]) === l,
          }))
        : [],
    anonymous: values.anonymous === 'yes',
    // The error summary names the question of each message: "Answer this question" alone does not say which.
    errorFields: Object.fromEntries(
      [
        ...questions.map((q) => ({ name: q.name, text: q.prompt })),
        ...guide.attributes.map((a) => ({ name: `a${a.id}`, text: a.label })),
      ]
        .filter((field) => errors[field.name])
        .map((field) => [field.name, { text: field.text, lang: language }]),
    ),
  };
}
