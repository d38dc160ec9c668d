// Starting one of the two threads: from its compiled file, or (in the single-file build) from
// its code. None when GOV_CLERK_THREADS=0 or there is no compiled thread (the sources as the test
// runner loads them): the caller then does the work on its own thread.
// Node's own modules are imported statically: a single executable (SEA) has no dynamic import().
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { threadCode } from './assets.js';

/**
 * GOV_CLERK_THREADS=require: the threads run whatever the input's size, and one that cannot
 * start is an error instead of a quiet fallback. For tests of a build (the single-file builds
 * must really run both threads).
 */
export function threadRequired(name: string, why: unknown): void {
  if (process.env.GOV_CLERK_THREADS === 'require') throw new Error(`thread ${name} did not start: ${why instanceof Error ? why.message : String(why)}`);
}

/**
 * Whether `name`'s work goes to its thread: when the work is large enough to pay for starting
 * it, or always with GOV_CLERK_THREADS=require (then it must start); never with
 * GOV_CLERK_THREADS=0 or without the thread's code.
 */
export function threadWanted(name: Parameters<typeof threadCode>[0], large: boolean): boolean {
  const mode = process.env.GOV_CLERK_THREADS;
  if (mode === '0' || (mode !== 'require' && !large)) return false;
  if (threadCode(name) !== undefined) return true;
  threadRequired(name, 'no compiled thread');
  return false;
}

export async function startThread(name: Parameters<typeof threadCode>[0], options: WorkerOptions): Promise<Worker> {
  const code = threadCode(name);
  if (!code) throw new Error(`no thread ${name}`);
  return 'url' in code ? new Worker(code.url, options) : new Worker(code.code, { ...options, eval: true });
}
