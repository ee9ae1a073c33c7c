/** The writing direction of a language, for dir attributes. Usage: <html lang="{{lang}}" dir="{{dir lang}}"> */
import { directionOf } from '../i18n.ts';

export default function dir(language: unknown): string {
  return directionOf(typeof language === 'string' ? language : '');
}
