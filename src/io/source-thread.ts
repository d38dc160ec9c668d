// Reading a file on the second core. Parsing XML or CSV is the largest single cost of a run and
// needs nothing from the rest of the program, so a worker thread (source-worker.ts) reads the
// sheets while this thread turns rows into records and pays them. A batch of rows crosses as
// one string (see packRows): splitting it is far cheaper than the parsing it replaces. Where no
// worker can run (the sources as the test runner loads them, GOV_CLERK_THREADS=0) the same
// reader runs in this thread.
import type { Worker } from 'node:worker_threads';
import type { IsoDate } from '../calendar.js';
import { UserError } from '../errors.js';
import { startThread, threadRequired } from '../threads.js';
import type { Cell } from './cell.js';
import { recordsToRows, type RawRow, type SheetJob, type SourceSheet } from './raw.js';

/**
 * Batches the worker may run ahead of this thread (a few MB): fewer made the two threads take
 * turns waiting for each other, as this one works in bursts (a collection, a spool flush).
 */
export const MAX_IN_FLIGHT = 64;

export type FromWorker =
  | { type: 'sheet'; name: string | undefined; date1904: boolean }
  | { type: 'rows'; packed: string }
  | { type: 'records'; packed: string }
  | { type: 'sheetEnd' }
  | { type: 'end' }
  | { type: 'error'; user: boolean; message: string };

export async function* sheetsInWorker(job: SheetJob, here: () => AsyncIterable<SourceSheet>): AsyncGenerator<SourceSheet> {
  let inbox: Inbox | undefined;
  let first: FromWorker;
  try {
    inbox = new Inbox(await startThread('io/source-worker', { workerData: job }));
    first = await inbox.next();
  } catch (e) {
    await inbox?.close();
    if (e instanceof UserError) throw e;
    threadRequired('io/source-worker', e);
    // No thread could be started here (a locked-down machine, a broken install): read in this one.
    yield* here();
    return;
  }
  try {
    let inSheet = false;
    for (let m = first; ; m = await inbox.next()) {
      if (m.type === 'end') return;
      if (m.type === 'sheet') {
        inSheet = true;
        const batches = async function* (): AsyncGenerator<RawRow[]> {
          let nextRow = 1; // CSV records are numbered here, in order
          for (;;) {
            const r = await inbox!.next();
            if (r.type === 'sheetEnd') {
              inSheet = false;
              return;
            }
            if (r.type === 'rows') yield unpackRows(r.packed);
            if (r.type === 'records') {
              const records = unpackRecords(r.packed);
              yield recordsToRows(nextRow, records);
              nextRow += records.length;
            }
          }
        };
        yield { name: m.name, date1904: m.date1904, batches: batches() };
        // A sheet left unread: skip its rows.
        while (inSheet) if ((await inbox.next()).type === 'sheetEnd') inSheet = false;
      }
    }
  } finally {
    await inbox.close();
  }
}

/** The worker's messages in order; holds the process open only while waiting for one. */
class Inbox {
  private queue: FromWorker[] = [];
  private waiting?: { resolve: (m: FromWorker) => void; reject: (e: unknown) => void };
  private failure?: unknown;

  constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        this.worker.unref();
        w.resolve(m);
      } else this.queue.push(m);
    });
    const fail = (e: unknown) => {
      this.failure ??= e;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w.reject(e);
      }
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the reading thread stopped early')));
  }

  async next(): Promise<FromWorker> {
    const m = this.queue.shift() ?? (await this.wait());
    if (m.type === 'rows' || m.type === 'records') this.worker.postMessage('ack');
    if (m.type === 'error') throw m.user ? new UserError(m.message) : new Error(m.message);
    return m;
  }

  private wait(): Promise<FromWorker> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    this.worker.ref(); // the process must not end while a row is on its way
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

