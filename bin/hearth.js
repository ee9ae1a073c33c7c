#!/usr/bin/env node
// The `hearth` command (npx hearth …): runs server/cli.ts through tsx, so no build step is needed.
import { createRequire } from 'node:module';

if (process.argv[2] === 'cluster') {
  // `hearth cluster` needs only the language engine, which has no top-level await: tsx's CommonJS hook loads it in
  // this thread, where its ESM loader would first start a thread of its own (a tenth of a second or more).
  const { register } = createRequire(import.meta.url)('tsx/cjs/api');
  register();
  const { runClusterCommand } = createRequire(import.meta.url)('../server/text/cluster-command.ts');
  process.exitCode = runClusterCommand(process.argv.slice(3), console.log, console.error);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli.ts');
}
