/** Starts Hearth: read config, open the database, migrate, listen; close gracefully on SIGINT/SIGTERM. */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loggerOptions } from './web/logging.ts';

const config = loadConfig();
const database = openDatabase(config);
await migrateToLatest(database.db, database.dialect);
const app = await buildApp(config, database, loggerOptions(config.logLevel));

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    app
      .close()
      .then(() => database.db.destroy())
      .then(() => process.exit(0), (err) => {
        app.log.error({ err }, 'close failed');
        process.exit(1);
      });
  });
}

await app.listen({ port: config.port, host: config.host });
app.log.info(`Hearth is ready at http://${config.host}:${config.port}/ (${database.describe})`);
