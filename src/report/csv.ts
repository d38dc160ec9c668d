// CSV output (SPEC §6.1): the main sheet only, UTF-8 with BOM so Excel opens it in Chinese,
// and every text cell that Excel would run as a formula neutralized with a leading '.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { isBand, type CellOut, type SheetOut } from './table.js';
import { maskIdsIn } from '../schema/id-number.js';

/** `maskIds`: every ID number in any cell is masked (--mask-id). */
export async function writeCsv(path: string, sheet: SheetOut, maskIds = false): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ bom: true, escape_formulas: true, record_delimiter: 'windows' });
  // pipeline, not pipe: a failing file (a full disk) ends the wait below with its error.
  const done = pipeline(csv, out);
  done.catch(() => {}); // observed below
  const write = async (record: unknown[]) => {
    if (!csv.write(record)) await Promise.race([once(csv, 'drain'), done]); // backpressure: a million rows are not buffered
  };
  // A grouped sheet says what its CSV is (the data rows alone); otherwise its bands are left out.
  const source = sheet.csv ?? sheet;
  await write(source.columns.map((c) => c.header));
  const cell = maskIds ? (v: CellOut) => masked(plain(v)) : plain;
  for (const row of source.rows) if (!isBand(row)) await write(row.map(cell));
  csv.end();
  await done;
}

function masked(v: string | number | boolean | null): string | number | boolean | null {
  return typeof v === 'string' ? maskIdsIn(v) : v;
}

function plain(v: CellOut): string | number | boolean | null {
  if (v !== null && typeof v === 'object') return v.result;
  return v;
}
