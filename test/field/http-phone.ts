/**
 * A phone over real HTTP, for the crash test and bench/field-sync.ts: signs in, takes an inquiry into the field,
 * and sends queued interviews as static/js/field/sync.js does (JSON, with the session's CSRF token), keeping each
 * until Hearth answers that it is stored.
 */
import type { Guide } from '../../server/inquiries/inquiries-store.ts';
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

  record(guide: Guide, storyteller: string): Recorded {
    return recordOnPhone(this.form, guide, { storyteller });
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
