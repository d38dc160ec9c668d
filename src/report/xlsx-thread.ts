// Writing a workbook on a second thread. For a large payroll, making the rows (reading each
// clerk back, from disk when the roster is large, paying again, tracing each amount) takes
// about as long as turning them into compressed XML, so the rows are made here and handed over
// in batches while the writing thread (xlsx-worker.ts) writes the ones before, with the same
// XlsxBook.
import type { Worker } from 'node:worker_threads';
import { startThread, threadRequired } from '../threads.js';
import { ROWS_PER_BATCH, type RowOut, type SheetHead, type SheetOut } from './table.js';

/** Batches the rows may run ahead of the writing: memory stays a few batches deep. */
export const MAX_IN_FLIGHT = 16;

export type ToWriter = { type: 'sheet'; head: SheetHead } | { type: 'rows'; rows: RowOut[] } | { type: 'endSheet' } | { type: 'commit' };

export type FromWriter = { type: 'ready' } | { type: 'ack' } | { type: 'done' } | { type: 'error'; message: string; code?: string; stack?: string };

/**
 * Writes the workbook on the writing thread; false, with nothing read from `sheets`, when that
 * thread cannot start (a locked-down machine, a broken install): the caller writes it here.
 */
export async function writeInWorker(path: string, sheets: Iterable<SheetOut>, maskIds: boolean): Promise<boolean> {
  let worker: Worker;
  try {
    worker = await startThread('report/xlsx-worker', { workerData: { path, maskIds } });
  } catch (e) {
    threadRequired('report/xlsx-worker', e);
    return false;
  }
  const started = await new Promise<boolean>((resolve) => {
    const ready = (m: FromWriter) => settle(m.type === 'ready');
    const failed = () => settle(false);
    const settle = (ok: boolean) => {
      worker.off('message', ready).off('error', failed).off('exit', failed);
      resolve(ok);
    };
    worker.on('message', ready).on('error', failed).on('exit', failed);
  });
  if (!started) {
    await worker.terminate();
    threadRequired('report/xlsx-worker', 'no ready message');
    return false;
  }
  let inFlight = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const rouse = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (e: Error) => {
    failure ??= e;
    rouse();
    finished();
  };
  worker.on('message', (m: FromWriter) => {
    if (m.type === 'ack') {
      inFlight--;
      rouse();
    } else if (m.type === 'done') finished();
    // The writer's error keeps its code (EBUSY: the file is open in Excel) for the caller.
    else if (m.type === 'error') fail(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}, m.stack ? { stack: m.stack } : {}));
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the writing thread stopped early')));
  const send = async (m: ToWriter) => {
    if (failure) throw failure;
    worker.postMessage(m);
    if (m.type !== 'rows') return;
    inFlight++;
    while (inFlight >= MAX_IN_FLIGHT && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  try {
    for (const sheet of sheets) {
      const { rows, csv: _csv, ...head } = sheet;
      await send({ type: 'sheet', head });
      let batch: RowOut[] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === ROWS_PER_BATCH) {
          await send({ type: 'rows', rows: batch });
          batch = [];
        }
      }
      if (batch.length) await send({ type: 'rows', rows: batch });
      await send({ type: 'endSheet' });
    }
    await send({ type: 'commit' });
    await done;
    if (failure) throw failure;
    return true;
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
