// One cell, normalized once at the edge (docs/contract.md §3): whatever Excel, WPS or a CSV file held,
// the rest of the program sees one of these shapes and never an exceljs object.
import type { IsoDate } from '../calendar.js';

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

/** A cell's text as shown, trimmed; undefined when empty (reading back gov-clerk's own sheets). */
export function shownText(cell: Cell): string | undefined {
  return cell.t === 'empty' ? undefined : cellDisplay(cell).trim() || undefined;
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
