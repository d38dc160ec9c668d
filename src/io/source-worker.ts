// The worker side of reading a file on the second core (see source-thread.ts): reads the
// sheets exactly as the main thread would, and posts the rows a batch at a time as one string
// each, waiting when the main thread is MAX_IN_FLIGHT batches behind.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { csvRecords } from './csv.js';
import type { SheetJob } from './raw.js';
import { readSheets } from './read-sheets.js';
import { MAX_IN_FLIGHT, packRecords, packRows, type FromWorker } from './source-thread.js';

const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | undefined;
port.on('message', (m: unknown) => {
  if (m !== 'ack') return;
  inFlight--;
  wake?.();
  wake = undefined;
});
const post = (m: FromWorker) => port.postMessage(m);

const room = async () => {
  while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
  inFlight++;
};

// A function, not top-level await: the single-file build runs this thread as CommonJS code.
async function main(): Promise<void> {
  try {
    const job = workerData as SheetJob;
    if (job.kind === 'csv') {
      // CSV: the records as text; the main thread makes the cells (cheaper than sending them).
      post({ type: 'sheet', name: undefined, date1904: false });
      for await (const records of csvRecords(job.path, job.encoding, job.delimiter)) {
        await room();
        post({ type: 'records', packed: packRecords(records) });
      }
      post({ type: 'sheetEnd' });
    } else {
      for await (const sheet of readSheets(job)) {
        post({ type: 'sheet', name: sheet.name, date1904: sheet.date1904 });
        for await (const batch of sheet.batches) {
          await room();
          post({ type: 'rows', packed: packRows(batch) });
        }
        post({ type: 'sheetEnd' });
      }
    }
    post({ type: 'end' });
  } catch (e) {
    post(
      e instanceof UserError
        ? { type: 'error', user: true, message: e.message }
        : { type: 'error', user: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
    );
  }
  port.unref(); // done: nothing more to wait for
}
void main();
