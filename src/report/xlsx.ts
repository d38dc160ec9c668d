// Renders report tables into a styled workbook with the streaming writer: one pass, rows
// committed as they are written, so memory does not grow with the table.
import { createWriteStream } from 'node:fs';
import { ROWS_PER_BATCH, type CellOut, type SheetHead, type SheetOut, type WriteSize } from './table.js';
import { maskIdsIn } from '../schema/id-number.js';
import { threadWanted } from '../threads.js';
import {
  NUMBER_TYPE,
  drained,
  sharedStrings,
  sheetStream,
  skipRows,
  useClassicDataBars,
  useNativeCrc32,
  wbStyles,
  workbookWriterClass,
  zipOf,
} from './exceljs-internals.js';

const HEADER_FILL = 'FFDDEBF7';
const TITLE_FONT = { name: '宋体', size: 14, bold: true };
const BODY_FONT = { name: '宋体', size: 11 };
const BORDER = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BOX = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
const MONEY = '#,##0.00';

/** Sheets from this many rows (or read back from disk) are written on a second thread (it costs ~0.3 s to start). */
export const WRITE_ON_A_THREAD = 50_000;

/**
 * Writes on a second thread (xlsx-thread.ts) while this one makes the rows when `opts.size`
 * says the sheets are large: that pays when rows are costly to make (a payroll re-pays and
 * traces every clerk for each sheet); below it, starting the thread costs more than it saves.
 */
export async function writeXlsx(path: string, sheets: Iterable<SheetOut>, opts: { size?: WriteSize; maskIds?: boolean } = {}): Promise<void> {
  const maskIds = Boolean(opts.maskIds);
  if (threadWanted('report/xlsx-worker', opts.size !== undefined && (opts.size.rows >= WRITE_ON_A_THREAD || opts.size.fromDisk))) {
    const thread = await import('./xlsx-thread.js');
    if (await thread.writeInWorker(path, sheets, maskIds)) return;
  }
  const book = await XlsxBook.open(path, maskIds);
  for (const sheet of sheets) {
    await book.startSheet(sheet);
    let batch: CellOut[][] = [];
    for (const row of sheet.rows) {
      batch.push(row);
      if (batch.length === ROWS_PER_BATCH) {
        await book.addRows(batch);
        batch = [];
      }
    }
    await book.addRows(batch);
    book.endSheet();
  }
  await book.commit();
}

/** Distinct repeated values a workbook keeps as shared strings (some MB at most). */
export const MAX_SHARED_STRINGS = 50_000;

/** One workbook being written: sheets one after another, each sheet's rows in batches; here or in the writing thread. */
export class XlsxBook {
  private sheet?: OpenSheet;
  /** Repeated values written once (see ColumnOut.repeats), and their shared-string index. */
  private readonly shared = new Map<string, number>();

  /** Set once the file or the zip failed (a full disk): every later wait ends with that error. */
  private broken?: unknown;
  private readonly failed: Promise<never>;

  private constructor(
    private readonly wb: ExcelWriter,
    out: NodeJS.WritableStream & { destroy(): void },
    /** --mask-id: every ID number in any text of the workbook is masked. */
    private readonly maskIds: boolean,
  ) {
    // exceljs listens for the file's errors only while committing: before that an ENOSPC was
    // an unhandled error or a wait that never ended. Every wait below races this instead.
    this.failed = new Promise<never>((_, reject) => {
      const fail = (e: unknown) => {
        if (this.broken !== undefined) return;
        this.broken = e;
        out.destroy();
        reject(e);
      };
      out.on('error', fail);
      zipOf(wb).on('error', fail);
    });
    this.failed.catch(() => {}); // observed through guard()
  }

  static async open(path: string, maskIds: boolean): Promise<XlsxBook> {
    const WorkbookWriter = await workbookWriterClass();
    await useClassicDataBars();
    await useNativeCrc32();
    const out = createWriteStream(path);
    const wb = new WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = 'gov-clerk';
    return new XlsxBook(wb, out, maskIds);
  }

