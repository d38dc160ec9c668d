// How a sheet prints on A4 (issue 22.1): column widths from the content (the widest value,
// totals included; a Chinese character counts double), which columns wrap and how tall their
// rows are, the orientation, and for a table too wide for one page at a legible size, the
// column blocks each page prints with the first columns repeated. Pure: head and rows in.
import type { CellOut, ColumnOut, SheetHead } from './table.js';
import { yuanText } from './money.js';

/**
 * Column-width units one character takes at the body size (11 pt): a Chinese character about
 * 2, a digit or letter about 1.3. Excel's unit is the default font's digit (≈5.25 pt), and
 * LibreOffice draws 宋体's Latin letters with a wider substitute, so both are rounded up.
 */
const WIDE = 2.1;
const NARROW = 1.3;
/** Cell padding and border, in width units. */
const PAD = 1.0;
/** Points per width unit as LibreOffice prints it (Calibri-metric default font); Excel's is a little less. */
export const PT_PER_UNIT = 5.55;
/** A4 in points, and the margins every sheet is written with (inches). */
const A4 = { short: 595.3, long: 841.9 };
export const MARGINS = { left: 0.3, right: 0.3, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.3 };
/** The body font is 11 pt: never scaled below this (≈ 7.3 pt on paper). */
export const MIN_SCALE = 0.66;
/**
 * Wrapped text columns are narrowed until the sheet prints at this scale, no further: narrower
 * still, a long 依据 or 说明 takes so many lines that the sheet needs more pages, not fewer.
 */
const FIT_SCALE = 0.74;
/** The scale (%) of a sheet printed in column blocks: a little above the least, so each block has room. */
const BLOCK_SCALE = 75;
/** Height of one line of 11 pt text in a wrapped cell (points), with room for LibreOffice's CJK fonts. */
export const LINE_PT = 16;
/** No column wider than this (units): longer text wraps. */
const MAX_WIDTH = 52;
/** A column that wraps keeps at least this many units of text (about six characters). */
const MIN_WRAP = 12;

export interface PrintPlan {
  /** Excel column widths. */
  widths: number[];
  /** Columns whose text wraps (the others fit on one line). */
  wrap: boolean[];
  landscape: boolean;
  /** Printed in column blocks at this scale (%); undefined: scaled to the page width. */
  scale?: number;
  /** 1-based columns after which a page ends (column blocks). */
  columnBreaks: number[];
  /** Columns printed at the left of every page (column blocks). */
  repeatColumns: number;
  /** Columns a title, a note or a signature line spans: those of the first page. */
  spanColumns: number;
  /** Height of the header row (it wraps long headers into two lines). */
  headerHeight: number;
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000;
}

/** Width of one line of text in column units. */
export function textUnits(s: string): number {
  let u = 0;
  for (const ch of s) u += isWide(ch.codePointAt(0)!) ? WIDE : NARROW;
  return u;
}

/** Lines of `text` in a column `width` wide (a line break starts a new line). */
export function linesIn(text: string, width: number): number {
  const room = Math.max(1, width - PAD);
  // The usual case: short enough for one line whatever its characters.
  if (text.length * WIDE <= room && !text.includes('\n')) return 1;
  let n = 0;
  for (const line of text.split('\n')) n += Math.max(1, Math.ceil(textUnits(line) / room - 0.02));
  return n;
}

