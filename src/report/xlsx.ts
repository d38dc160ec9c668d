// Renders report tables into a styled workbook with the streaming writer: one pass, rows
// committed as they are written, so memory does not grow with the table.
import { createWriteStream } from 'node:fs';
import { ROWS_PER_BATCH, isBand, type BandOut, type CellOut, type ColumnOut, type RowOut, type SheetHead, type SheetOut, type SubtotalOut, type WriteSize } from './table.js';
import { MARGINS, planSheet, rowHeight, spanHeight, type PrintPlan } from './print-layout.js';
import { maskIdsIn } from '../schema/id-number.js';
import { threadWanted } from '../threads.js';
import {
  NUMBER_TYPE,
  columnBreaks,
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
const SUBTOTAL_FILL = 'FFF2F2F2';

/** Rows of a sheet held to plan its layout from (all of a smaller sheet). */
export const PLAN_ROWS = 2_000;

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
    let batch: RowOut[] = [];
    for (const row of sheet.rows) {
      batch.push(row);
      if (batch.length === ROWS_PER_BATCH) {
        await book.addRows(batch);
        batch = [];
      }
    }
    await book.addRows(batch);
    await book.endSheet();
  }
  await book.commit();
}

/** Distinct repeated values a workbook keeps as shared strings (some MB at most). */
export const MAX_SHARED_STRINGS = 50_000;

/** One workbook being written: sheets one after another, each sheet's rows in batches; here or in the writing thread. */
export class XlsxBook {
  private sheet?: OpenSheet;
  /** The sheet started and its rows held until its layout is planned. */
  private pending?: { head: SheetHead; rows: RowOut[] };
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

  /**
   * The sheet's rows are held until its layout is known (print-layout.ts: widths from the
   * content, which columns wrap, orientation): all of them for a sheet of up to PLAN_ROWS
   * rows, else the first PLAN_ROWS; exceljs writes the column widths before the first row.
   */
  async startSheet(sheet: SheetHead): Promise<void> {
    this.pending = { head: sheet, rows: [] };
  }

  async addRows(rows: readonly RowOut[]): Promise<void> {
    const p = this.pending;
    if (p) {
      for (const r of rows) p.rows.push(r);
      if (p.rows.length < PLAN_ROWS) return;
      this.pending = undefined;
      this.open(p.head, p.rows, false);
      return this.writeRows(p.rows);
    }
    return this.writeRows(rows);
  }

