/**
 * The field page's sentences as the phone puts them together, in each language, from the texts the page hands its
 * script (clientTexts) and the script's own logic (static/js/field/logic.js): lists of counts written as the page's
 * language lists them (Arabic's "،", not an English comma), sentences about files that read right for one file or
 * several of either kind, and dates written in the page's language as the server writes them.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HelperOptions } from 'handlebars';
import { describe, expect, it } from 'vitest';
import { clientTexts } from '../../server/field/client-data.ts';
import date from '../../server/web/helpers/date.ts';

const logicUrl = pathToFileURL(join(import.meta.dirname, '..', '..', 'static', 'js', 'field', 'logic.js')).href;
type Texts = Record<string, string>;
type Counts = { interviews?: number; recordings?: number; photos?: number };
interface Logic {
  fill(text: string, values: Record<string, unknown>): string;
  queueSummary(texts: Texts, counts: Counts, language: string): string;
  filesInWords(texts: Texts, counts: Counts, language: string): string;
  dateTimeIn(iso: string, language: string, timeZone?: string): string;
}
const logic = (await import(logicUrl)) as Logic;

/** A sentence about files as the page writes it: home.js and form.js fill {{files}} with filesInWords. */
const aboutFiles = (language: string, key: string, counts: Counts) => {
  const texts = clientTexts(language);
  return logic.fill(texts[key]!, { files: logic.filesInWords(texts, counts, language) });
};
const ONE_PHOTO = { photos: 1 };
const ONE_RECORDING = { recordings: 1 };
const BOTH = { recordings: 1, photos: 2 };

describe('the field page’s lists of counts', () => {
  it('lists in Arabic with Arabic’s own comma and “و”, never an English comma', () => {
    const summary = logic.queueSummary(clientTexts('ar'), { interviews: 3, recordings: 1, photos: 2 }, 'ar');
    expect(summary).toBe('3 مقابلات بانتظار الإرسال، وتسجيل واحد، وصورتان');
    expect(summary).not.toContain(',');
    expect(logic.queueSummary(clientTexts('ar'), { recordings: 2, photos: 1 }, 'ar')).toBe(
      'بانتظار الإرسال: تسجيلان وصورة واحدة',
    );
  });

  it('lists in each other language as it does', () => {
    const counts = { interviews: 3, recordings: 1, photos: 2 };
    expect(logic.queueSummary(clientTexts('en'), counts, 'en')).toBe(
      '3 interviews waiting to send, 1 recording, 2 photos',
    );
    expect(logic.queueSummary(clientTexts('es'), counts, 'es')).toBe(
      '3 entrevistas pendientes de envío, 1 grabación y 2 fotos',
    );
    expect(logic.queueSummary(clientTexts('fr'), counts, 'fr')).toBe(
      '3 entretiens en attente d’envoi, 1 enregistrement et 2 photos',
    );
  });
});

describe('sentences about an interview’s files', () => {
  it('read right in French for one photo, one recording, or several', () => {
    expect(aboutFiles('fr', 'withFiles', ONE_PHOTO)).toBe('Sur cet appareil avec l’entretien\u202f: 1 photo.');
    expect(aboutFiles('fr', 'withFiles', ONE_RECORDING)).toBe(
      'Sur cet appareil avec l’entretien\u202f: 1 enregistrement.',
    );
    expect(aboutFiles('fr', 'withFiles', BOTH)).toBe(
      'Sur cet appareil avec l’entretien\u202f: 1 enregistrement et 2 photos.',
    );
    expect(aboutFiles('fr', 'filesKept', ONE_PHOTO)).toBe('Sur cet appareil, avec cet entretien\u202f: 1 photo.');
    expect(aboutFiles('fr', 'clearFiles', ONE_PHOTO)).toBe(
      'Ce qui suit n’a pas encore été envoyé non plus, et sera perdu en cas de suppression\u202f: 1 photo.',
    );
    // A file's own line: its state does not agree with "Photo" (feminine) or "Enregistrement" (masculine).
    const texts = clientTexts('fr');
    const line = (kind: string, state: string) => logic.fill(texts.fileLine!, { kind, mb: '0,1', state });
    expect(line(texts.filePhoto!, logic.fill(texts.fileStateRefused!, { message: 'trop grande' }))).toBe(
      'Photo (0,1 Mo)\u202f: refus de Hearth\u202f: trop grande',
    );
  });

  it('read right in Spanish and Arabic for one file or several', () => {
    expect(aboutFiles('es', 'withFiles', ONE_RECORDING)).toBe('En este dispositivo con la entrevista: 1 grabación.');
    expect(aboutFiles('es', 'withFiles', BOTH)).toBe('En este dispositivo con la entrevista: 1 grabación y 2 fotos.');
    expect(aboutFiles('es', 'filesWaiting', ONE_PHOTO)).toBe('Por enviar: 1 foto');
    expect(aboutFiles('es', 'clearFiles', ONE_RECORDING)).toBe(
      'Lo siguiente tampoco se ha enviado todavía, y se perderá si lo quita todo: 1 grabación.',
    );
    expect(aboutFiles('ar', 'withFiles', ONE_RECORDING)).toBe('على هذا الجهاز مع المقابلة: تسجيل واحد.');
    expect(aboutFiles('ar', 'withFiles', BOTH)).toBe('على هذا الجهاز مع المقابلة: تسجيل واحد وصورتان.');
    expect(aboutFiles('en', 'withFiles', ONE_PHOTO)).toBe('With 1 photo, kept on this device.');
  });
});

describe('dates on the field page', () => {
  const at = '2026-12-04T14:03:00.000Z';
  const server = (lang: string) => date(at, { data: { lang }, hash: {} } as unknown as HelperOptions);

  it('are written in the page’s language as the server writes them (which says UTC; the phone uses its clock)', () => {
    for (const language of ['en', 'es', 'fr', 'ar'])
      expect(`${logic.dateTimeIn(at, language, 'UTC')} UTC`).toBe(server(language));
    expect(logic.dateTimeIn(at, 'en', 'UTC')).toBe('4 Dec 2026, 14:03');
    expect(logic.dateTimeIn(at, 'fr', 'UTC')).toBe('4 déc. 2026, 14:03');
    expect(logic.dateTimeIn(at, 'ar', 'UTC')).toContain('م'); // Arabic's own "pm", not an English date
    expect(logic.dateTimeIn('not a date', 'en')).toBe('');
  });
});
