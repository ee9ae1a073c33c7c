/** Route parameters that name a record: a positive whole number, or the page does not exist. */
import type { FastifyRequest } from 'fastify';
import { notFound } from './errors.ts';

/** The route's parameters as sent: only string values, read without trusting their shape. */
export function paramsOf(request: FastifyRequest): Record<string, string> {
  const params: unknown = request.params;
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(Object.entries(params).filter(([, value]) => typeof value === 'string'));
}

export function idParam(request: FastifyRequest, name: string): number {
  const raw = paramsOf(request)[name];
  const id = Number(raw);
  if (!raw || !/^[0-9]{1,12}$/.test(raw) || !Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}
