// Regenerates fixtures/ from test/fixtures/district.ts: `npm run fixtures`.
import { mkdirSync } from 'node:fs';
import { writeCsv, writeXlsx } from '../test/helpers/sheets.js';
import { districtCentersSheet, districtRosterSheet, ratingsWide } from '../test/fixtures/district.js';

mkdirSync('fixtures', { recursive: true });
await writeXlsx('fixtures/roster.xlsx', [districtRosterSheet()]);
await writeXlsx('fixtures/centers.xlsx', [districtCentersSheet()]);
// GBK, as Chinese Excel saves "CSV (逗号分隔)".
await writeCsv('fixtures/ratings-2025.csv', ratingsWide(), 'gbk');
console.log('fixtures/roster.xlsx fixtures/centers.xlsx fixtures/ratings-2025.csv');
