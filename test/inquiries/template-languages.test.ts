/**
 * A new inquiry's questions in each language a template is written in (Spanish, French, Arabic): chosen when it is
 * started, shown on the guide, the paper form and the interview form, with the consent statement in that language.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { fillPrompt, questionLanguage, templateFor, TEMPLATE_LANGUAGES } from '../../server/inquiries/templates.ts';
import { askedPrompt, domainPhrase } from '../../server/stories/capture.ts';
import { fieldError, visibleText } from '../helpers/pages.ts';
import { guideSnapshot, makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

const newest = (w: World) => w.t.db.selectFrom('inquiries').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

/** What a person reads in each language: written out here, so a template that fell back to English would fail. */
const WRITTEN = {
  es: {
    self: 'Español',
    spoken: 'De palabra',
    questionsLabel: 'Idioma de las preguntas',
    title: 'Cambios de este año',
    prefixes: { msc: 'CMS', ai: 'IA', custom: 'HIS' },
    periodWords: 'seis meses',
    consent: 'Nos gustaría guardar su historia',
    domains: [
      'Cambios en la vida de las personas',
      'Cambios en la forma en que los servicios trabajan juntos',
      'Cualquier otro cambio',
    ],
    firstPrompt:
      'Mirando hacia atrás en los últimos [period], ¿cuál cree usted que ha sido el cambio más significativo en [domain]?',
    why: '¿Por qué es significativo este cambio para usted?',
    attributes: ['¿Quién es usted?', 'Franja de edad', 'Lugar'],
    aiStart: /^Cuénteme de un momento en que \[topic\]/,
    customStory: 'Cuénteme su historia.',
    titleQuestion: '¿Qué título le pondría a su historia?',
    onPaper:
      'Mirando hacia atrás en los últimos seis meses, ¿cuál cree usted que ha sido el cambio más significativo en el dominio marcado arriba?',
    onForm: '¿cuál cree usted que ha sido el cambio más significativo en el dominio de cambio elegido arriba?',
    asked:
      'Mirando hacia atrás en los últimos seis meses, ¿cuál cree usted que ha sido el cambio más significativo en la vida de las personas?',
    askedAnyOther: /en cualquier ámbito de la vida o del trabajo\?$/,
  },
  fr: {
    self: 'Français',
    spoken: 'À l’oral',
    questionsLabel: 'Langue des questions',
    title: 'Les changements de cette année',
    prefixes: { msc: 'CPS', ai: 'EA', custom: 'REC' },
    periodWords: 'six mois',
    consent: 'Nous aimerions garder votre histoire',
    domains: [
      'Changements dans la vie des personnes',
      'Changements dans la façon dont les services travaillent ensemble',
      'Tout autre changement',
    ],
    firstPrompt:
      'Si vous repensez aux [period] qui viennent de passer, quel a été selon vous le changement le plus significatif dans [domain] ?',
    why: 'Pourquoi ce changement compte-t-il pour vous ?',
    attributes: ['Qui êtes-vous ?', 'Tranche d’âge', 'Lieu'],
    aiStart: /^Racontez-moi un moment où \[topic\]/,
    customStory: 'Racontez-moi votre histoire.',
    titleQuestion: 'Quel titre donneriez-vous à votre histoire ?',
    onPaper:
      'Si vous repensez aux six mois qui viennent de passer, quel a été selon vous le changement le plus significatif dans le domaine coché ci-dessus ?',
    onForm: 'le changement le plus significatif dans le domaine de changement choisi ci-dessus ?',
    asked:
      'Si vous repensez aux six mois qui viennent de passer, quel a été selon vous le changement le plus significatif dans la vie des personnes ?',
    askedAnyOther: /dans n’importe quel domaine de la vie ou du travail\u202f\?$/,
  },
  ar: {
    self: 'العربية',
    spoken: 'شفهيًا',
    questionsLabel: 'لغة الأسئلة',
    title: 'تغيّرات هذا العام',
    prefixes: { msc: 'TAA', ai: 'IT', custom: 'QS' },
    periodWords: 'الأشهر الستة',
    consent: 'نودّ أن نحتفظ بقصتك',
    domains: ['التغيّرات في حياة الناس', 'التغيّرات في طريقة عمل الخدمات معًا', 'أي تغيير آخر'],
    firstPrompt: 'إذا نظرت إلى [period] الماضية، ما التغيير الأكثر أهمية برأيك في [domain]؟',
    why: 'لماذا لهذا التغيير أهمية عندك؟',
    attributes: ['ما صفتك؟', 'الفئة العمرية', 'المكان'],
    aiStart: /^نودّ أن نسمع عن وقت كان فيه \[topic\]/,
    customStory: 'نودّ أن نسمع قصتك.',
    titleQuestion: 'ما العنوان الذي تختاره لقصتك؟',
    onPaper: 'إذا نظرت إلى الأشهر الستة الماضية، ما التغيير الأكثر أهمية برأيك في المجال المؤشَّر عليه أعلاه؟',
    onForm: 'ما التغيير الأكثر أهمية برأيك في مجال التغيير المُختار أعلاه؟',
    asked: 'إذا نظرت إلى الأشهر الستة الماضية، ما التغيير الأكثر أهمية برأيك في حياة الناس؟',
    askedAnyOther: /في أي جانب من جوانب الحياة أو العمل؟$/,
  },
} as const;
type Written = keyof typeof WRITTEN;
/** A text as visibleText shows it: French's narrow space before "?" and ":" folded away like any other. */
const seen = (text: string) => text.replace(/\s+([.,:;!?)])/g, '$1');
const LANGUAGES = Object.keys(WRITTEN) as Written[];

