// docs/contract.md §4.4 at each boundary.
import { d, m } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import { issueForOutput } from '../../src/report/meta.js';
import type { Clerk } from '../../src/domain.js';
import { checkRoster } from '../../src/rules/roster-check.js';
import { makeId } from '../helpers/sheets.js';
import { clerk, entry, policy, withValues } from '../helpers/clerks.js';
import { checkDateOrder } from '../../src/rules/clerk-conditions.js';
import { messageOf, severityOf } from '../../src/issues/catalogue.js';
import { NO_DUPLICATES, payEntry } from '../../src/rules/payroll-month.js';

const check = (over: Partial<Clerk>, asOf: string = '2025-06-30') => checkRoster([entry(clerk(over))], d(asOf), policy).issues.map((i) => i.code).sort();

describe('age at the start date ③ 35周岁以下 (35 itself allowed)', () => {
  it.each<[string, Partial<Clerk>, string[]]>([
    ['exactly 35 from the birth date', { birthDate: d('1985-01-01'), birthDateSource: 'column', startDate: d('2020-01-01') }, []],
    ['36 from the birth date', { birthDate: d('1984-01-01'), birthDateSource: 'column', startDate: d('2020-01-01') }, ['AGE_OVER_LIMIT']],
    ['35, the day before the 36th birthday', { birthDate: d('1984-01-02'), birthDateSource: 'column', startDate: d('2020-01-01') }, []],
    ['exactly 35 from the ID', { idNumber: makeId('19850101', 1), birthDate: d('1985-01-01'), birthDateSource: 'id', startDate: d('2020-01-01') }, []],
    ['36 from the ID', { idNumber: makeId('19840101', 1), birthDate: d('1984-01-01'), birthDateSource: 'id', startDate: d('2020-01-01') }, ['AGE_OVER_LIMIT']],
  ])('%s', (_, over, codes) => expect(check({ cert: { grade: 5, date: d('2020-06-01') }, ...over })).toEqual(codes));
});

describe('certificate within one year ⑧', () => {
  it.each<[string, Partial<Clerk>, string, string[]]>([
    ['certified exactly one year after the start', { startDate: d('2020-03-01'), cert: { grade: 5, date: d('2021-03-01') } }, d('2025-06-30'), []],
    ['certified one day later', { startDate: d('2020-03-01'), cert: { grade: 5, date: d('2021-03-02') } }, d('2025-06-30'), ['CERT_LATE']],
    ['no certificate, exactly one year on', { startDate: d('2024-06-30') }, d('2025-06-30'), []],
    ['no certificate, one year and a day on', { startDate: d('2024-06-29') }, d('2025-06-30'), ['CERT_OVERDUE']],
    ['certificate dated after the as-of date counts as none', { startDate: d('2020-01-01'), cert: { grade: 5, date: d('2025-07-01') } }, d('2025-06-30'), ['CERT_LATE', 'CERT_OVERDUE']],
  ])('%s', (_, over, asOf, codes) => expect(check(over, asOf)).toEqual(codes));
});

describe('education ③ and ID birth date', () => {
  it('warns below 大专, not at 大专', () => {
    expect(check({ education: 'below_college', cert: { grade: 5, date: d('2020-06-01') } })).toEqual(['EDUCATION_BELOW_MIN']);
    expect(check({ education: 'college', cert: { grade: 5, date: d('2020-06-01') } })).toEqual([]);
  });
  it('warns when 出生日期 differs from the ID', () => {
    expect(check({ idNumber: makeId('19900101', 1), birthDate: d('1990-01-02'), birthDateSource: 'column', cert: { grade: 5, date: d('2020-06-01') } })).toEqual(['ID_BIRTH_MISMATCH']);
  });
});

describe('duplicates and date order', () => {
  it('by 工号 and by 身份证号', () => {
    const id = makeId('19900101', 7);
    const es = [
      entry(clerk({ row: 2, staffId: 'A', employeeNo: 'A', cert: { grade: 5, date: d('2020-06-01') } })),
      entry(clerk({ row: 3, staffId: 'A', employeeNo: 'A', cert: { grade: 5, date: d('2020-06-01') } })),
      entry(clerk({ row: 4, staffId: 'B', employeeNo: 'B', idNumber: id, cert: { grade: 5, date: d('2020-06-01') } })),
      entry(clerk({ row: 5, staffId: 'C', employeeNo: 'C', idNumber: id, cert: { grade: 5, date: d('2020-06-01') } })),
    ];
    const r = checkRoster(es, d('2025-06-30'), policy);
    expect(r.issues.map((i) => issueForOutput(i, false)).map((i) => [i.row, i.code, i.column])).toEqual([
      [2, 'DUPLICATE_STAFF', '工号'],
      [3, 'DUPLICATE_STAFF', '工号'],
      [4, 'DUPLICATE_STAFF', '身份证号'],
      [5, 'DUPLICATE_STAFF', '身份证号'],
    ]);
  });
  it('dates out of order', () => {
    expect(check({ birthDate: d('2010-01-01'), birthDateSource: 'column', startDate: d('2020-01-01'), cert: { grade: 5, date: d('2020-06-01') } })).toEqual(['CERT_BEFORE_WORKING_AGE', 'START_BEFORE_WORKING_AGE']);
    expect(check({ startDate: d('2020-01-01'), leaveDate: d('2019-12-31') })).toEqual(['DATE_ORDER']);
  });
  it('checks conditions only for clerks on post at the as-of date', () => {
    expect(check({ startDate: d('2025-07-01') })).toEqual([]);
    expect(check({ startDate: d('2010-01-01'), leaveDate: d('2025-06-29') })).toEqual([]);
  });
});

