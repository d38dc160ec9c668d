// One cell, normalized once at the edge (SPEC §3): whatever Excel, WPS or a CSV file held,
// the rest of the program sees one of these shapes and never an exceljs object.
import { fromUtcDate, type IsoDate } from '../calendar.js';

export type Cell =
  | { t: 'empty' }
  | { t: 'text'; v: string }
  | { t: 'number'; v: number }
  | { t: 'date'; v: IsoDate; raw: string } // a real date cell (raw: how to show it in messages)
  | { t: 'bool'; v: boolean }
  | { t: 'error'; v: string } // #N/A, #VALUE! …
  | { t: 'no-result'; formula: string }; // a formula the file holds no cached result for

export const EMPTY: Cell = { t: 'empty' };

export function textCell(text: string): Cell {
  const v = text.trim();
  return v === '' ? EMPTY : { t: 'text', v };
}

/** How a cell reads in a message or the 数据问题 sheet. */
export function cellDisplay(cell: Cell): string {
  switch (cell.t) {
    case 'empty':
      return '';
    case 'text':
      return cell.v;
    case 'number':
      return String(cell.v);
    case 'date':
      return cell.raw;
    case 'bool':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'error':
      return cell.v;
    case 'no-result':
      return `=${cell.formula}`;
  }
}

/** exceljs ValueType numbers (Enums.ValueType), spelled out to keep exceljs out of this module. */
const enum XType {
  Null = 0,
  Merge = 1,
  Number = 2,
  String = 3,
  Date = 4,
  Hyperlink = 5,
  Formula = 6,
  SharedString = 7,
  RichText = 8,
  Boolean = 9,
  Error = 10,
}

interface ExcelCellLike {
  type: number;
  value: unknown;
  result?: unknown;
  text?: unknown;
}

/** Normalizes an exceljs cell. Formula results are read from `cell.result`: `cell.value` drops a result of 0. */
export function fromExcelCell(cell: ExcelCellLike): Cell {
  switch (cell.type) {
    case XType.Null:
    case XType.Merge:
      return EMPTY;
    case XType.Formula: {
      const formula = (cell.value as { formula?: string; sharedFormula?: string }) ?? {};
      const result = cell.result;
      if (result === undefined || result === null) return { t: 'no-result', formula: formula.formula ?? formula.sharedFormula ?? '' };
      return fromPlainValue(result);
    }
    case XType.Hyperlink: {
      const v = cell.value as { text?: unknown } | undefined;
      return fromPlainValue(v?.text ?? cell.text ?? '');
    }
    default:
      return fromPlainValue(cell.value);
  }
}

/** A value as exceljs hands it over: string, number, boolean, Date, rich text, error, hyperlink. */
export function fromPlainValue(value: unknown): Cell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number') return Number.isFinite(value) ? { t: 'number', v: value } : { t: 'error', v: '#NUM!' };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (value instanceof Date) {
    const iso = fromUtcDate(value);
    return iso ? { t: 'date', v: iso, raw: iso } : { t: 'error', v: '#VALUE!' };
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.richText)) return textCell(o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join(''));
    if (typeof o.error === 'string') return { t: 'error', v: o.error };
    if ('text' in o) return fromPlainValue(o.text);
    if ('result' in o) return fromPlainValue(o.result);
  }
  return textCell(String(value));
}
