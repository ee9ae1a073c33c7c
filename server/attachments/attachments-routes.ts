/**
 * A story's recording and photos, inside /alliances/:allianceId: adding them (a plain file field, sent as a
 * stream: a 200 MB recording is never held in memory), playing and showing them (with range requests, so a long
 * recording can be sought in), and removing one. Adding and removing: the coordinator and the story's interviewer
 * pair; playing and showing: whoever may read the story, as the consent projection allows.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../accounts/permissions.ts';
import type { AttachmentKind } from '../db/schema.ts';
import { filesShown } from '../stories/consent.ts';
import { canEdit, canSee } from '../stories/permissions.ts';
import { findStory, type FullStory } from '../stories/store.ts';
import { membershipOf, signedIn } from '../web/auth.ts';
import { notFound } from '../web/errors.ts';
import { idParam } from '../web/params.ts';
import { fileAfterToken } from '../web/security.ts';
import { findFile, removeFile } from './attachments-store.ts';
import { storyPath } from './files-view.ts';
import { PDF_MAX_BYTES } from './pdf-metadata.ts';
import { sendFile } from './serve.ts';
import { storeUpload } from './upload.ts';

const READERS = { roles: rolesFor('readStories') };
const RECORDERS = { roles: rolesFor('recordInterviews') };
/** Room for the form's other fields and the multipart framing around the file. */
const FORM_ALLOWANCE = 64 * 1024;
const PATHS: Record<AttachmentKind, string> = { recording: 'recordings', photo: 'photos' };
const mb = (bytes: number) => Math.floor(bytes / 1024 / 1024);
export const RECORDER_SCRIPT = '/static/js/recorder.js';

export async function attachmentRoutes(app: FastifyInstance): Promise<void> {
  const { maxUploadBytes, maxRecordingSeconds } = app.config;
  await app.register(multipart, {
    throwFileSizeLimit: false,
    // One more byte than allowed, so an upload over the limit is seen to be (and refused) rather than cut short.
    limits: { fileSize: maxUploadBytes + 1, files: 1, fields: 4, parts: 5, fieldSize: 4096 },
  });

  async function storyOf(request: FastifyRequest): Promise<FullStory> {
    const membership = membershipOf(request);
    const story = await findStory(app.db, membership.alliance_id, idParam(request, 'storyId'));
    if (!story || !canSee(membership, story)) throw notFound();
    return story;
  }

  async function editableStory(request: FastifyRequest): Promise<FullStory> {
    const story = await storyOf(request);
    if (story.status === 'withdrawn' || !canEdit(membershipOf(request), story)) throw notFound();
    return story;
  }

  function addPage(reply: FastifyReply, story: FullStory, kind: AttachmentKind, error?: string) {
    return reply.page('attachments/add', {
      titleKey: `attachments.add.${kind}Title`,
      // Recording in the browser fills the file field; the form still sends it.
      modules: kind === 'recording' ? [RECORDER_SCRIPT] : [],
      navInquiries: true,
      story,
      kind,
      storyHref: storyPath(story),
      action: `${storyPath(story)}/${PATHS[kind]}`,
      recordingConsent: filesShown(story, 'story', 'team').recording,
      maxMb: mb(maxUploadBytes),
      maxMinutes: Math.floor(maxRecordingSeconds / 60),
      // A PDF is held to the upload limit too: the page says the smaller of the two.
      maxPdfMb: mb(Math.min(maxUploadBytes, PDF_MAX_BYTES)),
      hintKey:
        kind === 'photo' && maxUploadBytes <= PDF_MAX_BYTES
          ? 'attachments.add.photoHintSame'
          : `attachments.add.${kind}Hint`,
      errors: error ? { file: error } : {},
    });
  }

  /** An answer sent before the whole upload was read: the connection closes, so the rest is never read. */
  function refuseUpload(reply: FastifyReply, status: number, story: FullStory, kind: AttachmentKind, error: string) {
    reply.header('connection', 'close');
    return addPage(reply.code(status), story, kind, error);
  }

  async function upload(request: FastifyRequest, reply: FastifyReply, kind: AttachmentKind) {
    const story = await editableStory(request);
    if (!request.isMultipart()) return addPage(reply.code(422), story, kind, 'attachments.errors.noFile');
    if (Number(request.headers['content-length']) > maxUploadBytes + FORM_ALLOWANCE)
      return refuseUpload(reply, 413, story, kind, 'attachments.errors.tooLarge');
    if (kind === 'recording' && !filesShown(story, 'story', 'team').recording)
      return refuseUpload(reply, 409, story, kind, 'attachments.errors.noRecordingConsent');

    const upload = await fileAfterToken(request, reply, 'file');
    if (!upload) return refuseUpload(reply, 422, story, kind, 'attachments.errors.noFile');
    const user = signedIn(request);
    const result = await storeUpload(
      app.db,
      upload.part.file,
      { allianceId: story.alliance_id, storyId: story.id, kind, actor: user },
      { maxBytes: maxUploadBytes, maxRecordingSeconds },
    );
    if (!result.ok) return refuseUpload(reply, result.problem.status, story, kind, result.problem.key);
    for await (const extra of upload.rest) if (extra.type === 'file') extra.file.resume();
    request.session.set(
      'flash',
      kind === 'recording' ? 'attachments.flash.recordingAdded' : 'attachments.flash.photoAdded',
    );
    return reply.redirect(`${storyPath(story)}#files`, 303);
  }

  for (const kind of ['recording', 'photo'] as const) {
    app.get(`/stories/:storyId/${PATHS[kind]}`, { config: RECORDERS }, async (request, reply) =>
      addPage(reply, await editableStory(request), kind),
    );
    app.post(
      `/stories/:storyId/${PATHS[kind]}`,
      { config: { ...RECORDERS, checksCsrfInStream: true } },
      (request, reply) => upload(request, reply, kind),
    );
  }

  /** The file itself, for the player and the photos on the story page: as the consent projection allows. */
  app.get('/stories/:storyId/files/:fileId', { config: READERS }, async (request, reply) => {
    const story = await storyOf(request);
    const file = await findFile(app.db, story.alliance_id, story.id, idParam(request, 'fileId'));
    const shown = filesShown(story, 'story', 'team');
    if (!file || !(file.kind === 'recording' ? shown.recording : shown.photos)) throw notFound();
    return sendFile(app.db, request, reply, file, `${story.code}-${file.kind}-${file.id}`);
  });

  async function removable(request: FastifyRequest) {
    const story = await editableStory(request);
    const file = await findFile(app.db, story.alliance_id, story.id, idParam(request, 'fileId'));
    if (!file) throw notFound();
    return { story, file };
  }

  app.get('/stories/:storyId/files/:fileId/remove', { config: RECORDERS }, async (request, reply) => {
    const { story, file } = await removable(request);
    return reply.page('attachments/remove', {
      navInquiries: true,
      story,
      file,
      storyHref: storyPath(story),
      src: `${storyPath(story)}/files/${file.id}`,
    });
  });

  app.post('/stories/:storyId/files/:fileId/remove', { config: RECORDERS }, async (request, reply) => {
    const { story, file } = await removable(request);
    await removeFile(app.db, signedIn(request), file);
    request.session.set(
      'flash',
      file.kind === 'recording' ? 'attachments.flash.recordingRemoved' : 'attachments.flash.photoRemoved',
    );
    return reply.redirect(`${storyPath(story)}#files`, 303);
  });
}
