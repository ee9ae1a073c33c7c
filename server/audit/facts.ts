/**
 * "Details": an audit event's kept facts in the page's language. Field names and values are translated (a role's
 * name, a status, yes or no), ids become the names people know (a person, a domain, a story's code), and facts that
 * only repeat the subject or are internal (a file's row id) are left out. Unknown fields still read as words.
 */
import type { TFunction } from 'i18next';
import type { AuditEvent } from '../db/schema.ts';
import { numberFormat } from '../web/i18n.ts';
import type { Lookups } from './lookups.ts';
import { humanise } from './subjects.ts';

export interface Fact {
  label: string;
  value: string;
}

interface Context {
  event: AuditEvent;
  look: Lookups;
  t: TFunction;
  lang: string;
  /** The inquiry the event's tags and themes belong to, when known. */
  inquiryId?: number;
}

/** Internal row ids with nothing to show a person. */
const HIDDEN = new Set(['file', 'annotation', 'type']);
/** Identifiers, not quantities: never grouped as numbers. */
const IDENTIFIERS = new Set(['seed', 'k', 'answer', 'level']);

const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;

/** The translation under this prefix, or the value in words when there is none. */
function word(t: TFunction, prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  const text = t(key);
  return text === key ? humanise(value) : text;
}

/** Where a field's coded values are translated, for this action. */
function vocabulary(action: string, key: string): string | undefined {
  const [area] = action.split('.');
  if (key === 'role') return 'roles.';
  if (key === 'from' || key === 'to') {
    if (action === 'member.role_changed') return 'roles.';
    if (action === 'round.stage_changed') return 'rounds.stages.';
    if (area === 'learning') return 'learning.statuses.';
    if (area === 'themes' && action !== 'themes.renamed') return 'themes.themeStatus.';
    return undefined;
  }
  if (key === 'status') return area === 'learning' ? 'learning.statuses.' : 'storyList.statuses.';
  if (key === 'kind')
    return area === 'learning' ? 'learning.kinds.' : area === 'question' ? 'inquiries.kinds.' : 'audit.values.file.';
  if (key === 'method') return area === 'round' ? 'rounds.methods.' : 'inquiries.methods.';
  const plain: Record<string, string> = {
    outcome: 'audit.values.outcome.',
    route: 'stories.routes.',
    origin: 'rounds.origins.',
    direction: 'audit.values.direction.',
    what: 'audit.values.what.',
    problem: 'audit.values.problem.',
    format: 'exports.formats.',
    audience: 'audit.values.audience.',
    source: 'audit.values.source.',
    changed: 'audit.values.setting.',
  };
  return plain[key];
}

