// docs/contract.md §4.3 at each boundary, as tables.
import { d } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import { issueForOutput } from '../../src/report/meta.js';
import type { Center } from '../../src/schema/centers.js';
import { checkStaffing, centerKey, rosterOnPost, type RosterCounts } from '../../src/rules/staffing.js';
import { findDuplicates } from '../../src/rules/identity.js';
import type { Clerk } from '../../src/domain.js';
import type { RosterEntry } from '../../src/schema/roster.js';
import { clerk, entry, policy, withValues } from '../helpers/clerks.js';

const district = (over: Partial<Center> = {}): Center => ({ row: 2, name: '宿城区政务服务中心', level: 'district', type: 'general', windows: 20, clerks: 20, ...over });
const town = (over: Partial<Center> = {}): Center => ({
  row: 3, name: '耿车镇便民服务中心', level: 'town', type: 'general', windows: 4, clerks: 4, direct: 2, hrSocial: 1, civilAffairs: 1, ...over,
});
const codes = (c: Center, roster?: RosterCounts) => checkStaffing([c], d('2025-06-30'), policy, roster).issues.map((i) => i.code);

describe('windows 二(二)1', () => {
  it.each<[string, Center, string[]]>([
    ['district with 20', district(), []],
    ['district with 19', district({ windows: 19, clerks: 19 }), ['WINDOWS_BELOW_MIN']],
    ['一般 town with 4', town(), []],
    ['一般 town with 3', town({ windows: 3, clerks: 3 }), ['WINDOWS_BELOW_MIN']],
    ['小城市 with 6', town({ type: 'small_city', windows: 6, clerks: 6 }), []],
    ['小城市 with 5', town({ type: 'small_city', windows: 5, clerks: 5 }), ['WINDOWS_BELOW_MIN']],
    ['城区中心街道 with 6', town({ type: 'central_subdistrict', windows: 6, clerks: 6 }), []],
    ['城区中心街道 with 5', town({ type: 'central_subdistrict', windows: 5, clerks: 5 }), ['WINDOWS_BELOW_MIN']],
    ['a village station has no window minimum', { row: 4, name: '大众社区便民服务站', level: 'village', type: 'general', windows: 1, clerks: 1 }, []],
  ])('%s', (_, c, expected) => expect(codes(c)).toEqual(expected));

  it('names required, actual and clause', () => {
    const issue = issueForOutput(checkStaffing([district({ windows: 19, clerks: 19 })], d('2025-06-30'), policy).issues[0]!, false);
    expect(issue).toMatchObject({ severity: 'error', center: '宿城区政务服务中心', required: 20, actual: 19, clause: '二(二)1' });
    expect(issue.message).toBe('第 2 行：宿城区政务服务中心 窗口 19 个，少于规定的 20 个（二(二)1）');
  });
});

describe('clerks per window 二(二)1 (1:1), every level', () => {
  it.each<[string, Center, string[]]>([
    ['equal to windows', town({ clerks: 4 }), []],
    ['one fewer', town({ clerks: 3 }), ['CLERK_RATIO_BELOW_MIN']],
    ['district one fewer', district({ clerks: 19 }), ['CLERK_RATIO_BELOW_MIN']],
    ['village one fewer', { row: 4, name: '站', level: 'village', type: 'general', windows: 2, clerks: 1 }, ['CLERK_RATIO_BELOW_MIN']],
  ])('%s', (_, c, expected) => expect(codes(c)).toEqual(expected));
});

describe('town staff 二(一)2: 直属 ≥ 2, 人社 ≥ 1, 民政 ≥ 1', () => {
  it.each<[string, Partial<Center>, string[]]>([
    ['2/1/1', {}, []],
    ['直属 one short', { direct: 1 }, ['TOWN_STAFF_BELOW_MIN']],
    ['人社 one short', { hrSocial: 0 }, ['TOWN_STAFF_BELOW_MIN']],
    ['民政 one short', { civilAffairs: 0 }, ['TOWN_STAFF_BELOW_MIN']],
    ['all short: one finding each', { direct: 0, hrSocial: 0, civilAffairs: 0 }, ['TOWN_STAFF_BELOW_MIN', 'TOWN_STAFF_BELOW_MIN', 'TOWN_STAFF_BELOW_MIN']],
  ])('%s', (_, over, expected) => expect(codes(town(over))).toEqual(expected));
});

