/**
 * Fair turns for SQLite's queries, so that people who connect while the server is busy are let in at once.
 *
 * better-sqlite3 answers synchronously, so without this a request runs from its first query to its last without
 * giving the event loop back, and one turn of the loop answers every open connection's request in full. libuv accepts
 * one new connection per turn (libuv/libuv#3696), so under load the 50th of 50 browsers (or phones at an event)
 * connecting together waited for 50 such turns: 5–10 s, or a timeout, while those already connected were answered
 * in a few hundred milliseconds.
 *
 * Now, once work has run for a slice (SLICE_MS) without the loop having a turn, a query waits. Waiting queries go on
 * one at a time in the order they came, with a turn of the loop between each (it lets in a new connection and reads
 * the others); the one let go has a slice of its own, so a page usually runs to its end in one piece, while a
 * request that comes in meanwhile waits behind those already waiting (`arrived`, called first of all by the app).
 * PostgreSQL needs none of this: its queries give the loop back while they run.
 */
import { setImmediate } from 'node:timers';

/** How long work may run before its next query waits for a turn of the loop: about one story page. */
export const SLICE_MS = 10;

const waiting: (() => void)[] = [];
let sliceStarted = performance.now();
let releasing = false;
/** Whether the work running now is the query let go last (a request that came in since is not). */
let granted = false;

/** A request came in: while others wait, it waits its turn too rather than use the slice of the one let go. */
export function arrived(): void {
  granted = false;
}

/**
 * Resolves at once while the current slice lasts and is this work's (nobody waits, or it is the query let go last);
 * else when this query's turn comes, first come, first served.
 */
export function turn(): Promise<void> | undefined {
  if ((!releasing || granted) && performance.now() - sliceStarted < SLICE_MS) return undefined;
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!releasing) {
      releasing = true;
      setImmediate(release);
    }
  });
}

/** Lets the longest-waiting query go on with a new slice; the next one goes after another turn of the loop. */
function release(): void {
  sliceStarted = performance.now();
  granted = true;
  waiting.shift()!();
  if (waiting.length > 0) setImmediate(release);
  else releasing = false;
}
