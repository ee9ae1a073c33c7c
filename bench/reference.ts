/**
 * The reference for the page benchmark: a bare Fastify route returning a short string, in its own process, so
 * each page's requests per second can be read as a share of what Fastify itself manages on this machine.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => 'hello from Fastify');
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void app.close().then(() => process.exit(0)));
