/**
 * The clustering part of `hearth cluster`, timed from inside a fresh process (for bench/analysis.ts): the stories are
 * read as the command reads them, then `findThemes` runs once, cold, as in the command; prints {"seconds"}.
 * `node --import tsx/esm bench/cluster-inside.ts FILE.jsonl K [SEED]`
 */
import { readFileSync } from 'node:fs';
import { readStories } from '../server/text/cluster-command.ts';
import { findThemes } from '../server/text/engine.ts';

const [file, k, seed = '1'] = process.argv.slice(2);
const docs = readStories(readFileSync(file!, 'utf8'), file!);
const start = performance.now();
findThemes(docs, { k: Number(k), seed: Number(seed), language: 'en' });
console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000 }));
