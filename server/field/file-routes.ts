/**
 * Recordings and photos sent from a phone in the field, after their interview is stored: each is sent as a form
 * with one file (the CSRF token first, then the file), to an address made of the interview's device id and the
 * file's own, so a retry, a lost reply or a second phone stores it once and gets the same answer. The bytes go
 * through the attachments capability's upload (sniffed, stripped of location, checked for length, streamed into
 * the database); an upload cut off part way leaves nothing. Answers are JSON for the phone's script.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '../accounts/permissions.ts';
import { findFileByDeviceId } from '../attachments/attachments-store.ts';
import { storeUpload } from '../attachments/upload.ts';
import type { Attachment, AttachmentKind } from '../db/schema.ts';
import { filesShown } from '../stories/consent.ts';
import { findStoryByDeviceId } from '../stories/device-store.ts';
import { canEdit } from '../stories/permissions.ts';
import { findStory, type FullStory } from '../stories/store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { translator } from '../web/i18n.ts';
import { languageOf } from '../web/language.ts';
import { fileAfterToken } from '../web/security.ts';
import { DEVICE_ID_PATTERN, deviceKey } from './sync.ts';

const RECORDERS = rolesFor('recordInterviews');
const PATHS: Record<AttachmentKind, string> = { recording: 'recordings', photo: 'photos' };
/** Room for the token and the multipart framing around the file. */
const FORM_ALLOWANCE = 64 * 1024;

const FileParams = Type.Object({
  storyDeviceId: Type.String({ pattern: DEVICE_ID_PATTERN }),
  fileDeviceId: Type.String({ pattern: DEVICE_ID_PATTERN }),
});

type FileRequest = FastifyRequest<{ Params: Static<typeof FileParams> }>;

/** Where a phone sends its files: + /<interview's device id>/recordings|photos/<file's device id>. */
export const fieldFilesPath = (allianceId: number) => `/alliances/${allianceId}/field/stories`;

export async function fieldFileRoutes(app: FastifyInstance): Promise<void> {
  const { maxUploadBytes, maxRecordingSeconds } = app.config;
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxUploadBytes + 1, files: 1, fields: 1, parts: 2, fieldSize: 4096 },
  });

  const answer = (reply: FastifyReply, status: number, key: string, extra: Record<string, unknown> = {}) => {
    const t = translator(languageOf(reply.request));
    return reply
      .code(status)
      .send({ status: status === 200 ? 'stored' : 'refused', error: key, message: t(key), ...extra });
  };

  /** The same answer for every sending of a stored file. */
  function stored(reply: FastifyReply, story: Pick<FullStory, 'id' | 'alliance_id'>, file: Attachment) {
    return reply.send({
      status: 'stored',
      deviceId: file.device_id,
      kind: file.kind,
      url: `/alliances/${story.alliance_id}/stories/${story.id}/files/${file.id}`,
    });
  }

  /** The story the phone stored for this interview, if this person may add files to it. */
  async function storyOf(request: FastifyRequest, storyDeviceId: string): Promise<FullStory> {
    const membership = membershipOf(request);
    const known = await findStoryByDeviceId(app.db, deviceKey(storyDeviceId));
    const story = known && (await findStory(app.db, membership.alliance_id, known.id));
    if (!story || !canEdit(membership, story)) throw notFound();
    return story;
  }

  async function receive(request: FileRequest, reply: FastifyReply, kind: AttachmentKind) {
    const params = request.params;
    const story = await storyOf(request, params.storyDeviceId);
    const fileId = deviceKey(params.fileDeviceId);
    // A file id of another story is not this story's to answer for.
    const before = await findFileByDeviceId(app.db, fileId);
    if (before && before.story_id !== story.id) throw notFound();
    if (!request.isMultipart()) return answer(reply, 422, 'attachments.errors.noFile');
    // Refused before reading: the connection closes, so the rest of the file is never read.
    const refuseNow = (status: number, key: string) => {
      reply.header('connection', 'close');
      return answer(reply, status, key);
    };
    if (Number(request.headers['content-length']) > maxUploadBytes + FORM_ALLOWANCE)
      return refuseNow(413, 'attachments.errors.tooLarge');

    const upload = await fileAfterToken(request, reply, 'file');
    if (!upload) return refuseNow(422, 'attachments.errors.noFile');
    const file = upload.part.file;
    const drain = async () => {
      await new Promise<void>((resolve) => {
        if (file.readableEnded || file.destroyed) return resolve();
        for (const event of ['end', 'close', 'error']) file.once(event, () => resolve());
        file.resume();
      });
      for await (const extra of upload.rest) if (extra.type === 'file') extra.file.resume();
    };

    // Sent before (a retry after a lost reply, a second phone): the same answer; the bytes are read and dropped,
    // so the phone's request ends as usual rather than being cut off.
    if (before) {
      await drain();
      return stored(reply, story, before);
    }
    if (story.status === 'withdrawn' || story.withdrawn_at) {
      await drain();
      return answer(reply, 409, 'field.files.withdrawn');
    }
    if (kind === 'recording' && !filesShown(story, 'story', 'team').recording) {
      await drain();
      return answer(reply, 409, 'attachments.errors.noRecordingConsent');
    }
    const result = await storeUpload(
      app.db,
      file,
      { allianceId: story.alliance_id, storyId: story.id, kind, actor: signedIn(request), deviceId: fileId },
      { maxBytes: maxUploadBytes, maxRecordingSeconds },
    );
    if (!result.ok) {
      if (result.problem.status === 413) return refuseNow(413, result.problem.key);
      await drain();
      return answer(reply, result.problem.status, result.problem.key);
    }
    await drain();
    if (result.file.story_id !== story.id) return answer(reply, 409, 'field.files.idTaken');
    return stored(reply, story, result.file);
  }

  for (const kind of ['recording', 'photo'] as const) {
    app.post<{ Params: Static<typeof FileParams> }>(
      `/field/stories/:storyDeviceId/${PATHS[kind]}/:fileDeviceId`,
      {
        schema: { params: FileParams },
        config: { roles: RECORDERS, answersJson: true, checksCsrfInStream: true },
      },
      (request, reply) => receive(request, reply, kind),
    );
  }
}
