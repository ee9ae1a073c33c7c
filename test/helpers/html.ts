/** html-validate over a rendered page: returns "rule: message (line:col)" for every error. */
import { HtmlValidate } from 'html-validate';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Handlebars leaves blank lines and indentation where blocks were: whitespace is not an error.
    'no-trailing-whitespace': 'off',
    // Attribute quoting and void-element style follow the templates' own consistent style.
    'void-style': 'off',
    // A group of checkboxes shares one name, as radios do: that is how a form sends a list.
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
    // A search-engine rule (results cut titles at ~70 characters). Hearth's pages are private and not indexed, and
    // their titles name what people wrote — a story's or an inquiry's title, then the alliance — which may be long;
    // a full, descriptive title is what WCAG 2.4.2 asks for.
    'long-title': 'off',
  },
});

export async function htmlErrors(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) =>
    r.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message} (${m.line}:${m.column})`),
  );
}