/** A value as the sheet shows it: money as #,##0.00. */
export function shown(v: CellOut, kind: ColumnOut['kind']): string {
  if (v === null) return '';
  if (typeof v === 'object') return shown(v.result, kind);
  if (typeof v === 'number') return kind === 'money' ? yuanText(v) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

const widest = (text: string) => Math.max(0, ...text.split('\n').map(textUnits));

/** Header text wraps into two lines when long (连续工作年限): the width it needs. */
function headerNeed(header: string): number {
  const u = textUnits(header);
  return u <= 4.5 * WIDE ? u : Math.ceil(u / 2 / WIDE) * WIDE;
}

function printable(landscape: boolean): number {
  const paper = landscape ? A4.long : A4.short;
  return (paper - (MARGINS.left + MARGINS.right) * 72) / PT_PER_UNIT;
}

/**
 * The plan for a sheet from its rows (all of them when `complete`, else the first ones) and
 * its column sums (the totals row): money columns are as wide as their total. When the rows
 * were not all seen, a money column with a total is made wide enough for any total a sheet
 * of Excel's size could have.
 */
export function planSheet(head: SheetHead, rows: readonly CellOut[][], sums: ReadonlyMap<number, number>, complete: boolean): PrintPlan {
  const cols = head.columns;
  const n = cols.length;
  const value = cols.map(() => 0);
  for (const row of rows) {
    for (let c = 0; c < n; c++) {
      const v = row[c] ?? null;
      if (v === null || v === '') continue;
      const u = widest(shown(v, cols[c]!.kind));
      if (u > value[c]!) value[c] = u;
    }
  }
  for (const [c, sum] of sums) {
    const biggest = complete ? Math.abs(sum) : Math.max(Math.abs(sum), 99_999_999.99);
    value[c] = Math.max(value[c]!, textUnits(yuanText(biggest)) + (sum < 0 ? NARROW : 0));
  }
  const header = cols.map((c) => headerNeed(c.header));
  const canWrap = cols.map((c) => c.kind === undefined || c.kind === 'text');
  const natural = cols.map((_, c) => PAD + Math.max(header[c]!, value[c]!, 2 * NARROW));
  const least = cols.map((_, c) => (canWrap[c] ? Math.min(natural[c]!, PAD + Math.max(header[c]!, MIN_WRAP)) : natural[c]!));
  const capped = natural.map((w, c) => (canWrap[c] ? Math.min(w, MAX_WIDTH) : w));
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);

  let widths = capped;
  let landscape = false;
  let scale: number | undefined;
  // Portrait when it prints near full size; else landscape, wrapping the long text columns
  // (down to about six characters) until it prints at FIT_SCALE; still too wide at the smallest
  // legible scale: column blocks.
  if (sum(capped) > printable(false) / 0.9) {
    landscape = true;
    // The widest text columns give first: every wrapping column is cut to one level, found by
    // halving, so short ones keep their width and long ones wrap.
    const target = printable(true) / FIT_SCALE;
    const at = (level: number) => capped.map((w, c) => (canWrap[c] ? Math.min(w, Math.max(least[c]!, level)) : w));
    if (sum(capped) > target) {
      let lo = 0;
      let hi = MAX_WIDTH;
      for (let i = 0; i < 30; i++) {
        const mid = (lo + hi) / 2;
        if (sum(at(mid)) > target) hi = mid;
        else lo = mid;
      }
      widths = at(lo);
    }
    // Column blocks when one page width cannot hold it legibly, or when the blocks take
    // clearly less paper (long text squeezed narrow makes every row many lines tall).
    const fitScale = Math.min(1, printable(true) / sum(widths));
    const blockBreaks = blocks(capped, repeatOf(head, n), printable(true) / (BLOCK_SCALE / 100), head.print?.blocks);
    const fitPaper = linesOver(rows, widths, canWrap) * fitScale;
    const blockPaper = linesOver(rows, capped, canWrap) * (BLOCK_SCALE / 100) * (blockBreaks.length + 1);
    if (fitScale < MIN_SCALE || blockPaper < fitPaper * 0.8) {
      widths = capped;
      // One block only: the unsqueezed columns fit the page width at BLOCK_SCALE or more.
      if (blockBreaks.length) scale = BLOCK_SCALE;
    }
  }
  if (scale === undefined) {
    // Room left on the page goes to the wrapping columns (fewer lines), up to their full width.
    const slack = printable(landscape) - sum(widths);
    const want = widths.map((w, c) => (canWrap[c] ? Math.max(0, natural[c]! - w) : 0));
    if (slack > 0 && sum(want) > 0) widths = widths.map((w, c) => w + want[c]! * Math.min(1, slack / sum(want)));
  }
  widths = widths.map((w) => Math.ceil(w * 4) / 4);
  const wrap = widths.map((w, c) => canWrap[c]! && w < PAD + value[c]! - 0.01);

  const repeatColumns = scale === undefined ? 0 : repeatOf(head, n);
  const columnBreaks = scale === undefined ? [] : blocks(widths, repeatColumns, printable(true) / (scale / 100), head.print?.blocks);
  const headerLines = Math.max(1, ...cols.map((c, i) => linesIn(c.header, widths[i]!)));
  return {
    widths,
    wrap,
    landscape,
    ...(scale !== undefined ? { scale } : {}),
    columnBreaks,
    repeatColumns,
    spanColumns: columnBreaks[0] ?? n,
    headerHeight: headerLines * LINE_PT + 4,
  };
}

