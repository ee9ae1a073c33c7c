/**
 * The writing direction of a language, for dir attributes: "ar-JO" is right to left like "ar"; text whose language
 * is not known ('') takes its direction from its own first letters ("auto"). Usage: <html lang="{{lang}}" dir="{{dir lang}}">
 */
import { directionOf } from '../i18n.ts';

export default function dir(language: unknown): string {
  const code = typeof language === 'string' ? language.trim().toLowerCase().split(/[-_]/)[0]! : '';
  return code ? directionOf(code) : 'auto';
}
