// Renders report tables into a styled workbook with the streaming writer: one pass, rows
// committed as they are written, so memory does not grow with the table.
import type { CellOut, SheetOut } from './table.js';

const HEADER_FILL = 'FFDDEBF7';
const TITLE_FONT = { name: '宋体', size: 14, bold: true };
const BODY_FONT = { name: '宋体', size: 11 };
const BORDER = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BOX = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
const MONEY = '#,##0.00';

export async function writeXlsx(path: string, sheets: readonly SheetOut[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  if (sheets.some((s) => s.dataBars?.length)) await useClassicDataBars();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.creator = 'gov-clerk';
  for (const sheet of sheets) {
    const top = (sheet.title ? 1 : 0) + (sheet.subtitle ? 1 : 0);
    const headerRow = top + 1;
    const ws = wb.addWorksheet(sheet.name, {
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
      const r = ws.addRow([sheet.title]);
      r.font = TITLE_FONT;
      r.height = 24;
      r.alignment = { horizontal: 'center', vertical: 'middle' };
      ws.mergeCells(r.number, 1, r.number, n);
      r.commit();
    }
    if (sheet.subtitle) {
      const r = ws.addRow([sheet.subtitle]);
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

    const firstData = headerRow + 1;
    // Data rows are written as XML text straight into the sheet's stream: building an exceljs
    // Row and Cell per value was most of the run time on large rosters. The cells are exactly
    // the ones exceljs writes itself (<c r s t="str"><v>…</v></c>); their styles are registered
    // with exceljs once per (column, fill), so styles.xml stays exceljs's own.
    const styleIds = new Map<string, number>();
    const plainIds: Array<number | undefined> = [];
    const styleId = (c: number, fill: string | undefined): number => {
      if (fill === undefined && plainIds[c] !== undefined) return plainIds[c]!;
      const key = `${c}|${fill ?? ''}`;
      let id = styleIds.get(key);
      if (id === undefined) {
        const kind = sheet.columns[c]!.kind;
        const style = {
          font: BODY_FONT,
          border: BOX,
          ...(kind === 'money' ? { numFmt: MONEY } : kind === 'id' || kind === 'text' ? { numFmt: '@' } : {}),
          ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } } : {}),
        };
        id = wbStyles(wb).addStyleModel(style, NUMBER_TYPE);
        styleIds.set(key, id);
      }
      if (fill === undefined) plainIds[c] = id;
      return id;
    };
    const letters = sheet.columns.map((_, c) => columnLetter(c + 1));
    const stream = sheetStream(ws);
    const sums = new Map<number, number>((sheet.totals?.sumColumns ?? []).map((c) => [c, 0]));
    let count = 0;
    let chunk = '';
    for (const values of sheet.rows) {
      const rowNumber = firstData + count;
      const fill = sheet.rowFill?.(values, count);
      chunk += `<row r="${rowNumber}">`;
      for (let c = 0; c < n; c++) {
        const v = values[c] ?? null;
        const ref = `${letters[c]}${rowNumber}`;
        const s = styleId(c, sheet.cellFill?.(v, c) ?? fill);
        if (v === null || v === '') chunk += `<c r="${ref}" s="${s}"/>`;
        else if (typeof v === 'number') chunk += Number.isFinite(v) ? `<c r="${ref}" s="${s}"><v>${v}</v></c>` : `<c r="${ref}" s="${s}"/>`;
        else if (typeof v === 'boolean') chunk += `<c r="${ref}" s="${s}" t="b"><v>${v ? 1 : 0}</v></c>`;
        else if (typeof v === 'string') chunk += `<c r="${ref}" s="${s}" t="str"><v>${xmlText(v)}</v></c>`;
        else chunk += `<c r="${ref}" s="${s}"><f>${xmlText(v.formula)}</f><v>${v.result}</v></c>`;
        if (sums.has(c) && typeof v === 'number') sums.set(c, sums.get(c)! + v);
      }
      chunk += '</row>';
      count++;
      if (chunk.length > 1 << 16) {
        stream.write(chunk);
        chunk = '';
        await drained(stream);
      }
    }
    if (chunk) stream.write(chunk);
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
        const r = ws.addRow([line]);
        r.font = BODY_FONT;
        r.height = 22;
        ws.mergeCells(r.number, 1, r.number, n);
        r.commit();
      }
    }
    ws.commit();
  }
  await wb.commit();
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

