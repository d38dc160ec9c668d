import { d, m } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/issues/catalogue.js';
import { UserError } from '../../src/errors.js';
import { assertEveryRowAccounted, assertMonthCovered, payrollMonth } from '../../src/rules/payroll-month.js';
import { clerk, entry, policy } from '../helpers/clerks.js';

describe('a month of payroll', () => {
  it('excludes every row of a duplicate group, by 工号 or by 身份证号 (never pays twice)', () => {
    const entries = [
      entry(clerk({ row: 4, staffId: 'E1', employeeNo: 'E1' })),
      entry(clerk({ row: 5, staffId: 'E1', employeeNo: 'E1' })),
      entry(clerk({ row: 6, staffId: 'E2', employeeNo: 'E2', idNumber: '11010519491231002X' })),
      entry(clerk({ row: 7, staffId: 'E3', employeeNo: 'E3', idNumber: '11010519491231002X' })),
      entry(clerk({ row: 8, staffId: 'E4', employeeNo: 'E4' })),
    ];
    const r = payrollMonth(entries, m('2025-06'), policy);
    expect([...r.lines].map((l) => l.row)).toEqual([8]);
    expect(r.excluded.map((e) => [e.row, e.reason, e.codes])).toEqual([
      [4, 'invalid', ['DUPLICATE_STAFF']],
      [5, 'invalid', ['DUPLICATE_STAFF']],
      [6, 'invalid', ['DUPLICATE_STAFF']],
      [7, 'invalid', ['DUPLICATE_STAFF']],
    ]);
    expect([...r.issues].filter((i) => i.code === 'DUPLICATE_STAFF')).toHaveLength(4);
    // The sentence names the row once (in its own column), not again in each message.
    const dup = [...r.issues].find((i) => i.row === 4 && i.code === 'DUPLICATE_STAFF')!;
    expect(messageOf(dup).startsWith('第 4 行（E1）：')).toBe(true);
    expect(r.excluded[0]!.because).toBe(`数据有误，本月不予计发：${messageOf(dup).slice('第 4 行（E1）：'.length)}`);
  });

  it('identifies rows without 工号 or ID by 姓名 + 所属中心', () => {
    const a = clerk({ row: 4, staffId: '张三@甲', employeeNo: undefined });
    delete a.employeeNo;
    const b = { ...a, row: 5 };
    const c = { ...a, row: 6, center: '乙', staffId: '张三@乙' };
    const r = payrollMonth([entry(a), entry(b), entry(c)], m('2025-06'), policy);
    expect([...r.lines].map((l) => l.row)).toEqual([6]);
  });

  it('lists every row: paid + excluded = read', () => {
    const entries = [
      entry(clerk({ row: 4, staffId: 'A', employeeNo: 'A' })),
      entry(clerk({ row: 5, staffId: 'B', employeeNo: 'B', startDate: d('2025-07-01') })),
      { row: 6, staffId: 'C', employeeNo: 'C', issues: [], blocking: ['VALUE_REQUIRED' as const] },
      entry(clerk({ row: 7, staffId: 'D', employeeNo: 'D', leaveDate: d('2025-01-01'), startDate: d('2025-03-01') })),
    ];
    const r = payrollMonth(entries, m('2025-06'), policy);
    expect([...r.lines].length + r.excluded.length).toBe(entries.length);
    expect(r.excluded.map((e) => [e.row, e.reason])).toEqual([
      [5, 'not_on_post'],
      [6, 'invalid'],
      [7, 'invalid'], // 离岗 before 上岗: DATE_ORDER
    ]);
    expect(r.excluded[2]!.codes).toEqual(['DATE_ORDER']);
  });

  it('totals equal the sum of the lines', () => {
    const entries = [4, 5, 6].map((row, i) =>
      entry(clerk({ row, staffId: `E${row}`, employeeNo: `E${row}`, cert: { grade: (i + 3) as 3 | 4 | 5, date: d('2019-01-01') }, baseSalary: 2500 })),
    );
    const r = payrollMonth(entries, m('2025-06'), policy);
    expect(r.totals.allowanceTotal).toBe([...r.lines].reduce((s, l) => s + l.allowanceTotal, 0));
    expect(r.totals.skillAllowance).toBe(200 + 150 + 100);
    expect(r.totals.grossPay).toBe(7500 + r.totals.allowanceTotal);
  });

  it('runs the roster checks at the evaluation date', () => {
    const r = payrollMonth(
      [entry(clerk({ row: 4, startDate: d('2024-06-29'), birthDate: d('1988-01-01'), birthDateSource: 'column', education: 'below_college' }))],
      m('2025-06'),
      policy,
    );
    expect([...r.issues].map((i) => i.code).sort()).toEqual(['AGE_OVER_LIMIT', 'CERT_OVERDUE', 'EDUCATION_BELOW_MIN']);
  });

  it('refuses a month before the policy took effect (2024-12-27)', () => {
    expect(() => assertMonthCovered(m('2024-11'), policy, '宿区政办发〔2024〕26号')).toThrow(UserError);
    expect(() => assertMonthCovered(m('2024-12'), policy, '宿区政办发〔2024〕26号')).not.toThrow();
  });
});

describe('every row read is paid or listed (checked on every run)', () => {
  const entries = [entry(clerk({ row: 2, staffId: 'E1', employeeNo: 'E1' })), entry(clerk({ row: 3, staffId: 'E2', employeeNo: 'E2', startDate: d('2030-01-01') }))];
  const month = payrollMonth(entries, m('2025-06'), policy);

  it.each<[string, number, boolean]>([
    ['as many as read', 2, true],
    ['one row lost (read 3)', 3, false],
    ['one row counted twice (read 1)', 1, false],
  ])('%s', (_name, read, holds) => {
    expect(month.totals.clerks + month.excluded.length).toBe(2);
    if (holds) expect(() => assertEveryRowAccounted(read, month)).not.toThrow();
    else expect(() => assertEveryRowAccounted(read, month)).toThrow(/读入 \d 行，但计发 1 行、未发放 1 行/);
  });
});
