/** "On what": the thing an audit event changed, named as people know it, with a link when it still exists. */
import type { TFunction } from 'i18next';
import type { AuditEvent } from '../db/schema.ts';
import type { Lookups } from './lookups.ts';

export interface Subject {
  text: string;
  href?: string;
}

/** The first words of a longer text (a learning item, an observation), so a row stays a line or two. */
export function firstWords(text: string, most = 8): string {
  const words = text.trim().split(/\s+/);
  return words.length > most ? `${words.slice(0, most).join(' ')}…` : words.join(' ');
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Turns an internal name ("learning_item", "storyTagsRemoved") into words, for anything not yet translated. */
export function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The kind of thing, in the page's language ("round", "story"). */
export function subjectKind(t: TFunction, type: string): string {
  const key = `audit.subjects.types.${type}`;
  const text = t(key);
  return text === key ? humanise(type).toLowerCase() : text;
}

export async function describeSubject(
  event: AuditEvent,
  detail: Record<string, unknown>,
  look: Lookups,
  t: TFunction,
  base: string,
  allianceName: string,
): Promise<Subject> {
  const id = num(event.subject_id);
  const gone = (name?: string): Subject => ({
    text: name
      ? t('audit.subjects.removedNamed', { name })
      : t('audit.subjects.removed', { what: subjectKind(t, event.subject_type) }),
  });
  const inquiryId = num(detail.inquiryId ?? detail.inquiry);
  if (id === undefined) return { text: subjectKind(t, event.subject_type) };
  switch (event.subject_type) {
    case 'alliance':
      return { text: allianceName, href: base };
    case 'membership': {
      const member = (await look.members()).find((m) => m.membership_id === id);
      if (member) return { text: member.name, href: `${base}/members` };
      const userId = num(detail.userId);
      const name = userId === undefined ? undefined : await look.person(userId);
      return name ? { text: t('audit.subjects.formerMember', { name }) } : gone();
    }
    case 'invitation': {
      const invitee = (await look.invitee(id)) ?? str(detail.invitee);
      return invitee
        ? { text: t('audit.subjects.invitation', { name: invitee }), href: `${base}/invitations` }
        : gone();
    }
    case 'organisation': {
      const name = await look.organisation(id);
      return name ? { text: name, href: `${base}/members` } : gone(str(detail.name));
    }
    case 'password_reset': {
      const userId = num(detail.userId);
      const name = str(detail.name) ?? (userId === undefined ? undefined : await look.person(userId));
      return name ? { text: t('audit.subjects.passwordReset', { name }) } : gone();
    }
    case 'user':
      return { text: (await look.person(id)) ?? event.actor_name };
    case 'inquiry': {
      const inquiry = await look.inquiry(id);
      return inquiry ? { text: inquiry.title, href: `${base}/inquiries/${id}` } : gone(str(detail.title));
    }
    case 'domain': {
      const name = await look.domain(id);
      const href = inquiryId === undefined ? undefined : `${base}/inquiries/${inquiryId}/domains/${id}`;
      return name ? { text: name, href } : gone(str(detail.name));
    }
    case 'question': {
      const question = await look.question(inquiryId, id);
      return question
        ? { text: firstWords(question.prompt), href: `${base}/inquiries/${inquiryId}/questions/${id}` }
        : gone();
    }
    case 'attribute': {
      const attribute = await look.attribute(inquiryId, id);
      return attribute
        ? { text: attribute.label, href: `${base}/inquiries/${inquiryId}/attributes/${id}` }
        : gone(str(detail.label));
    }
    case 'story': {
      const story = await look.story(id);
      if (!story) return gone(str(detail.code));
      const text = story.title ? t('audit.subjects.story', { code: story.code, title: story.title }) : story.code;
      return { text, href: `${base}/stories/${id}` };
    }
    case 'tag': {
      const tag = await look.tag(inquiryId, id);
      return tag
        ? { text: tag.name, href: `${base}/inquiries/${inquiryId}/codebook/${id}` }
        : gone(str(detail.into) ?? str(detail.name));
    }
    case 'analysis_run': {
      const run = await look.run(id);
      const inquiry = run && (await look.inquiry(run.inquiry_id));
      return inquiry
        ? { text: t('audit.subjects.run', { inquiry: inquiry.title }), href: `${base}/themes/runs/${id}` }
        : gone();
    }
    case 'theme': {
      const found = await look.theme(id);
      return found ? { text: found.theme.name ?? found.theme.label, href: `${base}/themes/${id}` } : gone();
    }
    case 'round': {
      const round = await look.round(id);
      return round ? { text: round.name, href: `${base}/rounds/${id}` } : gone(str(detail.name));
    }
    case 'learning_item': {
      const item = await look.learningItem(inquiryId, id);
      return item
        ? { text: `“${firstWords(item.text)}”`, href: `${base}/inquiries/${inquiryId}/learning/${id}` }
        : gone();
    }
    case 'observation': {
      const observation = await look.observation(inquiryId, id);
      return observation
        ? { text: observation.title, href: `${base}/inquiries/${inquiryId}/observations/${id}` }
        : gone();
    }
    case 'share_link': {
      const inquiry = inquiryId === undefined ? undefined : await look.inquiry(inquiryId);
      return inquiry
        ? {
            text: t('audit.subjects.shareLink', { inquiry: inquiry.title }),
            href: `${base}/inquiries/${inquiry.id}/report`,
          }
        : gone();
    }
    default:
      return { text: subjectKind(t, event.subject_type) };
  }
}
