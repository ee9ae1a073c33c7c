/**
 * A phone in the field, as the route tests see it: the interview form page it keeps (and the guide its script reads
 * from the page), an interview recorded on it, and sending that interview as static/js/field/sync.js does.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Agent, Fields } from '../helpers/agent.ts';
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import { validInterview } from '../helpers/interviews.ts';
import { decode } from '../helpers/pages.ts';

/** What the field form page hands its script (data-field-form). */
export interface FieldForm {
  allianceId: number;
  inquiryId: number;
  send: string;
  home: string;
  session: string;
  userId: number;
  questions: { questionId: number; kind: string; prompts: Record<string, string>; options?: string[] }[];
  about: { attributeId: number; label: string }[];
  texts: Record<string, string>;
}

/** Reads a JSON data attribute of a page. */
export function dataAttribute<T>(html: string, name: string): T {
  const raw = new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];
  if (raw === undefined) throw new Error(`no ${name} on the page`);
  return JSON.parse(decode(raw)) as T;
}

export const formPage = (allianceId: number, inquiryId: number) =>
  `/alliances/${allianceId}/inquiries/${inquiryId}/field/interview`;

/** The phone takes the inquiry into the field: the form page, and the guide as the page gives it to the script. */
export async function takeIntoTheField(agent: Agent, guide: Guide): Promise<FieldForm> {
  const res = await agent.get(formPage(guide.inquiry.alliance_id, guide.inquiry.id));
  if (res.statusCode !== 200) throw new Error(`field form: ${res.statusCode}`);
  return dataAttribute<FieldForm>(res.body, 'data-field-form');
}

export interface Recorded {
  deviceId: string;
  values: Fields;
  asked: { questionId: number; kind: string; prompt: string; options?: string[] }[];
  about: { attributeId: number; label: string }[];
}

/** An interview recorded on the phone: valid fields, each question as the form asked it for the domain chosen. */
export function recordOnPhone(form: FieldForm, guide: Guide, overrides: Fields = {}): Recorded {
  const { intent: _intent, ...values } = validInterview(guide, overrides);
  const domain = typeof values.domainId === 'string' ? values.domainId : '';
  return {
    deviceId: randomUUID(),
    values,
    asked: form.questions.map((q) => ({
      questionId: q.questionId,
      kind: q.kind,
      prompt: q.prompts[domain] ?? q.prompts['']!,
      ...(q.options ? { options: q.options } : {}),
    })),
    about: form.about,
  };
}

/** Who is signed in on the phone, and a CSRF token of this session (as the script asks before sending). */
export async function phoneSession(agent: Agent, form: FieldForm) {
  const res = await agent.get(form.session); // keeps the cookie, as the browser does (a new CSRF secret goes in it)
  return { status: res.statusCode, body: res.json() as { userId?: number; csrf?: string; status?: string } };
}

/** Sends one interview as the phone's script does: JSON with the session's CSRF token. */
export async function send(
  app: FastifyInstance,
  cookie: string,
  form: FieldForm,
  interview: Recorded,
  csrf: string | undefined,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: form.send,
    headers: { cookie, 'content-type': 'application/json', accept: 'application/json' },
    payload: JSON.stringify({ _csrf: csrf, ...interview, values: withoutUndefined(interview.values) }),
  });
}

function withoutUndefined(values: Fields): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | string[]
  >;
}
