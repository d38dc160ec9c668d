// A report table as data: the shape every output format (xlsx, csv) renders.
export type CellOut = string | number | boolean | null | { formula: string; result: number };

export interface ColumnOut {
  header: string;
  width: number;
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
  rows: Iterable<CellOut[]>;
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
  print?: { landscape: boolean };
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

/** A sheet as the book needs it before its rows: everything but the rows. */
export type SheetHead = Omit<SheetOut, 'rows'>;

/**
 * How large a report's sheets are, for the writer's choice of thread: rows in the largest
 * sheet, and whether each pass reads them back from disk (a spooled roster).
 */
export interface WriteSize {
  rows: number;
  fromDisk: boolean;
}
