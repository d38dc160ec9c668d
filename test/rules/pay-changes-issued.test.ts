// 变动 against what was issued (--previous, README 第 47 条): each issued row is some roster row's
// once. Two roster rows with one 工号 (both unpaid as duplicates) must not both claim last month's
// payment of that 工号: the rows would no longer add up and the run would stop (exit 2).
import { describe, expect, it } from 'vitest';
import { checkedChanges } from '../../src/report/payroll.js';
import { findDuplicates } from '../../src/rules/identity.js';
import { changesAgainstIssued, type PayChange } from '../../src/rules/pay-changes.js';
import { payrollMonth } from '../../src/rules/payroll-month.js';
import type { IssuedRow } from '../../src/schema/issued.js';
import { clerk, entry, policy } from '../helpers/clerks.js';
import { d, m } from '../helpers/dates.js';

const [MAY, JUNE] = [m('2025-05'), m('2025-06')];
const issued = (no: string, total: number, row: number): IssuedRow => ({ row, key: { by: 'employeeNo', value: no }, name: '张三', total });
const cents = (rows: PayChange[]) => rows.reduce((s, r) => s + Math.round(r.delta * 100), 0);

/** The rows for `entries` against `paid` last month, and June's total less what was issued, in cents. */
function against(entries: ReturnType<typeof entry>[], paid: IssuedRow[]) {
  const dups = findDuplicates(entries);
  const rows = [...changesAgainstIssued(entries, MAY, JUNE, policy, dups, paid)];
  const june = payrollMonth(entries, JUNE, policy, dups).totals.allowanceTotal;
  const expected = Math.round(june * 100) - paid.reduce((s, r) => s + Math.round(r.total * 100), 0);
  return { rows, june, expected };
}

describe('changesAgainstIssued: one issued row, one claim', () => {
  const cert = { grade: 4 as const, date: d('2020-03-01') };
  const twice = [entry(clerk({ row: 5, cert })), entry(clerk({ row: 9, name: '张三丰', cert }))]; // both 工号 E001
  // What one such clerk is paid for May, as the office would have issued it.
  const may = payrollMonth([twice[0]!], MAY, policy, findDuplicates([twice[0]!])).totals.allowanceTotal;
  it('pays one such clerk in May', () => expect(may).toBeGreaterThan(0));

  it('two roster rows with one 工号: the issued payment is listed once, on the first row, and everything adds up', () => {
    const { rows, june, expected } = against(twice, [issued('E001', may, 3)]);
    expect(june).toBe(0); // duplicates: neither row is paid
    // 改为不发放 (README 第 57 条): issued last month, a duplicate now.
    expect(rows.map((r) => [r.who.row, r.kind, r.before, r.after, r.delta])).toEqual([[5, 'stopped', may, 0, -may]]);
    expect(cents(rows)).toBe(expected);
    // The 变动 sheet's own check passes: the run writes its outputs instead of stopping with exit 2.
    const written = [...checkedChanges({ previous: MAY, against: 'issued', before: may, after: june, rows })];
    expect(written).toHaveLength(1);
  });

  it('the same with the 工号 paid by someone else too: each issued row is claimed once', () => {
    const other = entry(clerk({ row: 7, staffId: 'E002', employeeNo: 'E002', cert }));
    const { rows, expected } = against([twice[0]!, other, twice[1]!], [issued('E001', may, 3), issued('E002', may, 4)]);
    expect(rows.filter((r) => r.kind === 'stopped').map((r) => [r.who.row, r.delta])).toEqual([[5, -may]]);
    expect(cents(rows)).toBe(expected);
  });

  it('one roster row per 工号: paid as issued, no unexplained row', () => {
    const { rows, expected } = against([twice[0]!], [issued('E001', may, 3)]);
    expect(rows.filter((r) => r.kind === 'unexplained')).toEqual([]);
    expect(cents(rows)).toBe(expected);
  });
});