describe('the minimum working age (16 周岁), at the day', () => {
  const order = (over: Partial<Clerk>) => check({ birthDate: d('2000-03-01'), birthDateSource: 'column', ...over }).filter((c) => c.endsWith('_BEFORE_WORKING_AGE'));
  it.each<[string, Partial<Clerk>, string[]]>([
    ['started on the 16th birthday', { startDate: d('2016-03-01') }, []],
    ['started the day before', { startDate: d('2016-02-29') }, ['START_BEFORE_WORKING_AGE']],
    ['certified on the 16th birthday', { startDate: d('2016-03-01'), cert: { grade: 5, date: d('2016-03-01') } }, []],
    ['certified the day before', { startDate: d('2016-03-01'), cert: { grade: 5, date: d('2016-02-29') } }, ['CERT_BEFORE_WORKING_AGE']],
  ])('%s', (_, over, codes) => expect(order(over)).toEqual(codes));
});

describe('one finding per row when 工号 and 身份证号 name the same rows', () => {
  const id = makeId('19900101', 7);
  const dup = (row: number, no: string, idNumber?: string) =>
    entry(clerk({ row, staffId: no, employeeNo: no, cert: { grade: 5, date: d('2020-06-01') }, ...(idNumber ? { idNumber } : {}) }));
  it.each<[string, ReturnType<typeof dup>[], Array<[number, string]>]>([
    ['same 工号 and same ID on the same two rows: one finding each', [dup(2, 'A', id), dup(3, 'A', id)], [[2, '工号'], [3, '工号']]],
    [
      'the ID also names a third row: two findings on the shared rows',
      [dup(2, 'A', id), dup(3, 'A', id), dup(4, 'B', id)],
      [[2, '工号'], [2, '身份证号'], [3, '工号'], [3, '身份证号'], [4, '身份证号']],
    ],
  ])('%s', (_, es, expected) => {
    const found = checkRoster(es, d('2025-06-30'), policy).issues.filter((i) => i.code === 'DUPLICATE_STAFF');
    expect(found.map((i) => [i.row, issueForOutput(i, false).column]).sort()).toEqual(expected);
  });
});

describe('dates in an impossible or unlikely order: one code per situation (issue 21.8)', () => {
  // Each situation: its code, severity, clause (or none), data, and whether payroll holds the row's pay.
  const born = { birthDate: d('2010-01-01'), birthDateSource: 'column' as const };
  it.each<[string, Partial<Clerk>, { code: string; severity: string; clause: string | undefined; data: object; held: boolean }]>([
    [
      '离岗 before 上岗: a contradiction, no clause, pay held',
      { startDate: d('2020-01-01'), leaveDate: d('2019-12-31') },
      { code: 'DATE_ORDER', severity: 'error', clause: undefined, data: { column: '离岗日期', value: '2019-12-31', expected: '2020-01-01' }, held: true },
    ],
    [
      '上岗 before 16: 《劳动法》第十五条, pay held',
      { ...born, startDate: d('2025-06-01'), cert: { grade: 5, date: d('2026-06-01') } },
      { code: 'START_BEFORE_WORKING_AGE', severity: 'error', clause: '《劳动法》第十五条', data: { column: '上岗日期', value: '2025-06-01', birthDate: '2010-01-01', minAge: 16, earliest: '2026-01-01' }, held: true },
    ],
    [
      '取证 before 16: no clause (no rule sets an age for a certificate), a warning, paid',
      { ...born, startDate: d('2026-01-01'), cert: { grade: 5, date: d('2025-12-31') } },
      { code: 'CERT_BEFORE_WORKING_AGE', severity: 'warning', clause: undefined, data: { column: '取证日期', value: '2025-12-31', birthDate: '2010-01-01', minAge: 16, earliest: '2026-01-01' }, held: false },
    ],
  ])('%s', (_, over, want) => {
    const c = clerk({ idNumber: undefined, ...over });
    const found = checkDateOrder(c, policy);
    expect(found.map((i) => ({ code: i.code, severity: severityOf(i), clause: i.clause, data: i.data }))).toEqual([
      { code: want.code, severity: want.severity, clause: want.clause, data: want.data },
    ]);
    expect(messageOf(found[0]!)).not.toMatch(/undefined|NaN|\[object/);
    if (want.clause) expect(messageOf(found[0]!)).toContain(`（${want.clause}）`);
    else expect(messageOf(found[0]!)).not.toContain('劳动法');
    // In a month the clerk is on post by the roster: paid, or held with the code as the reason.
    const pay = payEntry(entry(c), m('2026-06'), policy, NO_DUPLICATES).pay;
    expect(pay.status === 'invalid' ? pay.codes : pay.status).toEqual(want.held ? [want.code] : 'paid');
  });
  it('the working-age parameter decides the day (policy hiring.min_working_age)', () => {
    const at18 = withValues({ 'hiring.min_working_age': 18 });
    const c = clerk({ birthDate: d('2000-03-01'), birthDateSource: 'column', startDate: d('2017-03-01') });
    expect(checkDateOrder(c, at18).map((i) => [i.code, (i.data as { earliest: string }).earliest])).toEqual([['START_BEFORE_WORKING_AGE', '2018-03-01']]);
    expect(checkDateOrder(c, policy)).toEqual([]);
  });
});
