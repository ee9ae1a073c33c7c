/**
 * A phone over real HTTP, for the crash test and bench/field-sync.ts: signs in, takes an inquiry into the field,
 * and sends queued interviews as static/js/field/sync.js does (JSON, with the session's CSRF token), keeping each
 * until Hearth answers that it is stored.
 */
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
import type { Fields } from '../helpers/agent.ts';
import { PASSWORD } from '../helpers/app.ts';
import { HttpBrowser } from '../helpers/processes.ts';
import { dataAttribute, formPage, recordOnPhone, type FieldForm, type Recorded } from './field-fixture.ts';

export interface Sent {
  status: number;
  code?: string;
}

export class HttpPhone {
  readonly browser = new HttpBrowser();
  form!: FieldForm;
  private csrf = '';

  constructor(public baseUrl: string) {}

  async signIn(email: string): Promise<void> {
    await this.browser.get(`${this.baseUrl}/sign-in`);
    const res = await this.browser.post(`${this.baseUrl}/sign-in`, { email, password: PASSWORD });
    if (res.status !== 303) throw new Error(`sign-in: ${res.status}`);
  }

  async takeIntoTheField(guide: Guide): Promise<FieldForm> {
    const page = await this.browser.get(`${this.baseUrl}${formPage(guide.inquiry.alliance_id, guide.inquiry.id)}`);
    if (page.status !== 200) throw new Error(`field form: ${page.status}`);
    this.form = dataAttribute<FieldForm>(page.body, 'data-field-form');
    await this.session();
    return this.form;
  }

  /** Who is signed in, and a CSRF token of this session (asked before sending, as the phone's script does). */
  async session(): Promise<void> {
    const res = await this.browser.get(`${this.baseUrl}${this.form.session}`);
    if (res.status !== 200) throw new Error(`session: ${res.status}`);
    this.csrf = (JSON.parse(res.body) as { csrf: string }).csrf;
  }

  /** Points the phone at another server (the same one, restarted on a new port). */
  moveTo(baseUrl: string): void {
    this.baseUrl = baseUrl;
  }

  record(guide: Guide, storyteller: string, overrides: Fields = {}): Recorded {
    return recordOnPhone(this.form, guide, { storyteller, ...overrides });
  }

  /**
   * Sends a recording or photo of a stored interview as the phone's script does (a form: the token, then the
   * file), under the interview's device id and the file's own; throws when the connection fails.
   */
  async sendFile(file: { interviewId: string; deviceId: string; kind: 'recording' | 'photo'; bytes: Buffer }) {
    const form = new FormData();
    form.append('_csrf', this.csrf);
    form.append(
      'file',
      new Blob([new Uint8Array(file.bytes)]),
      file.kind === 'recording' ? 'interview.wav' : 'paper.jpg',
    );
    const where = file.kind === 'recording' ? 'recordings' : 'photos';
    const base = `${this.baseUrl}/alliances/${this.form.allianceId}/field/stories`;
    const res = await fetch(`${base}/${file.interviewId}/${where}/${file.deviceId}`, {
      method: 'POST',
      headers: { cookie: this.browser.cookie, accept: 'application/json' },
      body: form,
    });
    const body = (await res.json().catch(() => ({}))) as { status?: string; url?: string };
    return { status: res.status, url: body.status === 'stored' ? body.url : undefined };
  }

  /** Sends one interview; throws when the connection fails (the server is gone). */
  async send(interview: Recorded): Promise<Sent> {
    const res = await fetch(`${this.baseUrl}${this.form.send}`, {
      method: 'POST',
      headers: { cookie: this.browser.cookie, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ _csrf: this.csrf, ...interview }),
    });
    const body = (await res.json().catch(() => ({}))) as { status?: string; code?: string };
    return { status: res.status, code: body.status === 'stored' ? body.code : undefined };
  }
}