const repeatOf = (head: SheetHead, n: number) => Math.min(head.print?.repeatColumns ?? 0, n - 1);

/** Lines the rows take at these widths (a measure of paper; each row at least one). */
function linesOver(rows: readonly CellOut[][], widths: readonly number[], canWrap: readonly boolean[]): number {
  let total = 0;
  for (const row of rows) {
    let lines = 1;
    for (let c = 0; c < widths.length; c++) {
      const v = row[c];
      if (canWrap[c] && typeof v === 'string' && v !== '') lines = Math.max(lines, linesIn(v, widths[c]!));
    }
    total += lines;
  }
  return total;
}

/**
 * Where the pages of a too-wide sheet end: as many columns as fit `room`, the repeated ones
 * included after the first page, ending at a block boundary when the sheet has blocks (a
 * month's four columns together).
 */
function blocks(widths: readonly number[], repeat: number, room: number, unit?: { from: number; size: number }): number[] {
  const repeated = widths.slice(0, repeat).reduce((a, b) => a + b, 0);
  const canBreakBefore = (c: number) => !unit || c <= unit.from || (c - unit.from) % unit.size === 0;
  const breaks: number[] = [];
  let start = 0;
  let used = 0;
  for (let c = 0; c < widths.length; c++) {
    const w = widths[c]!;
    if (used + w > room && c > start) {
      let at = c;
      while (at > start + 1 && !canBreakBefore(at)) at--;
      breaks.push(at);
      start = at;
      used = repeated + widths.slice(at, c).reduce((a, b) => a + b, 0);
    }
    used += w;
  }
  return breaks;
}

/**
 * Height of a data row whose wrapped cells need more than one line; undefined: the default.
 * `known`: lines of texts already measured, per column (a long sheet repeats its reasons).
 */
export function rowHeight(row: readonly CellOut[], plan: PrintPlan, kinds: readonly ColumnOut['kind'][], known?: Array<Map<string, number>>): number | undefined {
  let lines = 1;
  for (let c = 0; c < plan.wrap.length; c++) {
    if (!plan.wrap[c]) continue;
    const v = row[c];
    if (typeof v !== 'string' || v === '') continue;
    const seen = known?.[c];
    let l = seen?.get(v);
    if (l === undefined) {
      l = linesIn(shown(v, kinds[c]), plan.widths[c]!);
      if (seen && seen.size < 10_000) seen.set(v, l);
    }
    if (l > lines) lines = l;
  }
  return lines > 1 ? lines * LINE_PT + 2 : undefined;
}

/** Height of a line of text across `columns` of the plan (titles, notes), at `size` pt. */
export function spanHeight(text: string, plan: PrintPlan, size = 11, columns = plan.spanColumns): number {
  const width = plan.widths.slice(0, columns).reduce((a, b) => a + b, 0) * (11 / size);
  return linesIn(text, width) * (LINE_PT * size) / 11 + 4;
}
