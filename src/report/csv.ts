// CSV output (SPEC §6.1): the main sheet only, UTF-8 with BOM so Excel opens it in Chinese,
// and every text cell that Excel would run as a formula neutralized with a leading '.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { CellOut, SheetOut } from './table.js';

export async function writeCsv(path: string, sheet: SheetOut): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ bom: true, escape_formulas: true, record_delimiter: 'windows' });
  csv.pipe(out);
  const write = async (record: unknown[]) => {
    if (!csv.write(record)) await once(csv, 'drain'); // backpressure: a million rows are not buffered
  };
  await write(sheet.columns.map((c) => c.header));
  for (const row of sheet.rows) await write(row.map(plain));
  csv.end();
  await finished(out);
}

function plain(v: CellOut): string | number | boolean | null {
  if (v !== null && typeof v === 'object') return v.result;
  return v;
}
