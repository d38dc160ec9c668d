// Builds spreadsheets shaped like the ones town offices send: merged titles, odd headers,
// dates in every form, IDs as numbers, rich text, formulas, Excel's built-in Chinese date
// formats (which exceljs can only write as custom formats, so they are patched in after).
import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { checkDigit } from '../../src/schema/id-number.js';

export type Value = ExcelJS.CellValue | { builtinDate: number; serial: number };

export interface SheetSpec {
  name: string;
  /** Rows from row 1; a title row is merged across the header's width. */
  title?: string;
  preamble?: string[];
  header: string[];
  rows: Value[][];
  /** Columns (1-based) formatted as text, like an ID column set to 文本. */
  textColumns?: number[];
}

/** Writes an xlsx; cells given as { builtinDate: 31, serial } get built-in number format 31 etc. */
export async function writeXlsx(path: string, sheets: SheetSpec[], opts: { date1904?: boolean } = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  const marks = new Map<number, string>(); // builtin id → placeholder format
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    if (s.title) {
      ws.addRow([s.title]);
      ws.mergeCells(1, 1, 1, s.header.length);
    }
    for (const p of s.preamble ?? []) ws.addRow([p]);
    ws.addRow(s.header);
    for (const r of s.rows) {
      const row = ws.addRow(r.map((v) => (isBuiltin(v) ? v.serial : v)));
      r.forEach((v, i) => {
        if (isBuiltin(v)) {
          const placeholder = `[$-F800]yyyy"PATCH${v.builtinDate}"`;
          marks.set(v.builtinDate, placeholder);
          row.getCell(i + 1).numFmt = placeholder;
        }
      });
    }
    for (const c of s.textColumns ?? []) ws.getColumn(c).numFmt = '@';
  }
  await wb.xlsx.writeFile(path);
  if (marks.size > 0) await patchBuiltinFormats(path, marks);
}

function isBuiltin(v: Value): v is { builtinDate: number; serial: number } {
  return typeof v === 'object' && v !== null && 'builtinDate' in v;
}

/** Replaces placeholder custom formats by the built-in ids Chinese Excel writes (27–36, 50–58). */
async function patchBuiltinFormats(path: string, marks: Map<number, string>): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(path));
  let styles = await zip.file('xl/styles.xml')!.async('string');
  for (const id of marks.keys()) {
    const re = new RegExp(`<numFmt numFmtId="(\\d+)" formatCode="[^"]*PATCH${id}[^"]*"/>`);
    const m = re.exec(styles);
    if (!m) throw new Error(`placeholder for ${id} not found`);
    styles = styles.replace(m[0], '').replace(new RegExp(`numFmtId="${m[1]}"`, 'g'), `numFmtId="${id}"`);
  }
  zip.file('xl/styles.xml', styles);
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer' }));
}

export async function writeCsv(path: string, rows: string[][], encoding: 'utf8' | 'utf8-bom' | 'gbk'): Promise<void> {
  const text = rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gbk') await writeFile(path, iconv.encode(text, 'gbk'));
  else await writeFile(path, (encoding === 'utf8-bom' ? '\uFEFF' : '') + text, 'utf8');
}

/** A valid 18-digit ID for a birth date (YYYYMMDD) and a sequence number. */
export function makeId(birth: string, seq: number, region = '321302'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** Excel 1900-system serial of an ISO date. */
export function serialOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000 + 25569;
}

/** A Date as exceljs writes date cells: UTC midnight. */
export function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Reads a written workbook back: sheet name → rows of cell values (1-based rows kept). */
export async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}
