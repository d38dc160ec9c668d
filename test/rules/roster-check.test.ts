// docs/contract.md §4.4 at each boundary.
import { d } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import { issueForOutput } from '../../src/report/meta.js';
import type { Clerk } from '../../src/domain.js';
import { checkRoster } from '../../src/rules/roster-check.js';
import { makeId } from '../helpers/sheets.js';
import { clerk, entry, policy } from '../helpers/clerks.js';

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
    expect(check({ birthDate: d('2010-01-01'), birthDateSource: 'column', startDate: d('2020-01-01'), cert: { grade: 5, date: d('2020-06-01') } })).toEqual(['DATE_ORDER', 'DATE_ORDER']);
    expect(check({ startDate: d('2020-01-01'), leaveDate: d('2019-12-31') })).toEqual(['DATE_ORDER']);
  });
  it('checks conditions only for clerks on post at the as-of date', () => {
    expect(check({ startDate: d('2025-07-01') })).toEqual([]);
    expect(check({ startDate: d('2010-01-01'), leaveDate: d('2025-06-29') })).toEqual([]);
  });
});

describe('DATE_ORDER at the minimum working age (16 周岁)', () => {
  const order = (over: Partial<Clerk>) => check({ birthDate: d('2000-03-01'), birthDateSource: 'column', ...over }).filter((c) => c === 'DATE_ORDER');
  it.each<[string, Partial<Clerk>, number]>([
    ['started on the 16th birthday', { startDate: d('2016-03-01') }, 0],
    ['started the day before', { startDate: d('2016-02-29') }, 1],
    ['certified on the 16th birthday', { startDate: d('2016-03-01'), cert: { grade: 5, date: d('2016-03-01') } }, 0],
    ['certified the day before', { startDate: d('2016-03-01'), cert: { grade: 5, date: d('2016-02-29') } }, 1],
  ])('%s', (_, over, n) => expect(order(over)).toHaveLength(n));
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

describe('DATE_ORDER cites the rule that failed', () => {
  const found = (over: Partial<Clerk>) => checkRoster([entry(clerk(over))], d('2025-06-30'), policy).issues.filter((i) => i.code === 'DATE_ORDER');
  it('离岗 before 上岗 is a data error with no clause (not the minimum working age)', () => {
    const [issue] = found({ startDate: d('2020-01-01'), leaveDate: d('2019-12-31') });
    expect(issue).toBeDefined();
    expect(issue!.clause).toBeUndefined();
  });
  it('上岗 before 16 cites the minimum working age', () => {
    const [issue] = found({ birthDate: d('2010-01-01'), birthDateSource: 'column', startDate: d('2020-01-01') });
    expect(issue!.clause).toBe('《劳动法》第十五条');
  });
});
