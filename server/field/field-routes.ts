/**
 * Interviews in the field: the page that takes inquiries into the field and shows what waits on this device, the
 * interview form the phone keeps offline, and the JSON the phone's script sends interviews to. Without JavaScript
 * the pages are the ordinary ones (the form posts to the interview route); the offline part is an enhancement.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import { findInquiry, listInquiries, loadGuide } from '../inquiries/inquiries-store.ts';
import { findStoryByDeviceId, createStoryOnce, type DeviceStory } from '../stories/device-store.ts';
import { interviewView } from '../stories/form-view.ts';
import { interviewPartners } from '../stories/partners.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { idParam } from '../web/params.ts';
import { MANIFEST_URL, SERVICE_WORKER_URL } from './app-routes.ts';
import { clientTexts, fieldGuide } from './client-data.ts';
import { fieldFilesPath } from './file-routes.ts';
import { deviceKey, FieldInterview, readFieldInterview } from './sync.ts';

const RECORDERS = rolesFor('recordInterviews');
const HOME_SCRIPT = '/static/js/field/home.js';
const FORM_SCRIPT = '/static/js/field/form.js';

export async function fieldRoutes(app: FastifyInstance): Promise<void> {
  const home = (allianceId: number) => `/alliances/${allianceId}/field`;

  /** What every page of the field tells its script: where things are, who is signed in, and its texts. */
  function device(allianceId: number, user: { id: number; name: string }, language: string) {
    return {
      allianceId,
      userId: user.id,
      userName: user.name,
      home: home(allianceId),
      session: `${home(allianceId)}/session.json`,
      files: fieldFilesPath(allianceId),
      signIn: `/sign-in?next=${encodeURIComponent(home(allianceId))}`,
      serviceWorker: SERVICE_WORKER_URL,
      manifest: MANIFEST_URL,
      texts: clientTexts(language),
    };
  }

  app.get('/field', { config: { roles: RECORDERS } }, async (request, reply) => {
    const a = membershipOf(request).alliance_id;
    const inquiries = await listInquiries(app.db, a);
    return reply.page('field/home', {
      modules: [HOME_SCRIPT],
      manifest: MANIFEST_URL,
      inquiries: inquiries.map((i) => ({
        id: i.id,
        title: i.title,
        online: `/alliances/${a}/inquiries/${i.id}/interviews/new`,
        field: `/alliances/${a}/inquiries/${i.id}/field/interview`,
      })),
      device: JSON.stringify(device(a, signedIn(request), languageOf(request))),
    });
  });

  app.get('/inquiries/:inquiryId/field/interview', { config: { roles: RECORDERS } }, async (request, reply) => {
    const a = membershipOf(request).alliance_id;
    const inquiry = await findInquiry(app.db, a, idParam(request, 'inquiryId'));
    if (!inquiry) throw notFound();
    const guide = await loadGuide(app.db, inquiry);
    const user = signedIn(request);
    const values = { route: 'interview' };
    return reply.page('field/interview', {
      modules: [FORM_SCRIPT],
      maxMb: Math.floor(app.config.maxUploadBytes / 1024 / 1024),
      manifest: MANIFEST_URL,
      inquiry,
      form: interviewView(guide, values, {}, 'interview'),
      values,
      errors: {},
      partners: await interviewPartners(app.db, a, user.id),
      consentStatement: inquiry.consent_statement,
      // Without JavaScript (or a browser that cannot keep it offline) this is the ordinary interview form.
      action: `/alliances/${a}/inquiries/${inquiry.id}/interviews`,
      field: JSON.stringify({
        ...device(a, user, languageOf(request)),
        inquiryId: inquiry.id,
        title: inquiry.title,
        send: `/alliances/${a}/inquiries/${inquiry.id}/field/interviews`,
        maxUploadBytes: app.config.maxUploadBytes,
        ...fieldGuide(guide),
      }),
    });
  });

  // Before sending, the phone asks who is signed in (only their own interviews are sent) and for a CSRF token of
  // this session: the one in a page kept offline belongs to a session that may have ended since.
  app.get('/field/session.json', { config: { roles: RECORDERS, answersJson: true } }, async (request, reply) => {
    const user = signedIn(request);
    return reply.send({ userId: user.id, name: user.name, csrf: reply.csrfToken() });
  });

  async function inquiryOf(request: FastifyRequest) {
    const inquiry = await findInquiry(app.db, membershipOf(request).alliance_id, idParam(request, 'inquiryId'));
    if (!inquiry) throw notFound();
    return inquiry;
  }

  app.post<{ Body: FieldInterview }>(
    '/inquiries/:inquiryId/field/interviews',
    {
      schema: { body: FieldInterview },
      config: { roles: RECORDERS, answersJson: true },
      // Another alliance's inquiry is 404 whatever was sent, as for every address of this alliance.
      preValidation: async (request) => void (await inquiryOf(request)),
    },
    async (request, reply) => {
      const membership = membershipOf(request);
      const sent = request.body;
      const deviceId = deviceKey(sent.deviceId);
      // Sent before: the same answer, whatever the guide or the interview's fields say now.
      const stored = await findStoryByDeviceId(app.db, deviceId);
      if (stored) return answerStored(reply, stored, membership.alliance_id, deviceId);

      const inquiry = await inquiryOf(request);
      const guide = await loadGuide(app.db, inquiry);
      const user = signedIn(request);
      const partnerIds = (await interviewPartners(app.db, membership.alliance_id, user.id)).map((p) => Number(p.id));
      const { errors, input } = readFieldInterview(guide, sent, {
        partnerIds,
        today: new Date(),
        csrfValid: request.csrfValid,
      });
      if (!input) {
        const t = translator(languageOf(request));
        return reply.code(422).send({
          status: 'refused',
          deviceId,
          message: t('field.sync.refused'),
          errors: Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key)])),
        });
      }
      const { story } = await createStoryOnce(app.db, user, inquiry, input, {
        status: 'recorded',
        route: sent.values.route === 'paper' ? 'paper' : 'interview',
        interviewerId: user.id,
        deviceId,
      });
      return answerStored(reply, story, membership.alliance_id, deviceId);
    },
  );
}

/** The answer for a stored interview, the same for every sending of it. */
function answerStored(reply: FastifyReply, story: DeviceStory, allianceId: number, deviceId: string) {
  // An id already used in another alliance: never a real phone's (ids are random), and nothing about it is told.
  if (story.alliance_id !== allianceId) {
    const t = translator(languageOf(reply.request));
    return reply.code(409).send({ status: 'error', error: 'field.sync.idTaken', message: t('field.sync.idTaken') });
  }
  return reply.send({
    status: 'stored',
    deviceId,
    code: story.code,
    url: `/alliances/${allianceId}/stories/${story.id}`,
  });
}