/** A language's interface file: French arrives on its own branch, and the pages in French wait for it. */
const interfaceWritten = (code: string) => existsSync(join(import.meta.dirname, '..', '..', 'locales', `${code}.json`));
for (const code of LANGUAGES)
  if (!interfaceWritten(code))
    console.warn(`Skipping the ${code} interface checks: locales/${code}.json is not here yet (its templates are).`);

describe('the language of a new inquiry’s questions', () => {
  it('is offered in every template language, each named in itself, starting in English', async () => {
    const english = await w.as.coordinator.get(`${w.base}/inquiries/new`);
    expect(english.body).toMatch(/<label for="field-language">Language of the questions<\/label>/);
    expect(english.body).toMatch(/<option value="en" selected>English<\/option>/);
    for (const code of LANGUAGES)
      expect(english.body).toContain(`<option value="${code}">${WRITTEN[code].self}</option>`);
  });

  it.each(LANGUAGES)('starts in the person’s own interface language when it is %s', async (code) => {
    if (!interfaceWritten(code)) return console.warn(`Skipped: locales/${code}.json is not merged yet.`);
    await w.t.db.updateTable('users').set({ language: code }).where('id', '=', w.people.coordinator.id).execute();
    const page = await w.as.coordinator.get(`${w.base}/inquiries/new`);
    expect(page.body).toContain(`<label for="field-language">${WRITTEN[code].questionsLabel}</label>`);
    expect(page.body).toMatch(new RegExp(`<option value="${code}" selected>${WRITTEN[code].self}</option>`));
  });

  it('stays English when no language is sent, and refuses one no template is written in, writing nothing', async () => {
    await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: 'Plain', method: 'custom' });
    expect(await newest(w)).toMatchObject({ title: 'Plain', languages: 'en', code_prefix: 'ST' });

    const before = await guideSnapshot(w.t.db);
    const res = await w.as.coordinator.post(`${w.base}/inquiries/new`, {
      title: 'Klingon',
      method: 'msc',
      language: 'tlh',
    });
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'language')).toBe('Choose one of the languages listed.');
    expect(res.body).toContain('value="Klingon"');
    expect(await guideSnapshot(w.t.db)).toEqual(before);
  });
});

