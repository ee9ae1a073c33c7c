/**
 * Links Hearth hands out to be copied and opened elsewhere (receipts, share links, invitations, password resets, the
 * public storytelling link, a round's join address), in full: built from PUBLIC_URL, never from the request's Host
 * header, which anyone can forge to make Hearth hand out a link to another site.
 *
 * Usage: linkTo(app, `/receipt/${token}`) -> "https://stories.example.org/receipt/…"
 */
import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';

export function linkTo(app: FastifyInstance, path: string): string {
  return publicAddress(app) + path;
}

/** PUBLIC_URL, or else the address Hearth listens on (or will listen on: app.inject tests listen on none). */
export function publicAddress(app: FastifyInstance): string {
  if (app.config.publicUrl) return app.config.publicUrl;
  const listening = app.server.address();
  if (listening && typeof listening === 'object') return origin(listening.address, listening.port);
  return origin(app.config.host, app.config.port);
}

/** http://host:port; a wildcard address (HOST=0.0.0.0, to let phones at an event connect) becomes this machine's own. */
export function origin(host: string, port: number, interfaces = networkInterfaces()): string {
  const name = host === '0.0.0.0' || host === '::' ? (outwardAddress(interfaces) ?? 'localhost') : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

/** The first IPv4 address other devices on the network can reach, if there is one. */
function outwardAddress(interfaces: ReturnType<typeof networkInterfaces>): string | undefined {
  return Object.values(interfaces)
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}
