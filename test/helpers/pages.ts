/** Reading pages as a person sees them: the visible text, the main heading, the flash message, a shown link. */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#x27': "'",
  '#39': "'",
  '#x3D': '=',
  '#x60': '`',
  '#x2F': '/',
};

/** HTML entities (as Handlebars writes them) back to the characters. */
export function decode(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => ENTITIES[name] ?? whole);
}

/** The page's text without tags, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  const body = html.replace(/<head>[\s\S]*<\/head>/, '');
  // <bdi> only isolates its words' direction: it adds no space to what is read.
  return decode(body.replace(/<\/?bdi[^>]*>/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .replace(/ ([.,:;!?)])/g, '$1')
    .trim();
}

/** The text of the page's <h1>. */
export function heading(html: string): string {
  return visibleText(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
}

/** The one-shot message at the top of the page, if any. */
export function flash(html: string): string | undefined {
  const match = /<p class="flash"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return match ? visibleText(match[1]!) : undefined;
}

/** The message shown beside a form field (by its name), if any. */
export function fieldError(html: string, name: string): string | undefined {
  const match = new RegExp(`<p class="field-error" id="field-${name}-error">([\\s\\S]*?)</p>`).exec(html);
  return match ? visibleText(match[1]!).replace(/^Error:\s*/, '') : undefined;
}

/** The value a text box was filled in with, if it is on the page. */
export function fieldValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input id="field-${name}" name="${name}"[^>]*?value="([^"]*)"`).exec(html);
  return match ? decode(match[1]!) : undefined;
}

/** The link shown to hand on (an invitation, a receipt, a share link) in the box with this id. */
export function copyLink(html: string, id: string): string {
  const link = new RegExp(`<textarea id="${id}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
  if (!link) throw new Error(`no link to copy in #${id}`);
  return decode(link);
}

/** The invitation token in the link shown once after making an invitation. */
export function invitationToken(html: string): string {
  const token = /\/invitations\/([A-Za-z0-9_-]{43})["<]/.exec(html)?.[1];
  if (!token) throw new Error('no invitation link on the page');
  return token;
}
