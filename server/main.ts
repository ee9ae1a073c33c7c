/** Starts Hearth: read config, open the database, migrate, listen; close gracefully on SIGINT/SIGTERM. */
import { sql } from 'kysely';
import { setFlagsFromString } from 'node:v8';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loggerOptions } from './web/logging.ts';

// Memory (issue 20): V8 lets a large heap grow to twice its live size or more before collecting, which is where a
// server's peaks came from (its similar-stories index built over 100,000 stories: 645 MB). Growing 20% at a time
// keeps the peak near what is live, at no measured cost in speed. Unlike a heap limit, it caps nothing, so a theme
// run's worker threads (which share V8's flags) still take what they need.
setFlagsFromString('--heap-growing-percent=20');

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
