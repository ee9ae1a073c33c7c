/**
 * The language an inquiry's questions are written in, from its story languages ("fr,en" -> "fr"), so guide text
 * on a page in another language is marked as what it is. Usage: <p lang="{{question-language inquiry.languages}}">
 */
import { questionLanguage as ofLanguages } from '../../inquiries/templates.ts';

export default function questionLanguage(languages: unknown): string {
  return ofLanguages(typeof languages === 'string' ? languages : '');
}
