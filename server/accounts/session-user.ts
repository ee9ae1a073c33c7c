/** Starting a signed-in session for a person: a fresh session (no fixation), tied to their session version. */
import type { FastifyRequest } from 'fastify';
import type { User } from '../db/schema.ts';

export function startSession(request: FastifyRequest, user: User, flash?: string): void {
  // A fresh session (no fixation), keeping only a form kept while signed out, so it can be given back.
  request.session.regenerate(['parked']);
  request.session.set('userId', user.id);
  request.session.set('sv', user.session_version);
  if (flash) request.session.set('flash', flash);
}
