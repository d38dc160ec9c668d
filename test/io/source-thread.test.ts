// Rows cross from the reading thread as one string per batch: every cell shape must arrive as
// it left, and text holding the separators must still arrive (as JSON).
import { d } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/io/cell.js';
import { packRecords, packRows, unpackRecords, unpackRows } from '../../src/io/source-thread.js';
import type { RawRow } from '../../src/io/raw.js';

const every: Cell[] = [
  { t: 'text', v: '张三' },
  { t: 'empty' },
  { t: 'number', v: 1234.5678 },
  { t: 'number', v: -0.1 + 0.3 }, // not a short decimal: must survive exactly
  { t: 'date', v: d('2025-06-01'), raw: '2025年6月1日' },
  { t: 'bool', v: true },
  { t: 'bool', v: false },
  { t: 'error', v: '#N/A' },
  { t: 'no-result', formula: 'SUM(A1:A3)' },
  { t: 'text', v: '耿车镇大众社区便民服务站（含 "引号" 与 , 逗号）' },
];

describe('packRows / unpackRows', () => {
  it('round-trips every cell shape, row numbers and empty rows', () => {
    const rows: RawRow[] = [
      { row: 3, cells: every },
      { row: 4, cells: [] },
      { row: 9, cells: [{ t: 'empty' }, { t: 'text', v: '321302198501010057' }] },
    ];
    const packed = packRows(rows);
    expect(packed[0]).toBe('P');
    expect(unpackRows(packed)).toEqual(rows);
  });

  it('falls back to JSON when a value holds a separator character', () => {
    const rows: RawRow[] = [{ row: 2, cells: [{ t: 'text', v: 'a\u0001b' }, { t: 'text', v: 'c\u0000' }] }];
    const packed = packRows(rows);
    expect(packed[0]).toBe('J');
    expect(unpackRows(packed)).toEqual(rows);
  });
});

describe('packRecords / unpackRecords', () => {
  it('round-trips CSV records, blank lines and blank fields included', () => {
    const records = [['工号', '姓名'], [''], ['E1', ''], ['', '李四', '多出的列']];
    expect(unpackRecords(packRecords(records))).toEqual(records);
  });
  it('falls back to JSON when a field holds a separator character', () => {
    const records = [['E1', 'x\u0001y'], ['E2', '\u0002']];
    expect(packRecords(records)[0]).toBe('J');
    expect(unpackRecords(packRecords(records))).toEqual(records);
  });
});