describe.each(LANGUAGES)('an inquiry whose questions are in %s', (code) => {
  const words = WRITTEN[code];
  const start = async (method: 'msc' | 'ai' | 'custom' = 'msc') => {
    const res = await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: words.title, method, language: code });
    expect(res.statusCode).toBe(303);
    return { res, inquiry: await newest(w) };
  };

  it('starts an MSC inquiry in it: domains, questions, attributes, consent and story language', async () => {
    const { res, inquiry } = await start();
    expect(inquiry).toMatchObject({
      title: words.title,
      languages: code,
      code_prefix: words.prefixes.msc,
      period_words: words.periodWords,
    });
    expect(inquiry.consent_statement.startsWith(words.consent)).toBe(true);
    const guide = await loadGuide(w.t.db, inquiry);
    expect(guide.domains.map((d) => d.name)).toEqual(words.domains);
    expect(guide.questions[0]!.prompt).toBe(words.firstPrompt);
    expect(guide.questions.map((q) => q.kind)).toEqual(['story', 'why', 'long', 'long', 'title']);
    expect(guide.attributes.map((a) => a.label)).toEqual(words.attributes);

    const page = visibleText((await w.as.coordinator.get(res.headers.location as string)).body);
    expect(page).toContain(words.domains[0]);
    expect(page).toContain(seen(words.why));
  });

  it('starts an Appreciative Inquiry and a custom guide in it', async () => {
    const ai = await loadGuide(w.t.db, (await start('ai')).inquiry);
    expect(ai.inquiry.code_prefix).toBe(words.prefixes.ai);
    expect(ai.questions.map((q) => q.phase)).toEqual([
      'discover',
      'discover',
      'discover',
      'dream',
      'design',
      'deliver',
    ]);
    expect(ai.questions[0]!.prompt).toMatch(words.aiStart);
    expect(ai.inquiry.consent_statement.startsWith(words.consent)).toBe(true);

    const custom = await loadGuide(w.t.db, (await start('custom')).inquiry);
    expect(custom.inquiry.code_prefix).toBe(words.prefixes.custom);
    expect(custom.questions.map((q) => q.prompt)).toEqual([words.customStory, words.titleQuestion]);
  });

  it('prints its questions, read naturally, and its consent statement on the paper form', async () => {
    const { inquiry } = await start();
    const paper = visibleText((await w.as.interviewer.get(`${w.base}/inquiries/${inquiry.id}/paper`)).body);
    expect(paper).toContain(words.domains[1]);
    expect(paper).toContain(seen(words.onPaper));
    expect(paper).toContain(words.attributes[1]);
    expect(paper).toContain(words.consent);
  });

  it('prints the whole paper form in its language, whoever prints it (the uses the teller ticks too)', async () => {
    const { inquiry } = await start();
    const page = (await w.as.interviewer.get(`${w.base}/inquiries/${inquiry.id}/paper`)).body;
    expect(page).toMatch(/<html lang="en"/); // the interviewer's own interface stays English
    const form = page.split('<article class="paper-form"')[1]!;
    expect(form).toMatch(
      new RegExp(`^ aria-labelledby="paper-title" lang="${code}" dir="${code === 'ar' ? 'rtl' : 'ltr'}"`),
    );
    const text = visibleText(form);
    expect(text).toContain(words.spoken);
    expect(text).not.toContain('Shared with funders');
    expect(text).not.toContain('Spoken');
  });

  it('asks its questions on the interview form, the domain chosen above, with its consent statement', async () => {
    const { inquiry } = await start();
    const form = visibleText((await w.as.interviewer.get(`${w.base}/inquiries/${inquiry.id}/interviews/new`)).body);
    expect(form).toContain(seen(words.onForm));
    expect(form).toContain(words.domains[2]);
    expect(form).toContain(seen(words.titleQuestion));
    expect(form).toContain(words.consent);
  });

  it('keeps the question as it was asked, with the domain read inside it', async () => {
    const guide = await loadGuide(w.t.db, (await start()).inquiry);
    expect(askedPrompt(guide, guide.questions[0]!, guide.domains[0]!.id)).toBe(words.asked);
    expect(askedPrompt(guide, guide.questions[0]!, guide.domains[2]!.id)).toMatch(words.askedAnyOther);
  });
});

describe('the templates', () => {
  it('are written in every template language for every method, alike in shape and unlike in words', () => {
    expect([...TEMPLATE_LANGUAGES].sort()).toEqual(['ar', 'en', 'es', 'fr']);
    for (const code of LANGUAGES)
      for (const method of ['msc', 'ai', 'custom'] as const) {
        const [en, other] = [templateFor(method, 'en'), templateFor(method, code)];
        expect(other.questions.map((q) => [q.kind, q.phase, q.required])).toEqual(
          en.questions.map((q) => [q.kind, q.phase, q.required]),
        );
        expect(other.domains).toHaveLength(en.domains.length);
        expect(other.attributes.map((a) => [a.kind, a.options?.length])).toEqual(
          en.attributes.map((a) => [a.kind, a.options?.length]),
        );
        other.questions.forEach((q, i) => {
          expect(q.prompt.match(/\[\w+\]/g) ?? []).toEqual(en.questions[i]!.prompt.match(/\[\w+\]/g) ?? []);
          expect(q.prompt).not.toBe(en.questions[i]!.prompt);
        });
        expect(other.consentStatement).not.toBe(en.consentStatement);
      }
    expect(templateFor('msc', 'pt')).toBe(templateFor('msc', 'en'));
  });

  it('fill blank placeholders in the question’s language', () => {
    expect(fillPrompt('en los últimos [period], en [domain], sobre [topic]', {}, 'es')).toBe(
      'en los últimos periodo del informe, en el dominio de cambio elegido, sobre esto',
    );
    expect(fillPrompt('dans [domain], à propos de [topic]', {}, 'fr')).toBe(
      'dans le domaine de changement choisi, à propos de cela',
    );
    expect(fillPrompt('في [domain]', {}, 'ar')).toBe('في مجال التغيير المُختار');
    expect(fillPrompt('over the last [period]', {})).toBe('over the last reporting period');
    expect(questionLanguage('es-MX, en')).toBe('es');
    expect(questionLanguage('fr-SN, wo')).toBe('fr');
    expect(questionLanguage('ar-JO')).toBe('ar');
    expect(questionLanguage('pt, es')).toBe('es');
    expect(questionLanguage('pt')).toBe('en');
    expect(domainPhrase('Cambios en la vida de las personas', 'es')).toBe('la vida de las personas');
    expect(domainPhrase('Changements dans la vie des personnes', 'fr')).toBe('la vie des personnes');
    expect(domainPhrase('التغيّرات في حياة الناس', 'ar')).toBe('حياة الناس');
  });
});
