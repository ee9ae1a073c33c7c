/**
 * The `hearth` command. Reads the same environment as the server (DATABASE_URL, DATA_DIR), never prompts,
 * so scripts can use it. Exit code 0 on success, 1 on a failure it explains, 2 on a usage mistake.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { OpenDatabase } from './db/database.ts';

// The database, accounts and demo modules are imported when a command needs them: loading them takes most of a
// second, which `hearth cluster` (no database) must not pay.

const USAGE = `Usage: hearth <command> [options]

Commands:
  migrate                      apply database migrations
  create-admin --email E --name N --alliance NAME [--password-file F]
                               create a coordinator and their alliance; the password comes from the
                               file F or the HEARTH_PASSWORD environment variable
  demo                         load the fictional demo alliance and print how to sign in
  cluster --input FILE.jsonl --k K|auto [--seed S] [--language CODE]
                               print themes for JSON Lines stories {"id","text"} as one JSON object
                               (no database is used)
  export --format json|csv|qdpx --out FILE [--inquiry ID-or-title] [--alliance ID] [--for-funders] [--files]
                               write an inquiry's stories to FILE (never drafts or withdrawn stories);
                               --files adds the recordings and photos its readers may have (json: a zip
                               holding export.json and the files; qdpx: as sources)
  import FILE [--format json|csv|zip] [--inquiry ID-or-title] [--alliance ID]
                               json: a Hearth JSON export, as a new inquiry; zip: one made with
                               --files, as a new inquiry with its recordings and photos; csv: stories
                               into an inquiry, columns matched by name, all or nothing
  backup FILE                  write a backup of the whole database to FILE (safe while Hearth runs)
  restore FILE                 restore a backup into an empty database (a new DATA_DIR or DATABASE_URL)
  help                         show this text

The database is the one the server uses: DATABASE_URL=postgres://… or SQLite in DATA_DIR (./data).`;

class UsageError extends Error {}

type Out = (line: string) => void;

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = console.log,
  err: Out = console.error,
): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  let database: OpenDatabase | undefined;
  try {
    const open = async () => {
      // The capabilities register their story hooks before any command reads or writes a story.
      const [{ loadConfig }, { openDatabase }, { migrateToLatest }] = await Promise.all([
        import('./config.ts'),
        import('./db/database.ts'),
        import('./db/migrate.ts'),
        import('./capabilities.ts'),
      ]);
      database = openDatabase(loadConfig(env));
      await migrateToLatest(database.db, database.dialect);
      return database;
    };
    switch (command) {
      case 'migrate': {
        const db = await open();
        out(`Migrations applied to ${db.describe}.`);
        return 0;
      }
      case 'create-admin':
        return await createAdmin(rest, env, open, out);
      case 'demo': {
        const { DEMO_ALLIANCE, DEMO_PASSWORD, DEMO_PEOPLE, loadDemo } = await import('./demo/load.ts');
        const { db, describe } = await open();
        const { stories } = await loadDemo(db);
        out(`Loaded "${DEMO_ALLIANCE}" into ${describe}.`);
        out(
          `It has ${stories.stories} invented stories in ${stories.inquiries} inquiries (${stories.drafts} of them drafts, ${stories.withdrawn} withdrawn).`,
        );
        out(`Sign in with any of these (password: ${DEMO_PASSWORD}):`);
        for (const p of DEMO_PEOPLE) out(`  ${p.email.padEnd(36)} ${p.role}`);
        return 0;
      }
      case 'export':
        return await exportCommand(rest, open, out);
      case 'import':
        return await importCommand(rest, env, open, out);
      case 'backup':
      case 'restore': {
        const [file, ...extra] = rest;
        if (!file || extra.length) throw new UsageError(`${command} needs one FILE.`);
        const { db, describe } = await open();
        if (command === 'backup') {
          const { backup } = await import('./backup/backup.ts');
          const summary = await backup(db, file);
          out(
            `Backed up ${describe} to ${file} (${summary.tables.stories} stories, ${Object.values(summary.tables).reduce((a, b) => a + b, 0)} rows, ${summary.bytes} bytes).`,
          );
        } else {
          const { restore } = await import('./backup/restore.ts');
          const counts = await restore(db, file);
          out(
            `Restored ${file} into ${describe} (${counts.stories ?? 0} stories, ${Object.values(counts).reduce((a, b) => a + b, 0)} rows).`,
          );
        }
        return 0;
      }
      case 'cluster': {
        const { runClusterCommand } = await import('./text/cluster-command.ts');
        return runClusterCommand(rest, out, err);
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      out(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    out(`hearth ${command}: ${(err as Error).message}`);
    return 1;
  } finally {
    await database?.db.destroy();
  }
}

async function createAdmin(
  args: string[],
  env: NodeJS.ProcessEnv,
  open: () => Promise<OpenDatabase>,
  out: Out,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        alliance: { type: 'string' },
        'password-file': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { email, name, alliance } = values;
  if (!email || !name || !alliance) throw new UsageError('create-admin needs --email, --name and --alliance.');
  const [{ createAlliance }, { hashPassword, PASSWORD_MAX, PASSWORD_MIN }, { findUserByEmail, insertUser }] =
    await Promise.all([
      import('./accounts/members-store.ts'),
      import('./accounts/passwords.ts'),
      import('./accounts/users-store.ts'),
    ]);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`"${email}" is not an email address.`);
  const file = values['password-file'];
  const password = file ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : env.HEARTH_PASSWORD;
  if (!password) throw new UsageError('Give the password in a file (--password-file F) or in HEARTH_PASSWORD.');
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw new UsageError(`The password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long.`);

  const { db } = await open();
  if (await findUserByEmail(db, email)) throw new Error(`There is already an account for ${email}.`);
  const passwordHash = await hashPassword(password);
  const created = await db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, { email, name, passwordHash });
    return createAlliance(trx, alliance, user);
  });
  out(`Created ${email} as coordinator of "${created.name}". Sign in at /sign-in.`);
  return 0;
}

function exchangeArgs(args: string[], withFile: boolean) {
  try {
    return parseArgs({
      args,
      allowPositionals: withFile,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        inquiry: { type: 'string' },
        alliance: { type: 'string' },
        'for-funders': { type: 'boolean' },
        files: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function exportCommand(args: string[], open: () => Promise<OpenDatabase>, out: Out): Promise<number> {
  const { values } = exchangeArgs(args, false);
  const format = values.format;
  if (format !== 'json' && format !== 'csv' && format !== 'qdpx')
    throw new UsageError('export needs --format json, csv or qdpx.');
  if (!values.out) throw new UsageError('export needs --out FILE.');
  if (values.files && format === 'csv') throw new UsageError('--files goes with --format json or qdpx.');
  const [{ chooseInquiry }, { makeExport }, { writeExport }] = await Promise.all([
    import('./exports/cli-choose.ts'),
    import('./exports/download.ts'),
    import('./exports/write-file.ts'),
  ]);
  const { db } = await open();
  const inquiry = await chooseInquiry(db, values.alliance, values.inquiry);
  const file = await makeExport(db, inquiry, {
    format,
    audience: values['for-funders'] ? 'funders' : 'team',
    files: Boolean(values.files),
  });
  await writeExport(values.out, file.body);
  const files = file.files === undefined ? '' : ` and ${file.files} recordings and photos`;
  out(`Wrote ${file.stories} stories${files} of "${inquiry.title}" to ${values.out}.`);
  return 0;
}

async function importCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  open: () => Promise<OpenDatabase>,
  out: Out,
): Promise<number> {
  const { values, positionals } = exchangeArgs(args, true);
  const [path] = positionals;
  if (!path || positionals.length > 1) throw new UsageError('import needs one FILE.');
  const format = values.format ?? (/\.csv$/i.test(path) ? 'csv' : /\.zip$/i.test(path) ? 'zip' : 'json');
  if (format !== 'json' && format !== 'csv' && format !== 'zip')
    throw new UsageError('import reads --format json, csv or zip.');
  const [{ importCsvFile, importFile, importZipFile }, { loadConfig }] = await Promise.all([
    import('./exports/cli-choose.ts'),
    import('./config.ts'),
  ]);
  const { db } = await open();
  const result =
    format === 'zip'
      ? await importZipFile(db, createReadStream(path), values.alliance, loadConfig(env))
      : format === 'csv'
        ? await importCsvFile(db, createReadStream(path), values.alliance, values.inquiry)
        : await importFile(db, readFileSync(path), format, values.alliance, values.inquiry);
  for (const line of result.lines) out(line);
  return result.ok ? 0 : 1;
}

// Run when invoked as a program (bin/hearth.js imports this module).
if (process.argv[1] && /(cli\.ts|hearth(\.js)?)$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
