/**
 * lang and dir attributes for words written in another language than the page's (an inquiry's name on a page in
 * Arabic, a French story's title on an English page), so a screen reader reads them with the right voice and
 * their punctuation stays in place. Usage: <h1{{written-in story.language}}>, <bdi{{written-in (question-language
 * inquiry.languages)}}>; a language not known ('') is marked as such and takes its direction from its letters.
 */
import Handlebars from 'handlebars';
import dir from './dir.ts';

export default function writtenIn(language: unknown): Handlebars.SafeString {
  const code = typeof language === 'string' ? language.trim() : '';
  const escaped = Handlebars.escapeExpression(code);
  return new Handlebars.SafeString(` lang="${escaped}" dir="${dir(code)}"`);
}
