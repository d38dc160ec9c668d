// Rows of last month's issued sheet (payroll --previous): who, how much, and what is not a clerk.
import { describe, expect, it } from 'vitest';
import { textCell, type Cell } from '../../src/io/cell.js';
import { parseIssuedRow } from '../../src/schema/issued.js';

const row = (cells: Record<string, string | number>) => ({
  row: 9,
  get: (key: string): Cell => {
    const v = cells[key];
    return v === undefined ? { t: 'empty' } : typeof v === 'number' ? { t: 'number', v } : textCell(v);
  },
});

describe('parseIssuedRow', () => {
  it.each<[string, Record<string, string | number>, unknown]>([
    ['a clerk by 工号', { employeeNo: 'E001', name: '张三', total: 350, skill: 200, rosterRow: 4 }, { row: 9, key: { by: 'employeeNo', value: 'E001' }, name: '张三', rosterRow: 4, skill: 200, total: 350 }],
    ['a clerk by 身份证号 (no 工号), x upper-cased', { idNumber: '32130219900101123x', name: '李四', total: '1,200.00' }, { row: 9, key: { by: 'idNumber', value: '32130219900101123X' }, name: '李四', total: 1200 }],
    ['the totals row', { name: '合计', total: 12200 }, 'skip'],
    ['a blank row', {}, 'skip'],
    ['the signature line, merged across the row', { employeeNo: '制表人：____ 审核人：____', name: '制表人：____ 审核人：____', total: '制表人：____ 审核人：____' }, 'skip'],
    ['a note with no one in it', { name: '注：本表由中心填报', total: '—' }, 'skip'],
  ])('%s', (_, cells, expected) => {
    expect(parseIssuedRow(row(cells), '上月.xlsx')).toEqual(expected);
  });

  it.each<[string, Record<string, string | number>, RegExp]>([
    ['someone with an amount and no 工号 or 身份证号', { name: '王五', total: 300 }, /既没有工号也没有身份证号/],
    ['a masked 身份证号 and no 工号', { idNumber: '321302********1234', name: '王五', total: 300 }, /身份证号已脱敏/],
    ['a 补贴合计 that is not an amount', { employeeNo: 'E003', name: '王五', total: '三百' }, /「补贴合计」“三百”不是金额/],
    ['no 补贴合计 for a clerk', { employeeNo: 'E003', name: '王五' }, /「补贴合计」“”不是金额/],
  ])('%s: one sentence naming the row', (_, cells, message) => {
    expect(() => parseIssuedRow(row(cells), '上月.xlsx')).toThrow(message);
    expect(() => parseIssuedRow(row(cells), '上月.xlsx')).toThrow(/上月发放表 上月.xlsx 第 9 行/);
  });
});
