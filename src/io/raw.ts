// The shapes rows travel in between the readers, their threads and the header finder: plain
// data, imported by all of them and importing none of them.
import { textCell, type Cell } from './cell.js';

export interface RawRow {
  row: number; // 1-based, as Excel shows it
  cells: Cell[]; // index 0 = column A
}

export interface SourceSheet {
  name: string | undefined; // undefined for CSV
  date1904: boolean; // the workbook counts serial days from 1904 (old Mac Excel)
  /** The rows in order, a batch at a time: one await per batch, not per row. */
  batches: AsyncIterable<RawRow[]>;
}

/** What to read, once the file is known to be readable: plain data, so a worker can be told. */
export type SheetJob = { kind: 'xlsx'; path: string } | { kind: 'csv'; path: string; encoding: string; delimiter: string };

/**
 * ="00123" is how CSV exports (gov-clerk's own included) keep digits as text in a spreadsheet:
 * read as the text it holds.
 */
function csvCell(text: string): Cell {
  if (text.charCodeAt(0) === 61 /* = */ && text.length >= 3 && text[1] === '"' && text.endsWith('"')) {
    const inner = text.slice(2, -1);
    if (!/"(?!")/.test(inner.replace(/""/g, ''))) return textCell(inner.replace(/""/g, '"'));
  }
  return textCell(text);
}

/** Records as rows of text cells; `first` is the row number of the first record. */
export function recordsToRows(first: number, records: readonly string[][]): RawRow[] {
  const out: RawRow[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const cells: Cell[] = new Array(record.length);
    for (let c = 0; c < record.length; c++) cells[c] = csvCell(record[c]!);
    out[i] = { row: first + i, cells };
  }
  return out;
}