  /** Opens the sheet with the layout the rows seen so far (`complete`: all of them) call for. */
  private open(sheet: SheetHead, seen: readonly RowOut[], complete: boolean): void {
    const data = seen.filter((r): r is CellOut[] => !isBand(r));
    const sums = new Map<number, number>();
    for (const c of sheet.totals?.sumColumns ?? []) sums.set(c, data.reduce((s, r) => s + (typeof r[c] === 'number' ? (r[c] as number) : 0), 0));
    for (const r of seen) {
      if (!isBand(r) || !r.cells) continue;
      r.cells.forEach((v, c) => {
        if (v !== null && typeof v === 'object') sums.set(c, Math.max(sums.get(c) ?? 0, Math.abs(v.result)));
      });
    }
    const plan = planSheet(sheet, data, sums, complete);
    const top = (sheet.title ? 1 : 0) + (sheet.subtitle ? 1 : 0);
    const headerRow = top + 1;
    const ws = this.wb.addWorksheet(sheet.name, {
      views: sheet.plain ? [] : [{ state: 'frozen', ySplit: headerRow, xSplit: plan.repeatColumns }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: plan.landscape ? 'landscape' : 'portrait',
        ...(plan.scale === undefined ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : { fitToPage: false, scale: plan.scale }),
        printTitlesRow: `${headerRow}:${headerRow}`,
        ...(plan.repeatColumns ? { printTitlesColumn: `A:${columnLetter(plan.repeatColumns)}` } : {}),
        margins: MARGINS,
      },
      headerFooter: { oddFooter: '&"宋体"&9第 &P 页，共 &N 页' },
    });
    if (plan.columnBreaks.length) columnBreaks(ws, plan.columnBreaks);
    ws.columns = sheet.columns.map((c, i) => ({
      width: plan.widths[i],
      style: { font: BODY_FONT, ...(c.kind === 'money' ? { numFmt: MONEY } : c.kind === 'id' || c.kind === 'text' ? { numFmt: '@' } : {}) },
    }));
    const span = plan.spanColumns;
    if (sheet.title) {
      const r = ws.addRow([this.text(sheet.title)]);
      r.font = TITLE_FONT;
      r.height = Math.max(24, spanHeight(sheet.title, plan, TITLE_FONT.size));
      r.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      ws.mergeCells(r.number, 1, r.number, span);
      r.commit();
    }
    if (sheet.subtitle) {
      const r = ws.addRow([this.text(sheet.subtitle)]);
      r.font = BODY_FONT;
      r.alignment = { vertical: 'middle', wrapText: true };
      r.height = spanHeight(sheet.subtitle, plan);
      ws.mergeCells(r.number, 1, r.number, span);
      r.commit();
    }
    const hr = ws.addRow(sheet.columns.map((c) => c.header));
    hr.height = plan.headerHeight;
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
      plan,
      kinds: sheet.columns.map((c) => c.kind),
      lines: sheet.columns.map(() => new Map()),
      stream: sheetStream(ws),
      headerRow,
      firstData: headerRow + 1,
      count: 0,
      dataRows: 0,
      letters: sheet.columns.map((_, c) => columnLetter(c + 1)),
      sums: new Map((sheet.totals?.sumColumns ?? []).map((c) => [c, 0])),
      styleIds: new Map(),
      plainIds: [],
      cellFills,
      repeats: sheet.columns.map((c) => c.repeats === true),
      anyBand: false,
    };
  }

  /**
   * Data rows are written as XML text straight into the sheet's stream: building an exceljs
   * Row and Cell per value was most of the run time on large rosters. The cells are exactly
   * the ones exceljs writes itself (<c r s t="str"><v>…</v></c>, or t="s" and a shared-string
   * index); their styles are registered with exceljs once per (column, fill), so styles.xml
   * stays exceljs's own. A band (heading, 小计, note, signature) goes through exceljs.
   */
  private async writeRows(rows: readonly RowOut[]): Promise<void> {
    const s = this.sheet!;
    const { head, letters, sums, cellFills, repeats, plan, kinds } = s;
    const n = head.columns.length;
    const rowFill = head.rowFill;
    let chunk = '';
    for (const values of rows) {
      if (isBand(values)) {
        if (chunk) s.stream.write(chunk);
        chunk = '';
        this.writeBand(values);
        continue;
      }
      const rowNumber = s.firstData + s.count;
      const fill = rowFill ? fillOf(rowFill.fills, values[rowFill.column ?? 0] ?? null) : undefined;
      const ht = rowHeight(values, plan, kinds, s.lines);
      chunk += ht === undefined ? `<row r="${rowNumber}">` : `<row r="${rowNumber}" ht="${ht}" customHeight="1">`;
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
        else chunk += `<c r="${ref}" s="${st}"><f>${xmlText(this.formulaOf(v, c))}</f><v>${v.result}</v></c>`;
        if (typeof v === 'number' && sums.has(c)) sums.set(c, sums.get(c)! + v);
      }
      chunk += '</row>';
      s.count++;
      s.dataRows++;
      if (chunk.length > 1 << 16) {
        s.stream.write(chunk);
        chunk = '';
        await this.guard(drained(s.stream, () => this.broken !== undefined));
      }
    }
    if (chunk) s.stream.write(chunk);
  }

  private formulaOf(v: { formula: string } | SubtotalOut, c: number): string {
    if ('formula' in v) return v.formula;
    const { firstData, letters } = this.sheet!;
    return `SUBTOTAL(9,${letters[c]}${firstData + v.subtotal[0]}:${letters[c]}${firstData + v.subtotal[1]})`;
  }

  /** A heading, 小计, note or signature line, through exceljs: merged, bold or tall as it needs. */
  private writeBand(b: BandOut): void {
    const s = this.sheet!;
    const { ws, plan, head } = s;
    const n = head.columns.length;
    skipRows(ws, s.firstData + s.count);
    s.anyBand = true;
    let r: ReturnType<typeof ws.addRow>;
    if (b.cells) {
      r = ws.addRow(b.cells.map((v, c) => (v !== null && typeof v === 'object' ? { formula: this.formulaOf(v, c), result: v.result } : typeof v === 'string' ? this.text(v) : v)));
      r.font = { ...BODY_FONT, bold: true };
      for (let c = 1; c <= n; c++) {
        const cell = r.getCell(c);
        cell.border = BOX;
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: SUBTOTAL_FILL } };
        const kind = head.columns[c - 1]!.kind;
        if (kind === 'money') cell.numFmt = MONEY;
      }
    } else {
      const text = this.text(b.text ?? '');
      r = ws.addRow([text]);
      const heading = b.band === 'heading';
      r.font = heading ? { ...BODY_FONT, size: 12, bold: true } : BODY_FONT;
      r.alignment = { vertical: b.band === 'signature' ? 'bottom' : 'middle', wrapText: true };
      r.height = Math.max(b.band === 'signature' ? 36 : heading ? 24 : 20, spanHeight(text, plan, heading ? 12 : 11));
      ws.mergeCells(r.number, 1, r.number, plan.spanColumns);
    }
    if (b.breakAfter) r.addPageBreak();
    r.commit();
    s.count++;
  }

  async endSheet(): Promise<void> {
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      this.open(p.head, p.rows, true);
      await this.writeRows(p.rows);
    }
    const { head: sheet, ws, headerRow, firstData, count, dataRows, sums, plan, anyBand } = this.sheet!;
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
      const r = ws.addRow(values as Array<Exclude<CellOut, SubtotalOut>>);
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
    // A filter over headings and 小计 rows would mix them with the data: none on a grouped sheet.
    if (sheet.autoFilter !== false && !sheet.plain && dataRows > 0 && !anyBand) {
      ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: lastData, column: n } };
    }
    if (sheet.footer?.length) {
      ws.addRow([]).commit();
      for (const line of sheet.footer) {
        const r = ws.addRow([this.text(line)]);
        r.font = BODY_FONT;
        r.alignment = { vertical: 'bottom', wrapText: true };
        r.height = Math.max(30, spanHeight(line, plan));
        ws.mergeCells(r.number, 1, r.number, plan.spanColumns);
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
        alignment: { vertical: 'middle', ...(s.plan.wrap[c] ? { wrapText: true } : {}) },
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
  plan: PrintPlan;
  kinds: Array<ColumnOut['kind']>;
  /** Lines each wrapped text takes, as measured (per column). */
  lines: Array<Map<string, number>>;
  /** Rows written (bands included): the next row is firstData + count. */
  count: number;
  /** Data rows written (bands not counted). */
  dataRows: number;
  /** A band was written: the sheet is grouped. */
  anyBand: boolean;
  stream: { write(text: string): unknown };
  headerRow: number;
  firstData: number;
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
