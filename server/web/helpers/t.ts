/**
 * Translated interface text. Usage: {{t "signIn.title"}}, {{t "members.count" count=n}},
 * or with a key built from parts: {{t "roles." role}} -> roles.coordinator
 */
import type { HelperOptions } from 'handlebars';
import { translator } from '../i18n.ts';

export default function t(...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  const lang = (options.data?.root?.lang as string | undefined) ?? 'en';
  return translator(lang)(args.join(''), options.hash ?? {}) as string;
}