describe('--roster cross-check', () => {
  const counts = (pairs: Array<[string, number]>): RosterCounts => new Map(pairs.map(([n, c]) => [centerKey(n), { name: n, count: c }]));
  it('uses the roster count, warns when the declared number differs', () => {
    const r = checkStaffing([town({ clerks: 5 })], d('2025-06-30'), policy, counts([['耿车镇便民服务中心', 3]]));
    expect(r.issues.map((i) => i.code)).toEqual(['HEADCOUNT_MISMATCH', 'CLERK_RATIO_BELOW_MIN']);
    expect(r.centers[0]).toMatchObject({ clerks: 3, clerksSource: 'roster' });
  });
  it('matches centre names however they are spaced or written', () => {
    const r = checkStaffing([town({ clerks: 4 })], d('2025-06-30'), policy, counts([['耿车镇 便民服务中心', 4]]));
    expect(r.issues).toEqual([]);
  });
  it('reports a centre present only in the roster', () => {
    const r = checkStaffing([town()], d('2025-06-30'), policy, counts([['耿车镇便民服务中心', 4], ['开发区服务点', 2]]));
    expect(r.issues.map((i) => issueForOutput(i, false)).map((i) => [i.code, i.center, i.severity])).toEqual([['CENTER_UNKNOWN', '开发区服务点', 'warning']]);
  });
  it('a centre with nobody on post in the roster counts 0', () => {
    expect(checkStaffing([town({ clerks: undefined })], d('2025-06-30'), policy, counts([])).issues.map((i) => i.code)).toEqual(['CLERK_RATIO_BELOW_MIN']);
  });
});

describe('clerks required for a fractional ratio are rounded up (不低于)', () => {
  // 5 windows × 1.25 = 6.25 clerks: 7 are needed; floor or round would ask for 6.
  const ratio = withValues({ 'staffing.clerks_per_window': 1.25 });
  const found = (clerks: number) => checkStaffing([town({ windows: 5, clerks })], d('2025-06-30'), ratio).issues.filter((i) => i.code === 'CLERK_RATIO_BELOW_MIN');
  it.each([
    [6, 1],
    [7, 0],
  ])('%i clerks at 5 windows, 1.25:1 → %i findings', (clerks, n) => expect(found(clerks)).toHaveLength(n));
  it('names 7 as required', () => expect(found(6)[0]!.data).toMatchObject({ required: 7, actual: 6 }));
});

describe('rosterOnPost: who a centre has on the as-of date', () => {
  const at = (row: number, center: string, over: Partial<Clerk> = {}) =>
    entry(clerk({ row, staffId: `E${row}`, employeeNo: `E${row}`, center, ...over }));
  const count = (entries: RosterEntry[], asOf = '2025-06-30') =>
    Object.fromEntries([...rosterOnPost(entries, d(asOf), findDuplicates(entries), policy).counts.values()].map((c) => [c.name, c.count]));
  it.each<[string, RosterEntry[], Record<string, number>]>([
    ['one on post', [at(2, '甲镇便民服务中心')], { 甲镇便民服务中心: 1 }],
    ['started the day after: not counted', [at(2, '甲镇便民服务中心', { startDate: d('2025-07-01') })], {}],
    ['started that day: counted', [at(2, '甲镇便民服务中心', { startDate: d('2025-06-30') })], { 甲镇便民服务中心: 1 }],
    ['left that day: still counted', [at(2, '甲镇便民服务中心', { leaveDate: d('2025-06-30') })], { 甲镇便民服务中心: 1 }],
    ['left the day before: not counted', [at(2, '甲镇便民服务中心', { leaveDate: d('2025-06-29') })], {}],
    ['a row without a clerk (unreadable) is not counted', [{ ...at(2, '甲镇便民服务中心'), clerk: undefined } as RosterEntry], {}],
    [
      'a person on two rows (same 工号) counts once',
      [at(2, '甲镇便民服务中心'), { ...at(3, '甲镇便民服务中心'), staffId: 'E2', employeeNo: 'E2', clerk: clerk({ row: 3, staffId: 'E2', employeeNo: 'E2', center: '甲镇便民服务中心' }) }],
      { 甲镇便民服务中心: 1 },
    ],
    ['centre names match whatever their spacing and width', [at(2, '甲镇便民服务中心'), at(3, ' 甲镇便民服务中心　')], { 甲镇便民服务中心: 2 }],
  ])('%s', (_, entries, expected) => expect(count(entries)).toEqual(expected));
  it('reports every row’s own findings (a duplicate, an impossible date) in the same pass', () => {
    const es = [at(2, '甲'), { ...at(3, '甲'), staffId: 'E2', employeeNo: 'E2' }, at(4, '甲', { leaveDate: d('2019-01-01') })];
    const codes = rosterOnPost(es, d('2025-06-30'), findDuplicates(es), policy).issues.map((i) => i.code);
    expect(codes.sort()).toEqual(['DATE_ORDER', 'DUPLICATE_STAFF', 'DUPLICATE_STAFF']);
  });
});
