/**
 * The paper form's consent: each tick sits under the lead it answers. Asking for anonymity is not a condition of
 * recording, so it must not print under "If the interview is recorded, the storyteller agrees to:".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInquiry } from '../../server/inquiries/inquiries-store.ts';
import { translator } from '../../server/web/i18n.ts';
import { decode } from '../helpers/pages.ts';
import { makeWorld, type World } from './setup.ts';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.t.close());

/** Words as read: tags gone, entities decoded, every kind of space one plain space. */
const text = (s: string) =>
  decode(s.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/** The consent section's leads, each with the ticks printed under it before the next lead. */
function consentLeads(html: string): { lead: string; ticks: string[] }[] {
  const section = html.match(/<section class="paper-section paper-consent"[\s\S]*?<\/section>/)?.[0] ?? '';
  return section
    .split(/<p class="paper-q">/)
    .slice(1)
    .map((part) => ({
      lead: text(part.slice(0, part.indexOf('</p>'))),
      ticks: [...part.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1] ?? '')),
    }));
}

describe('the paper form’s consent', () => {
  for (const lang of ['en', 'fr', 'es', 'ar'] as const) {
    it(`prints the anonymity tick under its own lead, not the recording’s (${lang})`, async () => {
      const inquiry = await createInquiry(w.t.db, w.people.coordinator, w.alliance.id, {
        title: 'Changements',
        method: 'msc',
        language: lang,
      });
      const t = translator(lang);
      const page = await w.as.coordinator.get(`${w.base}/inquiries/${inquiry.id}/paper`);
      expect(page.statusCode).toBe(200);
      const leads = consentLeads(page.body);
      const anonymous = text(t('inquiries.paper.anonymous'));
      const recording = leads.find((l) => l.lead === text(t('inquiries.paper.recordingLead')));
      expect(recording?.ticks.length).toBeGreaterThan(0);
      expect(recording?.ticks).not.toContain(anonymous);
      const name = leads.find((l) => l.lead === text(t('inquiries.paper.nameLead')));
      expect(name?.ticks).toEqual([anonymous]);
      // Before the recording's lead, with what the story may be used for.
      expect(leads.indexOf(name!)).toBeLessThan(leads.indexOf(recording!));
    });
  }
});
