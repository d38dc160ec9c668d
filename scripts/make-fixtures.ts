// Regenerates fixtures/ from test/fixtures/district.ts: `npm run fixtures`.
import { mkdirSync } from 'node:fs';
import { writeXlsx } from '../test/helpers/sheets.js';
import { districtCentersSheet, districtRosterSheet } from '../test/fixtures/district.js';

mkdirSync('fixtures', { recursive: true });
await writeXlsx('fixtures/roster.xlsx', [districtRosterSheet()]);
await writeXlsx('fixtures/centers.xlsx', [districtCentersSheet()]);
console.log('fixtures/roster.xlsx fixtures/centers.xlsx');
