// Reads a job's sheets in the current thread: the xlsx reader or CSV records, each a stream of
// row batches, with read errors made into one sentence. The reading thread runs this too.
import { basename } from 'node:path';
import { csvRecords } from './csv.js';
import { recordsToRows, type RawRow, type SheetJob, type SourceSheet } from './raw.js';
import { asReadError } from './read-error.js';

/** Reads a job's sheets in this thread (the worker calls this too). */
export function readSheets(job: SheetJob): AsyncIterable<SourceSheet> {
  return job.kind === 'xlsx' ? xlsxSheets(job.path) : csvSheets(job.path, job.encoding, job.delimiter);
}

// Readers are loaded on first use: `gov-clerk --help` should not pay for them.
async function* xlsxSheets(path: string): AsyncGenerator<SourceSheet> {
  try {
    const { readXlsx } = await import('./xlsx-reader.js');
    for await (const sheet of readXlsx(path, basename(path))) {
      yield { ...sheet, batches: guardRows(sheet.batches, path) };
    }
  } catch (e) {
    throw asReadError(e, path);
  }
}

/** Errors inside a sheet (bad XML, a truncated zip) become one sentence too. */
async function* guardRows(batches: AsyncIterable<RawRow[]>, path: string): AsyncGenerator<RawRow[]> {
  let last = 0;
  try {
    for await (const b of batches) {
      last = b[b.length - 1]?.row ?? last;
      yield b;
    }
  } catch (e) {
    throw asReadError(e, path, last + 1);
  }
}

async function* csvSheets(path: string, encoding: string, delimiter: string): AsyncGenerator<SourceSheet> {
  yield { name: undefined, date1904: false, batches: csvRows(path, encoding, delimiter) };
}

async function* csvRows(path: string, encoding: string, delimiter: string): AsyncGenerator<RawRow[]> {
  let row = 1;
  for await (const records of csvRecords(path, encoding, delimiter)) {
    yield recordsToRows(row, records);
    row += records.length;
  }
}
