// The writing thread (see xlsx-thread.ts): takes sheets and row batches in order and writes
// them with the same XlsxBook the main thread uses.
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWriter, ToWriter } from './xlsx-thread.js';
import { XlsxBook } from './xlsx.js';

const port = parentPort!;
const post = (m: FromWriter) => port.postMessage(m);
const queue: ToWriter[] = [];
let wake: (() => void) | undefined;
port.on('message', (m: ToWriter) => {
  queue.push(m);
  wake?.();
  wake = undefined;
});
const next = async (): Promise<ToWriter> => {
  while (queue.length === 0) await new Promise<void>((r) => (wake = r));
  return queue.shift()!;
};

post({ type: 'ready' }); // loaded: the main thread may hand over rows
// A function, not top-level await: the single-file build runs this thread as CommonJS code.
async function main(): Promise<void> {
  try {
    const { path, maskIds } = workerData as { path: string; maskIds: boolean };
    const book = await XlsxBook.open(path, maskIds);
    for (;;) {
      const m = await next();
      if (m.type === 'sheet') await book.startSheet(m.head);
      else if (m.type === 'rows') {
        await book.addRows(m.rows);
        post({ type: 'ack' });
      } else if (m.type === 'endSheet') await book.endSheet();
      else {
        await book.commit();
        post({ type: 'done' });
        break;
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    post({ type: 'error', message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}), ...(err?.stack ? { stack: err.stack } : {}) });
  }
  port.unref();
}
void main();
