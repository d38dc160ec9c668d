// A report table as data: the shape every output format (xlsx, csv) renders.
export type CellOut = string | number | boolean | null | { formula: string; result: number } | SubtotalOut;

/**
 * SUBTOTAL(9, …) over this column's cells in data rows `rows` (0-based, inclusive, counted over
 * the sheet's rows, bands included): a 小计 or 合计 that leaves out the SUBTOTALs inside its range.
 */
export interface SubtotalOut {
  subtotal: [number, number];
  result: number;
}

/**
 * A line of a sheet that is not a data row: a group's heading, its 小计 (cells, in bold), a
 * note across the table (the amount in capital Chinese) or a signature area; `breakAfter`
 * starts a new page after it.
 */
export interface BandOut {
  band: 'heading' | 'subtotal' | 'note' | 'signature';
  text?: string;
  cells?: CellOut[];
  breakAfter?: boolean;
}

export type RowOut = CellOut[] | BandOut;

export function isBand(row: RowOut): row is BandOut {
  return !Array.isArray(row);
}

export interface ColumnOut {
  header: string;
  /** Not used since issue 22: a column is as wide as its content (print-layout.ts). */
  width?: number;
  kind?: 'text' | 'money' | 'int' | 'id' | 'date';
  /**
   * Values repeat down the column (labels, clauses, reasons): in a workbook each distinct one
   * is written once, in its shared strings, and the cells refer to it: a fraction of the XML
   * to write and compress on a large sheet.
   */
  repeats?: boolean;
}

/** Colours by value: data, not functions, so a sheet can be handed to the writing thread. */
export interface Fills {
  column?: number;
  fills: Readonly<Record<string, string>>;
}

export interface SheetOut {
  name: string;
  title?: string;
  subtitle?: string;
  columns: ColumnOut[];
  /** Any iterable: a generator keeps a million rows from being built all at once. */
  rows: Iterable<RowOut>;
  /** What a CSV export of this sheet holds when not the sheet itself (data rows only, no subtotals). */
  csv?: { columns: ColumnOut[]; rows: Iterable<CellOut[]> };
  /** A totals row: the label, and which columns carry SUM formulas. */
  totals?: { label: string; labelColumn: number; sumColumns: number[] };
  /** Lines under the table (signature line). */
  footer?: string[];
  /** Rows filled by the value in one column (ARGB), e.g. by severity. */
  rowFill?: Fills;
  /** Cells of some columns filled by their own value (ARGB), e.g. monthly ratings; win over rowFill. */
  cellFills?: Array<Fills & { columns: number[] }>;
  /** Data bars (conditional formatting) on a column, over some data rows (0-based, inclusive). */
  dataBars?: Array<{ column: number; rows?: [number, number] }>;
  /**
   * For a table too wide for one page (printed in column blocks): the first columns that every
   * page repeats, and blocks of columns kept on one page (a month's four columns from `from`).
   * Orientation, widths and scale are worked out from the content (print-layout.ts).
   */
  print?: { repeatColumns?: number; blocks?: { from: number; size: number } };
  autoFilter?: boolean;
  /** Key/value sheets (政策参数) have no frozen header or filter. */
  plain?: boolean;
}

/** A lazy map: the rows of a million-line sheet are made one at a time as they are written. */
export function mapIterable<T, U>(source: Iterable<T>, f: (x: T, i: number) => U): Iterable<U> {
  return {
    *[Symbol.iterator]() {
      let i = 0;
      for (const x of source) yield f(x, i++);
    },
  };
}

/** Rows handed to the book at a time. */
export const ROWS_PER_BATCH = 512;

/** A sheet as the book needs it before its rows: everything but the rows (and the CSV's). */
export type SheetHead = Omit<SheetOut, 'rows' | 'csv'>;

/**
 * How large a report's sheets are, for the writer's choice of thread: rows in the largest
 * sheet, and whether each pass reads them back from disk (a spooled roster).
 */
export interface WriteSize {
  rows: number;
  fromDisk: boolean;
}
