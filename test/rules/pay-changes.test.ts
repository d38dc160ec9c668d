// 变动: why a clerk's allowances moved from one month to the next, as a table of cases in the
// manner of ESLint's rule tests: a clerk, two months, the causes expected with their amounts.
import { describe, expect, it } from 'vitest';
import type { IsoDate, IsoMonth } from '../../src/calendar.js';
import type { Clerk } from '../../src/domain.js';
import { CHANGE_LABEL, changesAgainstIssued, clerkChanges, type ChangeKind } from '../../src/rules/pay-changes.js';
import type { IssuedRow } from '../../src/schema/issued.js';
import { payEntry, type EntryPay } from '../../src/rules/payroll-month.js';
import type { PolicyView } from '../../src/rules/policy-view.js';
import { clerk, entry, policy } from '../helpers/clerks.js';
import { d, m } from '../helpers/dates.js';

const NO_DUPS = { rows: new Set<number>(), findings: () => [] };
const pay = (c: Clerk, month: IsoMonth, p: PolicyView = policy): EntryPay => payEntry(entry(c), month, p, NO_DUPS).pay;

/** The built-in policy, with the 学历补贴 for a bachelor raised to 150 from 2025-06-01. */
const raised: PolicyView = {
  effective: policy.effective,
  at: ((path, date: IsoDate) => {
    const r = policy.at(path, date);
    if (path !== 'payroll.education_allowance' || date < d('2025-06-01')) return r;
    return { ...r, from: d('2025-06-01'), value: { ...(r.value as object), bachelor: 150 } };
  }) as PolicyView['at'],
};

type Expected = Array<[ChangeKind, number, number]>; // kind, before, after
const cert3 = { grade: 3 as const, date: d('2020-06-15') };

describe('clerkChanges', () => {
  it.each<[string, Partial<Clerk>, string, Expected, PolicyView?]>([
    ['nothing moved', { cert: cert3 }, '2025-08', []],
    ['年限 crosses 5 years on 2025-06-15 (evaluated at the month’s end)', { cert: cert3 }, '2025-06', [['seniority_tier', 20, 50]]],
    ['a new certificate: 技能 and 年限 both start', { cert: { grade: 4, date: d('2025-06-10') } }, '2025-06', [['certificate', 0, 150]]],
    ['a certificate upgraded (三级 → 二级 dated in June)', { cert: { grade: 2, date: d('2025-06-10') }, continuousStart: d('2019-01-01') }, '2025-06', [['certificate', 0, 400]]],
    ['probation ends on 2025-06-10: 学历 is paid from June (技能 was paid during probation)', { cert: cert3, startDate: d('2025-02-20'), probationEnd: d('2025-06-10') }, '2025-06', [['probation_ended', 0, 100]]],
    ['starts on 2025-06-01 (no probation recorded)', { startDate: d('2025-06-01') }, '2025-06', [['started', 0, 100]]],
    ['starts on probation: only 技能 is paid', { startDate: d('2025-06-01'), probationEnd: d('2025-08-31'), cert: cert3 }, '2025-06', [['started', 0, 200]]],
    ['starts without a certificate, on probation: nothing yet, still listed', { startDate: d('2025-06-01'), probationEnd: d('2025-08-31') }, '2025-06', [['started', 0, 0]]],
    ['leaves on 2025-05-31', { leaveDate: d('2025-05-31'), cert: cert3 }, '2025-06', [['left', 320, 0]]],
    ['the 学历补贴 standard is raised from 2025-06-01', {}, '2025-06', [['policy_value', 100, 150]], raised],
  ])('%s', (_, over, month, expected, p = policy) => {
    const c = clerk(over);
    const prev = `${month.slice(0, 5)}${String(Number(month.slice(5)) - 1).padStart(2, '0')}` as IsoMonth;
    const rows = clerkChanges(pay(c, prev, p), pay(c, m(month), p));
    expect(rows.map((r) => [r.kind, r.before, r.after])).toEqual(expected);
    for (const r of rows) expect(r.delta).toBe(r.after - r.before);
  });

  it('stopped (data made wrong since) and resumed name the error codes and the whole amount', () => {
    const c = clerk({ cert: cert3 });
    const paid = pay(c, m('2025-06'));
    const invalid: EntryPay = { status: 'invalid', who: paid.who, codes: ['VALUE_REQUIRED'], because: '数据有误，本月不予计发：「学历」为空' };
    const [stopped] = clerkChanges(paid, invalid);
    expect([stopped!.kind, stopped!.before, stopped!.after, stopped!.delta, stopped!.codes]).toEqual(['stopped', 350, 0, -350, ['VALUE_REQUIRED']]);
    expect(stopped!.detail).toContain('学历');
    const [resumed] = clerkChanges(invalid, paid);
    expect([resumed!.kind, resumed!.before, resumed!.after]).toEqual(['resumed', 0, 350]);
  });

  it('cites the clauses of the items that moved', () => {
    const c = clerk({ cert: cert3 });
    const [tier] = clerkChanges(pay(c, m('2025-05')), pay(c, m('2025-06')));
    expect(tier!.clause).toBe('二(二)5(3)');
    const [left] = clerkChanges(pay(clerk({ cert: cert3, leaveDate: d('2025-05-31') }), m('2025-05')), pay(clerk({ cert: cert3, leaveDate: d('2025-05-31') }), m('2025-06')));
    expect(left!.clause).toBe('二(二)5(2)、二(二)5(3)、二(二)5(4)');
  });
});

describe('changesAgainstIssued (--previous): a row issued last month and invalid now (issue 21.8)', () => {
  const issued = (total: number): IssuedRow[] => [{ row: 4, key: { by: 'employeeNo', value: 'E001' }, name: '张三', total }];
  const against = (c: Clerk, total: number) => [...changesAgainstIssued([entry(c)], m('2025-05'), m('2025-06'), policy, NO_DUPS, issued(total))];
  it('is 改为不发放 with its codes and the whole amount issued, not 花名册无法解释', () => {
    const rows = against(clerk({ cert: cert3, leaveDate: d('2019-12-31') }), 320); // 离岗 before 上岗: DATE_ORDER
    expect(rows.map((r) => [r.kind, r.before, r.after, r.delta, r.codes])).toEqual([['stopped', 320, 0, -320, ['DATE_ORDER']]]);
    expect(CHANGE_LABEL[rows[0]!.kind]).toBe('改为不发放');
    expect(rows[0]!.detail).toMatch(/^上月实发 320 元（发放表第 4 行）；数据有误，本月不予计发：离岗日期 2019-12-31 早于上岗日期 2020-01-01/);
  });
  it('a valid row paid differently from what the roster says is still 花名册无法解释', () => {
    expect(against(clerk({ cert: cert3 }), 300).map((r) => [r.kind, r.delta])).toEqual([['unexplained', 20], ['seniority_tier', 30]]);
  });
  it('an invalid row nobody was paid for last month: nothing to explain', () => {
    expect(against(clerk({ cert: cert3, leaveDate: d('2019-12-31') }), 0)).toEqual([]);
  });
});