// —— a batch of rows as one string ——
// Rows are joined by ROW, cells by CELL; each cell is a type letter and its value (a date's
// display text after PART). Structured clone or JSON of a million small cell objects cost
// more than reading them did; one string and two splits do not. A batch whose text contains
// the separators (control characters no spreadsheet text should hold) goes as JSON instead.
const ROW = '\u0001';
const CELL = '\u0000';
const PART = '\u0002';

export function packRows(rows: readonly RawRow[]): string {
  const out: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const { row, cells } = rows[i]!;
    let line = String(row);
    for (const c of cells) line += CELL + packCell(c);
    out[i] = line;
  }
  const packed = out.join(ROW);
  // Each row's number and cells are separator-free by construction except for text values.
  return rows.length > 0 && countSeparators(packed) !== expected(rows) ? `J${JSON.stringify(rows)}` : `P${packed}`;
}

function packCell(c: Cell): string {
  switch (c.t) {
    case 'empty':
      return '';
    case 'text':
      return `t${c.v}`;
    case 'number':
      return `n${c.v}`;
    case 'date':
      return `d${c.v}${PART}${c.raw}`;
    case 'bool':
      return c.v ? 'b1' : 'b0';
    case 'error':
      return `e${c.v}`;
    case 'no-result':
      return `f${c.formula}`;
  }
}

/** How many separators a batch has when no value contains one. */
function expected(rows: readonly RawRow[]): number {
  let n = rows.length - 1;
  for (const r of rows) {
    n += r.cells.length;
    for (const c of r.cells) if (c.t === 'date') n += 1;
  }
  return n;
}

function countSeparators(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) <= 2) n++;
  return n;
}

const EMPTY: Cell = { t: 'empty' };

export function unpackRows(packed: string): RawRow[] {
  if (packed[0] === 'J') return JSON.parse(packed.slice(1)) as RawRow[];
  const lines = packed.slice(1).split(ROW);
  const rows: RawRow[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i]!.split(CELL);
    const cells: Cell[] = new Array(parts.length - 1);
    for (let c = 1; c < parts.length; c++) cells[c - 1] = unpackCell(parts[c]!);
    rows[i] = { row: Number(parts[0]), cells };
  }
  return rows;
}

function unpackCell(p: string): Cell {
  if (p === '') return EMPTY;
  // A substring of 13+ characters would be a slice that keeps the whole batch's text alive
  // (and slow to use) for as long as the row is kept: copy those.
  const v = p.length > 13 ? copy(p.slice(1)) : p.slice(1);
  switch (p[0]) {
    case 't':
      return { t: 'text', v };
    case 'n':
      return { t: 'number', v: Number(v) };
    case 'd': {
      const at = v.indexOf(PART);
      return { t: 'date', v: v.slice(0, at) as IsoDate, raw: v.slice(at + 1) }; // packed from an IsoDate
    }
    case 'b':
      return { t: 'bool', v: v === '1' };
    case 'e':
      return { t: 'error', v };
    default:
      return { t: 'no-result', formula: v };
  }
}

/** CSV records: fields joined by CELL, records by ROW (or JSON when a field holds either). */
export function packRecords(records: readonly string[][]): string {
  const lines: string[] = new Array(records.length);
  let expectedSeparators = records.length - 1;
  for (let i = 0; i < records.length; i++) {
    lines[i] = records[i]!.join(CELL);
    expectedSeparators += Math.max(0, records[i]!.length - 1);
  }
  const packed = lines.join(ROW);
  return countSeparators(packed) === expectedSeparators && !records.some((r) => r.length === 0) ? `P${packed}` : `J${JSON.stringify(records)}`;
}

export function unpackRecords(packed: string): string[][] {
  if (packed[0] === 'J') return JSON.parse(packed.slice(1)) as string[][];
  const lines = packed.slice(1).split(ROW);
  const out: string[][] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) out[i] = lines[i]!.split(CELL);
  return out;
}

/** A fresh copy of a string (V8 keeps long substrings as views of their parent). */
function copy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
