/** A worker thread running one of Hearth's TypeScript modules (the theme engine, an import's words). */
import { Worker } from 'node:worker_threads';

export function typeScriptWorker(module: URL, workerData: Record<string, unknown> = {}): Worker {
  return new Worker(new URL('./worker-entry.js', import.meta.url), {
    workerData: { ...workerData, module: module.href },
  });
}