  /** Waits for `p`, or fails at once with the file's error. */
  private guard<T>(p: Promise<T>): Promise<T> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    return Promise.race([p, this.failed]);
  }

  /** A text as written: masked when --mask-id is on. */
  private text(v: string): string {
    return this.maskIds ? maskIdsIn(v) : v;
  }

  async startSheet(sheet: SheetHead): Promise<void> {
    const top = (sheet.title ? 1 : 0) + (sheet.subtitle ? 1 : 0);
    const headerRow = top + 1;
    const ws = this.wb.addWorksheet(sheet.name, {
      views: sheet.plain ? [] : [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: sheet.print?.landscape ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${headerRow}:${headerRow}`,
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    });
    ws.columns = sheet.columns.map((c) => ({
      width: c.width,
      style: { font: BODY_FONT, ...(c.kind === 'money' ? { numFmt: MONEY } : c.kind === 'id' || c.kind === 'text' ? { numFmt: '@' } : {}) },
    }));
    const n = sheet.columns.length;
    if (sheet.title) {
      const r = ws.addRow([this.text(sheet.title)]);
      r.font = TITLE_FONT;
      r.height = 24;
      r.alignment = { horizontal: 'center', vertical: 'middle' };
      ws.mergeCells(r.number, 1, r.number, n);
      r.commit();
    }
    if (sheet.subtitle) {
      const r = ws.addRow([this.text(sheet.subtitle)]);
      r.font = BODY_FONT;
      ws.mergeCells(r.number, 1, r.number, n);
      r.commit();
    }
    const hr = ws.addRow(sheet.columns.map((c) => c.header));
    hr.eachCell((cell) => {
      cell.font = { ...BODY_FONT, bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
      cell.border = BOX;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    hr.commit();
    const cellFills: Array<Readonly<Record<string, string>> | undefined> = sheet.columns.map(() => undefined);
    for (const f of sheet.cellFills ?? []) for (const c of f.columns) cellFills[c] = f.fills;
    this.sheet = {
      head: sheet,
      ws,
      stream: sheetStream(ws),
      headerRow,
      firstData: headerRow + 1,
      count: 0,
      letters: sheet.columns.map((_, c) => columnLetter(c + 1)),
      sums: new Map((sheet.totals?.sumColumns ?? []).map((c) => [c, 0])),
      styleIds: new Map(),
      plainIds: [],
      cellFills,
      repeats: sheet.columns.map((c) => c.repeats === true),
    };
  }

  /**
   * Data rows are written as XML text straight into the sheet's stream: building an exceljs
   * Row and Cell per value was most of the run time on large rosters. The cells are exactly
   * the ones exceljs writes itself (<c r s t="str"><v>…</v></c>, or t="s" and a shared-string
   * index); their styles are registered with exceljs once per (column, fill), so styles.xml
   * stays exceljs's own.
   */
  async addRows(rows: readonly CellOut[][]): Promise<void> {
    const s = this.sheet!;
    const { head, letters, sums, cellFills, repeats } = s;
    const n = head.columns.length;
    const rowFill = head.rowFill;
    let chunk = '';
    for (const values of rows) {
      const rowNumber = s.firstData + s.count;
      const fill = rowFill ? fillOf(rowFill.fills, values[rowFill.column ?? 0] ?? null) : undefined;
      chunk += `<row r="${rowNumber}">`;
      for (let c = 0; c < n; c++) {
        let v = values[c] ?? null;
        const ref = `${letters[c]}${rowNumber}`;
        const own = cellFills[c];
        const st = this.styleId(c, (own && fillOf(own, v)) ?? fill);
        if (v === null || v === '') chunk += `<c r="${ref}" s="${st}"/>`;
        else if (typeof v === 'number') chunk += Number.isFinite(v) ? `<c r="${ref}" s="${st}"><v>${v}</v></c>` : `<c r="${ref}" s="${st}"/>`;
        else if (typeof v === 'boolean') chunk += `<c r="${ref}" s="${st}" t="b"><v>${v ? 1 : 0}</v></c>`;
        else if (typeof v === 'string') {
          if (this.maskIds) v = maskIdsIn(v);
          const shared = repeats[c] ? this.sharedString(v) : undefined;
          chunk += shared === undefined ? `<c r="${ref}" s="${st}" t="str"><v>${xmlText(v)}</v></c>` : `<c r="${ref}" s="${st}" t="s"><v>${shared}</v></c>`;
        }
        else chunk += `<c r="${ref}" s="${st}"><f>${xmlText(v.formula)}</f><v>${v.result}</v></c>`;
        if (typeof v === 'number' && sums.has(c)) sums.set(c, sums.get(c)! + v);
      }
      chunk += '</row>';
      s.count++;
      if (chunk.length > 1 << 16) {
        s.stream.write(chunk);
        chunk = '';
        await this.guard(drained(s.stream, () => this.broken !== undefined));
      }
    }
    if (chunk) s.stream.write(chunk);
  }

  endSheet(): void {
    const { head: sheet, ws, headerRow, firstData, count, sums } = this.sheet!;
    const n = sheet.columns.length;
    // Rows after the data (totals, footer) go through exceljs again, numbered after ours.
    skipRows(ws, firstData + count);
    const lastData = firstData + count - 1;
    if (sheet.totals) {
      const values: CellOut[] = sheet.columns.map(() => null);
      values[sheet.totals.labelColumn] = sheet.totals.label;
      for (const c of sheet.totals.sumColumns) {
        const result = Math.round(sums.get(c)! * 100) / 100;
        const letter = columnLetter(c + 1);
        values[c] = count > 0 ? { formula: `SUM(${letter}${firstData}:${letter}${lastData})`, result } : 0;
      }
      const r = ws.addRow(values);
      r.font = { ...BODY_FONT, bold: true };
      for (let c = 1; c <= n; c++) r.getCell(c).border = BOX;
      r.commit();
    }
    for (const bar of count ? (sheet.dataBars ?? []) : []) {
      const [from, to] = bar.rows ?? [0, count - 1];
      const letter = columnLetter(bar.column + 1);
      ws.addConditionalFormatting({
        ref: `${letter}${firstData + from}:${letter}${firstData + to}`,
        rules: [{ type: 'dataBar', priority: 1, gradient: true, cfvo: [{ type: 'min' }, { type: 'max' }], color: { argb: 'FF638EC6' } } as never],
      });
    }
    if (sheet.autoFilter !== false && !sheet.plain && count > 0) {
      ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: lastData, column: n } };
    }
    if (sheet.footer?.length) {
      ws.addRow([]).commit();
      for (const line of sheet.footer) {
        const r = ws.addRow([this.text(line)]);
        r.font = BODY_FONT;
        r.height = 22;
        ws.mergeCells(r.number, 1, r.number, n);
        r.commit();
      }
    }
    ws.commit();
    this.sheet = undefined;
  }

  async commit(): Promise<void> {
    await this.guard(this.wb.commit());
  }

  /**
   * The index of a repeated value in the workbook's shared strings, added on first sight; none
   * once MAX_SHARED_STRINGS distinct values are there (a column that repeats less than its
   * sheet says): the cell is then written inline, and memory stays bounded.
   */
  private sharedString(v: string): number | undefined {
    let i = this.shared.get(v);
    if (i === undefined && this.shared.size < MAX_SHARED_STRINGS) {
      // exceljs escapes the table's text but keeps U+FFFE/U+FFFF, which XML forbids.
      i = sharedStrings(this.wb).add(xmlChars(v));
      this.shared.set(v, i);
    }
    return i;
  }

  private styleId(c: number, fill: string | undefined): number {
    const s = this.sheet!;
    if (fill === undefined && s.plainIds[c] !== undefined) return s.plainIds[c]!;
    const key = `${c}|${fill ?? ''}`;
    let id = s.styleIds.get(key);
    if (id === undefined) {
      const kind = s.head.columns[c]!.kind;
      const style = {
        font: BODY_FONT,
        border: BOX,
        ...(kind === 'money' ? { numFmt: MONEY } : kind === 'id' || kind === 'text' ? { numFmt: '@' } : {}),
        ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } } : {}),
      };
      id = wbStyles(this.wb).addStyleModel(style, NUMBER_TYPE);
      s.styleIds.set(key, id);
    }
    if (fill === undefined) s.plainIds[c] = id;
    return id;
  }
}

type ExcelWriter = InstanceType<typeof import('exceljs').stream.xlsx.WorkbookWriter>;

interface OpenSheet {
  head: SheetHead;
  ws: ReturnType<ExcelWriter['addWorksheet']>;
  stream: { write(text: string): unknown };
  headerRow: number;
  firstData: number;
  count: number;
  letters: string[];
  sums: Map<number, number>;
  styleIds: Map<string, number>;
  plainIds: Array<number | undefined>;
  cellFills: Array<Readonly<Record<string, string>> | undefined>;
  repeats: boolean[];
}

function fillOf(fills: Readonly<Record<string, string>>, v: CellOut): string | undefined {
  return typeof v === 'string' && Object.hasOwn(fills, v) ? fills[v] : undefined;
}

export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** XML text: escaped, without the control characters XML 1.0 forbids. */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
function xmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text; // the usual case: nothing to do
  return xmlChars(text).replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));
}

/** Text without the characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF). */
function xmlChars(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}
