// CSV output (docs/contract.md §6.1): the main sheet only, UTF-8 with BOM so Excel opens it in Chinese.
// Every text cell that a spreadsheet would run as a formula is neutralized with a leading ';
// a text column's digits (身份证号, 工号 00123) are written as the text formula ="…", the one
// form Excel, WPS and LibreOffice all open as text with their default import settings, so an
// 18-digit ID is not turned into 3.21302199003121E+17 and its last digits lost.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { isBand, type CellOut, type SheetOut } from './table.js';
import { maskIdsIn } from '../schema/id-number.js';

/** `maskIds`: every ID number in any cell is masked (--mask-id). */
export async function writeCsv(path: string, sheet: SheetOut, maskIds = false): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  // pipeline, not pipe: a failing file (a full disk) ends the wait below with its error.
  const done = pipeline(csv, out);
  done.catch(() => {}); // observed below
  const write = async (record: unknown[]) => {
    if (!csv.write(record)) await Promise.race([once(csv, 'drain'), done]); // backpressure: a million rows are not buffered
  };
  // A grouped sheet says what its CSV is (the data rows alone); otherwise its bands are left out.
  const source = sheet.csv ?? sheet;
  await write(source.columns.map((c) => c.header));
  const asText = source.columns.map((c) => c.kind === 'text' || c.kind === 'id');
  const shown = maskIds ? (v: CellOut) => masked(plain(v)) : plain;
  for (const row of source.rows) if (!isBand(row)) await write(row.map((v, i) => safe(shown(v), asText[i] === true)));
  csv.end();
  await done;
}

/** A formula's first characters (csv-stringify's escape_formulas set), and what a spreadsheet reads as a number. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i;

function safe(v: string | number | boolean | null, text: boolean): string | number | boolean | null {
  if (typeof v !== 'string') return v;
  // A string literal cannot run anything: ="…" only keeps the text as text.
  if (text && NUMBER_LIKE.test(v)) return `="${v}"`;
  return FORMULA_START.test(v) ? `'${v}` : v;
}

function masked(v: string | number | boolean | null): string | number | boolean | null {
  return typeof v === 'string' ? maskIdsIn(v) : v;
}

function plain(v: CellOut): string | number | boolean | null {
  if (v !== null && typeof v === 'object') return v.result;
  return v;
}