/**
 * exceljs writes every data bar with an <extLst> reference to an Excel 2010 extension that the
 * streaming writer never writes, so Excel offers to "repair" the file and drops the bars
 * (exceljs #3015). The classic (2007) form alone renders in every Excel since 2010, WPS and
 * LibreOffice: render that. Patched once, on the one method, for exceljs 4.4.
 */
let classicDataBars = false;
async function useClassicDataBars(): Promise<void> {
  if (classicDataBars) return;
  // @ts-expect-error: an internal module of exceljs, without typings
  const mod = (await import('exceljs/lib/xlsx/xform/sheet/cf/cf-rule-xform.js')) as { default: { prototype: Record<string, unknown> } };
  const proto = mod.default.prototype as {
    tag: string;
    databarXform: { render(x: unknown, m: unknown): void };
    renderDataBar?: (x: { openNode(t: string, a: object): void; closeNode(): void }, m: { priority?: number }) => void;
  };
  if (typeof proto.renderDataBar !== 'function') throw new Error('exceljs changed: cannot render data bars safely');
  proto.renderDataBar = function (this: typeof proto, xml, model) {
    xml.openNode(this.tag, { type: 'dataBar', priority: model.priority });
    this.databarXform.render(xml, model);
    xml.closeNode();
  };
  classicDataBars = true;
}

// —— the few exceljs internals the fast row path relies on (exceljs 4.4) ——
const NUMBER_TYPE = 2; // Enums.ValueType.Number

interface StylesLike {
  addStyleModel(model: object, cellType: number): number;
}
function wbStyles(wb: unknown): StylesLike {
  const styles = (wb as { styles?: StylesLike }).styles;
  if (!styles || typeof styles.addStyleModel !== 'function') throw new Error('exceljs changed: no styles registry');
  return styles;
}

/** The worksheet's XML stream, after exceljs has opened <sheetData> (the header row did). */
function sheetStream(ws: unknown): { write(text: string): unknown } {
  const w = ws as { stream?: { write(text: string): unknown }; startedData?: boolean };
  if (!w.startedData || !w.stream) throw new Error('exceljs changed: sheet data not started');
  return w.stream;
}

/**
 * Backpressure that exceljs's streaming writer lacks: it hands the sheet XML to the zip
 * without waiting, so a fast producer piles megabytes of XML in memory ahead of deflate.
 * Wait until the zip has taken this sheet's stream and has room again.
 */
async function drained(stream: unknown): Promise<void> {
  const pipes = (stream as { pipes?: NodeJS.WritableStream[] }).pipes;
  if (!Array.isArray(pipes)) return;
  // The zip takes one entry at a time: this sheet waits until the previous one is deflated.
  while (pipes.length === 0) await new Promise((r) => setTimeout(r, 1));
  const dest = pipes[0] as (NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } }) | undefined;
  // archiver's PassThrough is an old readable-stream: no writableNeedDrain, only its state.
  if (dest?.writableNeedDrain ?? dest?._writableState?.needDrain) await new Promise((r) => dest!.once('drain', r));
  else await new Promise((r) => setImmediate(r));
}

/** Tells exceljs that rows up to `next - 1` were written, so its next addRow() is row `next`. */
function skipRows(ws: unknown, next: number): void {
  const w = ws as { _rowZero?: number; _rows?: unknown[] };
  if (typeof w._rowZero !== 'number' || !Array.isArray(w._rows) || w._rows.length !== 0) {
    throw new Error('exceljs changed: cannot continue after fast rows');
  }
  w._rowZero = next;
}

/** XML text: escaped, without the control characters XML 1.0 forbids. */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
function xmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text; // the usual case: nothing to do
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));
}
