/** Registers every helper in this folder, each under its file's name. */
import type Handlebars from 'handlebars';
import can from './can.ts';
import concat from './concat.ts';
import date from './date.ts';
import dir from './dir.ts';
import eq from './eq.ts';
import inLanguage from './in-language.ts';
import languageName from './language-name.ts';
import linkLanguage from './link-language.ts';
import num from './num.ts';
import or from './or.ts';
import period from './period.ts';
import questionLanguage from './question-language.ts';
import t from './t.ts';
import writtenIn from './written-in.ts';

export function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper({
    can,
    concat,
    date,
    dir,
    eq,
    'in-language': inLanguage,
    'language-name': languageName,
    'link-language': linkLanguage,
    num,
    or,
    period,
    'question-language': questionLanguage,
    t,
    'written-in': writtenIn,
  });
}
