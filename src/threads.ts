// Starting one of the two threads: from its compiled file, or (in the single-file build) from
// its code. None when GOV_CLERK_THREADS=0 or there is no compiled thread (the sources as the test
// runner loads them): the caller then does the work on its own thread.
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { threadCode } from './assets.js';

export function threadAvailable(name: Parameters<typeof threadCode>[0]): boolean {
  return process.env.GOV_CLERK_THREADS !== '0' && threadCode(name) !== undefined;
}

export async function startThread(name: Parameters<typeof threadCode>[0], options: WorkerOptions): Promise<Worker> {
  const { Worker } = await import('node:worker_threads');
  const code = threadCode(name);
  if (!code) throw new Error(`no thread ${name}`);
  return 'url' in code ? new Worker(code.url, options) : new Worker(code.code, { ...options, eval: true });
}
