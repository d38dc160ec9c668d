// Finds the header of a known table in a spreadsheet (docs/contract.md §3) and hands on its data rows.
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { makeIssue, type Issue } from '../issues/catalogue.js';
import { LIMITS } from './limits.js';
import { cellDisplay, type Cell } from './cell.js';
import { resolveHeader, type ColumnMapping, type HeaderSpecColumn, type ResolvedHeader } from './header-match.js';
import type { RawRow } from './raw.js';
import { openSource } from './sources.js';

export interface ColumnSpec extends HeaderSpecColumn {
  key: string;
  header: string; // canonical header, as written in outputs and templates
  aliases: readonly string[];
  required: boolean;
  /** What goes wrong when a file has no such column (said first in the summary): pay columns… */
  whenMissing?: string;
  /** …unless this other column stands in for it, or only when that column is there. */
  missingUnless?: string;
  missingOnlyWith?: string;
}

export interface TableSpec {
  label: string; // 花名册, 月度考核, 中心表: used in messages
  columns: readonly ColumnSpec[];
  /** Columns whose names follow a pattern (month columns of wide ratings): header → key. */
  matchDynamic?: (normalizedHeader: string) => string | null;
  /** Whether the matched keys form a usable header (default: at least two known columns). */
  accept?: (keys: ReadonlySet<string>) => boolean;
  /** false for gov-clerk's own workbooks: exact names only, nothing guessed or listed as unused. */
  guess?: boolean;
}

export interface ReadOptions {
  sheet?: string;
  headerRow?: number;
  /** The office's own header names (--columns). */
  columns?: ColumnMapping;
  /**
   * The last row number read: Excel's own limit unless said otherwise, for CSV as for xlsx (a
   * CSV of more rows is no sheet anyone saves). Only the long monthly ratings, a line per clerk
   * per month that is summed as it is read, may run past it (Infinity).
   */
  maxRows?: number;
}

export interface Table {
  file: string;
  format: 'xlsx' | 'csv';
  encoding?: string;
  sheet?: string;
  headerRow: number;
  date1904: boolean;
  /** key → 0-based column index; for dynamic columns too. */
  columns: Map<string, number>;
  /** key → header text as written in the file. */
  headers: Map<string, string>;
  issues: Issue[];
  /** The data rows a batch at a time (for loops over large files: one await per batch)… */
  batches: AsyncIterable<DataRow[]>;
  /** …or one at a time. Read one of the two, once. */
  rows: AsyncIterable<DataRow>;
}

export interface DataRow {
  row: number;
  get(key: string): Cell;
}

const HEADER_SEARCH_ROWS = 20;

