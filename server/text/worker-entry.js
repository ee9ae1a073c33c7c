// A worker thread's entry point: registers tsx in the worker (loaders are per thread), then runs the TypeScript
// module that typeScriptWorker (worker.ts) named.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
