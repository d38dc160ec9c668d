// A report table as data: the shape every output format (xlsx, csv) renders.
export type CellOut = string | number | boolean | null | { formula: string; result: number };

export interface ColumnOut {
  header: string;
  width: number;
  kind?: 'text' | 'money' | 'int' | 'id' | 'date';
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
  /** Fill colours per row (ARGB), e.g. by severity. */
  rowFill?: (row: CellOut[], index: number) => string | undefined;
  /** Fill colours per cell (ARGB), e.g. monthly ratings; wins over rowFill. */
  cellFill?: (value: CellOut, column: number) => string | undefined;
  /** Data bars (conditional formatting) on a column, over some data rows (0-based, inclusive). */
  dataBars?: Array<{ column: number; rows?: [number, number] }>;
  print?: { landscape: boolean };
  autoFilter?: boolean;
  /** Key/value sheets (政策参数) have no frozen header or filter. */
  plain?: boolean;
}
