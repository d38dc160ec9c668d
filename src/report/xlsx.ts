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
    // One style object per (column, fill): exceljs caches styles by object identity, so
    // reusing them keeps a million cells from each building and looking up its own style.
    const styles = new Map<string, object>();
    const styleFor = (c: number, fill: string | undefined) => {
      const key = `${c}|${fill ?? ''}`;
      let st = styles.get(key);
      if (!st) {
        const kind = sheet.columns[c]!.kind;
        st = {
          font: BODY_FONT,
          border: BOX,
          ...(kind === 'money' ? { numFmt: MONEY } : kind === 'id' || kind === 'text' ? { numFmt: '@' } : {}),
          ...(fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } } } : {}),
        };
        styles.set(key, st);
      }
      return st;
    };
    const sums = new Map<number, number>((sheet.totals?.sumColumns ?? []).map((c) => [c, 0]));
    let count = 0;
    for (const values of sheet.rows) {
      const r = ws.addRow(values.map(toExcel));
      const fill = sheet.rowFill?.(values, count);
      for (let c = 0; c < n; c++) {
        (r.getCell(c + 1) as unknown as { style: object }).style = styleFor(c, sheet.cellFill?.(values[c] ?? null, c) ?? fill);
      }
      for (const [c, sum] of sums) if (typeof values[c] === 'number') sums.set(c, sum + (values[c] as number));
      r.commit();
      // Let the zip stream take what was written: without a turn of the event loop the whole
      // sheet's XML would pile up in memory before compression starts.
      if (++count % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const lastData = firstData + count - 1;

    if (sheet.totals) {
      const values: CellOut[] = sheet.columns.map(() => null);
      values[sheet.totals.labelColumn] = sheet.totals.label;
      for (const c of sheet.totals.sumColumns) {
        const result = Math.round(sums.get(c)! * 100) / 100;
        const letter = columnLetter(c + 1);
        values[c] = count > 0 ? { formula: `SUM(${letter}${firstData}:${letter}${lastData})`, result } : 0;
      }
      const r = ws.addRow(values.map(toExcel));
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

function toExcel(v: CellOut): unknown {
  if (v === null) return null;
  return v;
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
