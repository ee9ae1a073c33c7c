/** An uploaded file, as the multipart plugin (registered in routes.ts) leaves it in the form's fields. */
import type { FastifyRequest } from 'fastify';
import { sentField } from '../web/forms.ts';

export interface Upload {
  bytes: Buffer;
  /** The file was bigger than the limit and was cut short. */
  truncated: boolean;
  filename: string;
}

/** The file of a multipart form, sent in the field named "file". */
export function uploadOf(request: FastifyRequest): Upload | undefined {
  const file = sentField(request, 'file');
  return file && typeof file === 'object' && 'bytes' in file ? (file as Upload) : undefined;
}