export async function openTable(path: string, spec: TableSpec, opts: ReadOptions = {}): Promise<Table> {
  const name = basename(path);
  const maxRows = opts.maxRows ?? LIMITS.rows;
  // Rows before the header are kept while it is looked for: a header row past the last row
  // would keep a whole file in memory looking for it.
  if (opts.headerRow !== undefined && opts.headerRow > maxRows) {
    throw new UserError(`--header-row ${opts.headerRow} 超过 Excel 的行数上限 ${LIMITS.rows}，表头不可能在这一行。请给出表头所在的行号（如 3）。`);
  }
  const source = await openSource(path);
  const sheetNames: string[] = [];
  // Iterated by hand: leaving a for-await loop would close the workbook stream before the
  // caller has read the data rows.
  const sheetIt = source.sheets[Symbol.asyncIterator]();
  for (;;) {
    const nextSheet = await sheetIt.next();
    if (nextSheet.done) break;
    const sheet = nextSheet.value;
    if (sheet.name !== undefined) sheetNames.push(sheet.name);
    if (opts.sheet !== undefined && sheet.name !== opts.sheet) {
      await drain(sheet.batches);
      continue;
    }
    const where = sheet.name !== undefined ? `文件 ${name} 的工作表「${sheet.name}」` : `文件 ${name}`;
    const it = sheet.batches[Symbol.asyncIterator]();
    const head: RawRow[] = [];
    const limit = opts.headerRow ?? HEADER_SEARCH_ROWS;
    while (head.length === 0 || head[head.length - 1]!.row < limit) {
      const next = await it.next();
      if (next.done) break;
      // With --header-row, the rows above it are neither header nor data: not kept.
      for (const r of next.value) if (opts.headerRow === undefined || r.row >= opts.headerRow) head.push(r);
    }
    const reach = head.findIndex((r) => r.row >= limit);
    const candidates = opts.headerRow !== undefined ? head.filter((r) => r.row === opts.headerRow) : reach < 0 ? head : head.slice(0, reach + 1);
    let found: { raw: RawRow; match: ResolvedHeader } | undefined;
    for (const raw of candidates) {
      const match = matchHeader(raw.cells, spec, opts.columns);
      // Only names as written (or mapped) decide which row is the header; guesses come after.
      const named = new Set([...match.columns.keys()].filter((k) => !match.guessed.some((g) => g.key === k)));
      if (opts.headerRow !== undefined || (spec.accept ?? atLeastTwo)(named)) {
        found = { raw, match };
        break;
      }
    }
    if (!found) {
      if (opts.sheet !== undefined || opts.headerRow !== undefined || sheet.name === undefined) {
        throw noHeader(`${where}${sheet.name === undefined ? " " : ""}的${opts.headerRow ? `第 ${opts.headerRow} 行` : `前 ${HEADER_SEARCH_ROWS} 行`}`, spec);
      }
      await drain({ [Symbol.asyncIterator]: () => it });
      continue;
    }
    const { raw, match } = found;
    const label = (key: string) => spec.columns.find((c) => c.key === key)?.header ?? key;
    if (match.ambiguous.length > 0) {
      const a = match.ambiguous[0]!;
      const cells = a.text.map((h: string) => `「${h}」`).join('、');
      const what = a.keys.length > 1 ? `可能是「${label(a.keys[0]!)}」也可能是「${label(a.keys[1]!)}」` : `都可能是「${label(a.keys[0]!)}」`;
      throw new UserError(
        `${where}第 ${raw.row} 行的表头${cells}${what}，无法确定。请把表头改成标准列名，或用 --columns 指定，例如 --columns ${a.text[0]}=${label(a.keys[0]!)}（不用的列写 =忽略）。`,
      );
    }
    const missing = spec.columns.filter((c) => c.required && !match.columns.has(c.key));
    if (missing.length > 0) {
      const list = missing
        .map((c) => `「${c.header}」${c.aliases.length ? `（也可写作 ${c.aliases.join('、')}）` : ''}`)
        .join('、');
      throw new UserError(`${where}第 ${raw.row} 行的表头缺少必填列 ${list}。请在表头中添加该列，或用 --columns 指明是哪一列（如 --columns 文化程度=学历），然后再试。`);
    }
    const columns = match.columns;
    const headers = new Map([...columns].map(([k, col]) => [k, cellDisplay(raw.cells[col] ?? { t: 'empty' })]));
    const issues = headerIssues(raw.row, match, spec, label);
    const headerRow = raw.row;
    const rest = head.filter((r) => r.row > headerRow);
    const tooMany = (row: number) =>
      new UserError(`${where}${sheet.name === undefined ? " " : ""}超过 ${LIMITS.rows} 行（Excel 的行数上限，第 ${row} 行起），不是一张${spec.label}。请检查是否给错了文件。`);
    const batches = dataRows(rest, it, columns, () => sheetIt.return?.(), maxRows, tooMany);
    return {
      file: path,
      format: source.format,
      ...(source.encoding ? { encoding: source.encoding } : {}),
      ...(sheet.name !== undefined ? { sheet: sheet.name } : {}),
      headerRow,
      date1904: sheet.date1904,
      columns,
      headers,
      issues,
      batches,
      rows: oneByOne(batches),
    };
  }
  if (opts.sheet !== undefined) {
    throw new UserError(
      `文件 ${name} 中没有名为「${opts.sheet}」的工作表${sheetNames.length ? `（现有：${sheetNames.join('、')}）` : ''}。请检查 --sheet 参数。`,
    );
  }
  throw noHeader(`文件 ${name} 的${sheetNames.length > 1 ? '各个工作表' : ''}前 ${HEADER_SEARCH_ROWS} 行`, spec);
}

