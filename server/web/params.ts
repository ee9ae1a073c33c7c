/** Route parameters that name a record: a positive whole number, or the page does not exist. */
import type { FastifyRequest } from 'fastify';
import { notFound } from './errors.ts';

export function idParam(request: FastifyRequest, name: string): number {
  const raw = (request.params as Record<string, string | undefined>)[name];
  const id = Number(raw);
  if (!raw || !/^[0-9]{1,12}$/.test(raw) || !Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}
