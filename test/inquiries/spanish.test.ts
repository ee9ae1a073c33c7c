/** A new inquiry's questions in Spanish: chosen when it is started, shown on the guide, the paper form and the interview form. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGuide } from '../../server/inquiries/inquiries-store.ts';
import { fillPrompt, questionLanguage, templateFor } from '../../server/inquiries/templates.ts';
import { askedPrompt, domainPhrase } from '../../server/stories/capture.ts';
import { fieldError, visibleText } from '../helpers/pages.ts';
import { guideSnapshot, makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => (w = await makeWorld()));
afterEach(() => w.t.close());

const newest = (w: World) => w.t.db.selectFrom('inquiries').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();

describe('the language of a new inquiry’s questions', () => {
  it('is offered in English and Spanish, starting in the person’s own language', async () => {
    const english = await w.as.coordinator.get(`${w.base}/inquiries/new`);
    expect(english.body).toMatch(/<label for="field-language">Language of the questions<\/label>/);
    expect(english.body).toMatch(/<option value="en" selected>English<\/option>/);
    expect(english.body).toContain('<option value="es">Español</option>');

    await w.t.db.updateTable('users').set({ language: 'es' }).where('id', '=', w.people.coordinator.id).execute();
    const spanish = await w.as.coordinator.get(`${w.base}/inquiries/new`);
    expect(spanish.body).toMatch(/<label for="field-language">Idioma de las preguntas<\/label>/);
    expect(spanish.body).toMatch(/<option value="es" selected>Español<\/option>/);
  });

  it('starts an MSC inquiry in Spanish: domains, questions, attributes, consent and story language', async () => {
    const res = await w.as.coordinator.post(`${w.base}/inquiries/new`, {
      title: 'Cambios de este año',
      method: 'msc',
      language: 'es',
    });
    expect(res.statusCode).toBe(303);
    const inquiry = await newest(w);
    expect(inquiry).toMatchObject({
      title: 'Cambios de este año',
      languages: 'es',
      code_prefix: 'CMS',
      period_words: 'seis meses',
    });
    expect(inquiry.consent_statement).toMatch(/^Nos gustaría guardar su historia/);
    const guide = await loadGuide(w.t.db, inquiry);
    expect(guide.domains.map((d) => d.name)).toEqual([
      'Cambios en la vida de las personas',
      'Cambios en la forma en que los servicios trabajan juntos',
      'Cualquier otro cambio',
    ]);
    expect(guide.questions.map((q) => q.prompt)[0]).toBe(
      'Mirando hacia atrás en los últimos [period], ¿cuál cree usted que ha sido el cambio más significativo en [domain]?',
    );
    expect(guide.questions.map((q) => q.kind)).toEqual(['story', 'why', 'long', 'long', 'title']);
    expect(guide.attributes.map((a) => a.label)).toEqual(['¿Quién es usted?', 'Franja de edad', 'Lugar']);

    const page = visibleText((await w.as.coordinator.get(res.headers.location as string)).body);
    expect(page).toContain('Cambios en la vida de las personas');
    expect(page).toContain('¿Por qué es significativo este cambio para usted?');
  });

  it('starts an Appreciative Inquiry in Spanish, phase by phase', async () => {
    await w.as.coordinator.post(`${w.base}/inquiries/new`, { title: 'Lo que funciona', method: 'ai', language: 'es' });
    const guide = await loadGuide(w.t.db, await newest(w));
    expect(guide.inquiry.code_prefix).toBe('IA');
    expect(guide.questions.map((q) => q.phase)).toEqual([
      'discover',
      'discover',
      'discover',
      'dream',
      'design',
      'deliver',
    ]);
    expect(guide.questions[0]!.prompt).toMatch(/^Cuénteme de un momento en que \[topic\]/);
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

describe('a Spanish inquiry on paper and in an interview', () => {
  it('prints the Spanish questions, read naturally, on the paper form', async () => {
    await w.as.coordinator.post(`${w.base}/inquiries/new`, {
      title: 'Cambios de este año',
      method: 'msc',
      language: 'es',
    });
    const inquiry = await newest(w);
    const paper = visibleText((await w.as.interviewer.get(`${w.base}/inquiries/${inquiry.id}/paper`)).body);
    expect(paper).toContain('Cambios en la forma en que los servicios trabajan juntos');
    expect(paper).toContain(
      'Mirando hacia atrás en los últimos seis meses, ¿cuál cree usted que ha sido el cambio más significativo en el dominio marcado arriba?',
    );
    expect(paper).toContain('Franja de edad');
    expect(paper).toContain('Nos gustaría guardar su historia');
  });

  it('asks the Spanish questions on the interview form, the domain chosen above', async () => {
    await w.as.coordinator.post(`${w.base}/inquiries/new`, {
      title: 'Cambios de este año',
      method: 'msc',
      language: 'es',
    });
    const inquiry = await newest(w);
    const form = visibleText((await w.as.interviewer.get(`${w.base}/inquiries/${inquiry.id}/interviews/new`)).body);
    expect(form).toContain(
      '¿cuál cree usted que ha sido el cambio más significativo en el dominio de cambio elegido arriba?',
    );
    expect(form).toContain('Cualquier otro cambio');
    expect(form).toContain('¿Qué título le pondría a su historia?');
  });

  it('keeps the question as it was asked, with the domain read inside it', async () => {
    await w.as.coordinator.post(`${w.base}/inquiries/new`, {
      title: 'Cambios de este año',
      method: 'msc',
      language: 'es',
    });
    const guide = await loadGuide(w.t.db, await newest(w));
    expect(askedPrompt(guide, guide.questions[0]!, guide.domains[0]!.id)).toBe(
      'Mirando hacia atrás en los últimos seis meses, ¿cuál cree usted que ha sido el cambio más significativo en la vida de las personas?',
    );
    expect(askedPrompt(guide, guide.questions[0]!, guide.domains[2]!.id)).toMatch(
      /en cualquier ámbito de la vida o del trabajo\?$/,
    );
  });
});

describe('the templates', () => {
  it('are written in both languages for every method, alike in shape', () => {
    for (const method of ['msc', 'ai', 'custom'] as const) {
      const [en, es] = [templateFor(method, 'en'), templateFor(method, 'es')];
      expect(es.questions.map((q) => [q.kind, q.phase, q.required])).toEqual(
        en.questions.map((q) => [q.kind, q.phase, q.required]),
      );
      expect(es.domains).toHaveLength(en.domains.length);
      expect(es.attributes.map((a) => [a.kind, a.options?.length])).toEqual(
        en.attributes.map((a) => [a.kind, a.options?.length]),
      );
      for (const q of es.questions) expect(q.prompt.match(/\[\w+\]/g) ?? []).toEqual(q.prompt.match(/\[\w+\]/g) ?? []);
    }
    expect(templateFor('msc', 'pt')).toBe(templateFor('msc', 'en'));
  });

  it('fill blank placeholders in the question’s language', () => {
    expect(fillPrompt('en los últimos [period], en [domain], sobre [topic]', {}, 'es')).toBe(
      'en los últimos periodo del informe, en el dominio de cambio elegido, sobre esto',
    );
    expect(fillPrompt('over the last [period]', {})).toBe('over the last reporting period');
    expect(questionLanguage('es-MX, en')).toBe('es');
    expect(questionLanguage('pt, es')).toBe('es');
    expect(questionLanguage('pt')).toBe('en');
    expect(domainPhrase('Cambios en la vida de las personas', 'es')).toBe('la vida de las personas');
  });
});
