// Whether a worker thread can run from this file: the compiled worker must exist (the sources,
// as the test runner loads them, have only .ts files) and GOV_CLERK_THREADS=0 must not be set.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function workerRunnable(worker: URL): boolean {
  return process.env.GOV_CLERK_THREADS !== '0' && worker.protocol === 'file:' && existsSync(fileURLToPath(worker));
}
