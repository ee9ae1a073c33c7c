/** Starts Hearth: read config, open the database, migrate, listen; close gracefully on SIGINT/SIGTERM. */
import { sql } from 'kysely';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loggerOptions } from './web/logging.ts';

// A wrong setting stops the start with its message alone (which setting, and what to put), not a stack trace.
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`Hearth cannot start: ${(err as Error).message}`);
  process.exit(1);
}
const database = openDatabase(config);
await migrateToLatest(database.db, database.dialect);
const app = await buildApp(config, database, loggerOptions(config.logLevel));
// SQLite's planner statistics follow the tables as they grow (PostgreSQL's autovacuum does this itself).
if (database.dialect === 'sqlite')
  setInterval(() => void sql`PRAGMA optimize`.execute(database.db).catch(() => {}), 60 * 60_000).unref();

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    app
      .close()
      .then(() => database.db.destroy())
      .then(
        () => process.exit(0),
        (err) => {
          app.log.error({ err }, 'close failed');
          process.exit(1);
        },
      );
  });
}

await app.listen({ port: config.port, host: config.host });
app.log.info(`Hearth is ready at http://${config.host}:${config.port}/ (${database.describe})`);
