// A worker thread's entry point: registers tsx in the worker (loaders are per thread), then runs the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./words-worker.ts');