/** A fact's value in words: names for ids, translations for codes, numbers and dates in the page's way. */
async function valueOf(c: Context, key: string, value: unknown): Promise<string | undefined> {
  const { t, look, event } = c;
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return t(value ? 'audit.values.yes' : 'audit.values.no');
  if (Array.isArray(value)) {
    const parts = (await Promise.all(value.map((v) => valueOf(c, key, v)))).filter(Boolean);
    return parts.length ? parts.join(', ') : undefined;
  }
  if (typeof value === 'object') {
    const parts = await factsOf(c, value as Record<string, unknown>);
    return parts.length ? parts.map((f) => `${f.label}: ${f.value}`).join('; ') : undefined;
  }
  const id = num(value);
  switch (key) {
    case 'userId':
      return id === undefined ? undefined : ((await look.person(id)) ?? t('audit.values.someone'));
    case 'organisationId':
      return id === undefined ? undefined : ((await look.organisation(id)) ?? t('audit.values.removed'));
    case 'inquiry':
    case 'inquiryId':
      return id === undefined ? undefined : ((await look.inquiry(id))?.title ?? t('audit.values.removed'));
    case 'domain':
    case 'domainId':
      return id === undefined ? undefined : ((await look.domain(id)) ?? t('audit.values.removed'));
    case 'story':
      return id === undefined ? undefined : ((await look.story(id))?.code ?? t('audit.values.removed'));
    case 'participant': {
      const roundId = num(event.subject_id);
      const who = id === undefined || roundId === undefined ? undefined : await look.participant(roundId, id);
      return who ? who.display_name : t('audit.values.someone');
    }
    case 'parentId':
    case 'tagId':
      return id === undefined ? undefined : ((await look.tag(c.inquiryId, id))?.name ?? t('audit.values.removed'));
    case 'themeId':
      return id === undefined ? undefined : await themeName(c, id);
    case 'attributeId':
      return id === undefined
        ? undefined
        : ((await look.attribute(c.inquiryId, id))?.label ?? t('audit.values.removed'));
    case 'language':
      return languageName(c.lang, String(value));
    case 'bytes':
      return id === undefined
        ? String(value)
        : t('audit.values.kilobytes', { count: Math.max(1, Math.round(id / 1024)) });
    case 'on':
      return dateIn(c.lang, String(value));
  }
  if (event.action === 'themes.merged' && key === 'into' && id !== undefined) return themeName(c, id);
  if (event.action === 'round.decision_recorded' && key === 'stories') return storyCodes(c, String(value));
  if (key === 'changed')
    return String(value)
      .split(/,\s*/)
      .map((v) => word(t, 'audit.values.setting.', v))
      .join(', ');
  const prefix = vocabulary(event.action, key);
  if (prefix && typeof value === 'string') return word(t, prefix, value);
  if (typeof value === 'number' && !IDENTIFIERS.has(key)) return numberFormat(c.lang).format(value);
  return String(value);
}

async function themeName(c: Context, id: number): Promise<string> {
  const found = await c.look.theme(id);
  return found ? (found.theme.name ?? found.theme.label) : c.t('audit.values.removed');
}

/** A decision's chosen stories ("12, 15") as their codes. */
async function storyCodes(c: Context, ids: string): Promise<string | undefined> {
  const codes = await Promise.all(
    ids
      .split(/,\s*/)
      .map(num)
      .filter((id): id is number => id !== undefined)
      .map(async (id) => (await c.look.story(id))?.code ?? c.t('audit.values.removed')),
  );
  return codes.length ? codes.join(', ') : c.t('audit.values.none');
}

function languageName(reader: string, code: string): string {
  try {
    return new Intl.DisplayNames([reader], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function dateIn(lang: string, value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A field's name in the page's language, or in words when it has none yet. */
export function fieldLabel(t: TFunction, key: string): string {
  const name = `audit.fields.${key}`;
  const text = t(name);
  return text === name ? humanise(key) : text;
}

async function factsOf(c: Context, detail: Record<string, unknown>): Promise<Fact[]> {
  const facts: Fact[] = [];
  for (const [key, raw] of Object.entries(detail)) {
    if (HIDDEN.has(key)) continue;
    const value = await valueOf(c, key, raw);
    if (value !== undefined) facts.push({ label: fieldLabel(c.t, key), value });
  }
  return facts;
}

/** The event's facts to show beside its subject, leaving out those that only repeat it. */
export async function describeFacts(
  event: AuditEvent,
  detail: Record<string, unknown>,
  look: Lookups,
  t: TFunction,
  lang: string,
  subjectText: string,
): Promise<Fact[]> {
  const shown = { ...detail };
  // The member, the person a reset link is for, and a story's code are the subject itself.
  if (event.subject_type === 'membership' || event.subject_type === 'password_reset') delete shown.userId;
  if (event.subject_type === 'password_reset') delete shown.name;
  if (event.subject_type === 'story') delete shown.code;
  let inquiryId = num(detail.inquiryId ?? detail.inquiry);
  if (inquiryId === undefined && event.subject_type === 'round') {
    const roundId = num(event.subject_id);
    inquiryId = roundId === undefined ? undefined : (await look.round(roundId))?.inquiry_id;
  }
  const facts = await factsOf({ event, look, t, lang, inquiryId }, shown);
  return facts.filter((f) => f.value !== subjectText);
}