function noHeader(where: string, spec: TableSpec): UserError {
  const required = spec.columns.filter((c) => c.required);
  const examples = (required.length ? required : spec.columns.slice(0, 4)).map((c) => c.header).join('、');
  return new UserError(`${where}中找不到${spec.label}的表头（至少需要两个已知列名，如 ${examples}）。请检查表头，或用 --sheet、--header-row 指定位置。`);
}

function atLeastTwo(keys: ReadonlySet<string>): boolean {
  return keys.size >= 2;
}

export function matchHeader(cells: readonly Cell[], spec: TableSpec, mapping?: ColumnMapping): ResolvedHeader {
  const headerCells: Array<{ index: number; text: string }> = [];
  cells.forEach((cell, index) => {
    // Date cells count too: month headers of wide ratings are often real dates (2025年1月).
    if (cell.t === 'text' || cell.t === 'number' || cell.t === 'date') headerCells.push({ index, text: cellDisplay(cell) });
  });
  return resolveHeader(headerCells, spec.columns, {
    ...(mapping ? { mapping } : {}),
    ...(spec.matchDynamic ? { dynamic: spec.matchDynamic } : {}),
    ...(spec.guess === false ? { guess: false } : {}),
  });
}

/** What the header row tells the user: columns read twice, guessed, not used, and pay columns missing. */
function headerIssues(row: number, match: ResolvedHeader, spec: TableSpec, label: (key: string) => string): Issue[] {
  const issues: Issue[] = match.duplicates.map((d) => makeIssue('COLUMN_DUPLICATE', { row }, { column: label(d.key), value: d.header, expected: d.first }));
  for (const g of match.guessed) {
    issues.push(makeIssue('COLUMN_GUESSED', { row }, { column: label(g.key), value: g.text, how: g.how }));
  }
  if (spec.guess !== false) {
    for (const u of match.unused) {
      issues.push(
        makeIssue('COLUMN_UNUSED', { row }, {
          value: u.text,
          position: u.index + 1,
          likely: u.likely.map(label),
          present: u.present,
        }),
      );
    }
    for (const c of spec.columns) {
      const matters = (!c.missingUnless || !match.columns.has(c.missingUnless)) && (!c.missingOnlyWith || match.columns.has(c.missingOnlyWith));
      if (c.whenMissing && matters && !match.columns.has(c.key)) issues.push(makeIssue('COLUMN_MISSING', { row }, { column: c.header, effect: c.whenMissing }));
    }
  }
  return issues;
}

async function* dataRows(
  buffered: RawRow[],
  it: AsyncIterator<RawRow[]>,
  columns: Map<string, number>,
  close: () => unknown,
  maxRows: number,
  tooMany: (row: number) => Error,
): AsyncGenerator<DataRow[]> {
  const known = [...columns.values()];
  const wrap = (raws: RawRow[]): DataRow[] => {
    const out: DataRow[] = [];
    for (const raw of raws) {
      if (raw.row > maxRows) throw tooMany(raw.row);
      // A row with a value in any known column is a data row; others (blank, notes in
      // unknown columns) are skipped.
      if (!known.some((c) => (raw.cells[c]?.t ?? 'empty') !== 'empty')) continue;
      out.push(new Row(raw.row, raw.cells, columns));
    }
    return out;
  };
  try {
    const first = wrap(buffered);
    if (first.length) yield first;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      const rows = wrap(next.value);
      if (rows.length) yield rows;
    }
  } finally {
    await close();
  }
}

async function* oneByOne<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const b of batches) yield* b;
}

const EMPTY: Cell = { t: 'empty' };

/** A data row: a class, not a closure per row (a million rows are a million of these). */
class Row implements DataRow {
  constructor(
    readonly row: number,
    private readonly cells: Cell[],
    private readonly columns: Map<string, number>,
  ) {}
  get(key: string): Cell {
    const c = this.columns.get(key);
    return (c === undefined ? undefined : this.cells[c]) ?? EMPTY;
  }
}

async function drain(rows: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of rows) {
    // skip
  }
}
