// 报送情况 and the quota's denominator (二(二)8(1)): who filed which month, and 窗口工作人员总数.
import { describe, expect, it } from 'vitest';
import { filedWithRoster, filingsOf, onPostByMonth } from '../../src/rules/filings.js';
import { collectRatings, noRatings } from '../../src/schema/ratings.js';
import { textCell } from '../../src/io/cell.js';
import type { DataRow } from '../../src/io/table.js';
import { monthlyQuota, type RatedClerk } from '../../src/rules/annual.js';
import { messageOf } from '../../src/issues/catalogue.js';
import type { Rating } from '../../src/schema/ratings.js';
import { clerk, policy } from '../helpers/clerks.js';
import { d } from '../helpers/dates.js';

const A = '甲镇便民服务中心';
const B = '乙镇便民服务中心';
const filed = (entries: Array<[string, string, number[]]>) => {
  const m = new Map<string, Map<string, Set<number>>>();
  for (const [center, month, files] of entries) {
    if (!m.has(center)) m.set(center, new Map());
    m.get(center)!.set(month, new Set(files));
  }
  return m;
};
const FILES = ['甲镇.xlsx', '乙镇.csv', '补报.xlsx'];

describe('onPostByMonth', () => {
  it('counts each centre’s clerks on post in each month, a person once', () => {
    const on = onPostByMonth(
      [
        clerk({ staffId: 'E1', center: A, startDate: d('2020-01-01') }),
        clerk({ staffId: 'E2', center: A, startDate: d('2025-03-15') }),
        clerk({ staffId: 'E3', center: A, startDate: d('2020-01-01'), leaveDate: d('2025-10-31') }),
        clerk({ staffId: 'E3', center: A, startDate: d('2020-01-01') }), // the same person twice
        clerk({ staffId: 'F1', center: ` ${B}`, startDate: d('2026-01-01') }),
      ],
      2025,
    );
    expect([...on.values()].map((v) => [v.name, v.months])).toEqual([
      [A, [2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2]],
      [` ${B}`, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ]);
  });
});

describe('filingsOf', () => {
  it.each<[string, Array<[string, string, number[]]>, boolean, string[]]>([
    ['filed every month', Array.from({ length: 12 }, (_, i) => [A, `2025-${String(i + 1).padStart(2, '0')}`, [0]] as [string, string, number[]]), true, []],
    ['March missing while clerks were on post', Array.from({ length: 12 }, (_, i) => i).filter((i) => i !== 2).map((i) => [A, `2025-${String(i + 1).padStart(2, '0')}`, [0]] as [string, string, number[]]), true, ['2025-03']],
    ['a month written without its year counts for the year', [[A, '*-01', [0]]], true, Array.from({ length: 11 }, (_, i) => `2025-${String(i + 2).padStart(2, '0')}`)],
    ['without a roster nothing is known to be missing', [[A, '2025-01', [0]]], false, []],
  ])('%s', (_, entries, withRoster, missing) => {
    const onPost = withRoster ? onPostByMonth([clerk({ staffId: 'E1', center: A })], 2025) : undefined;
    const r = filingsOf(filed(entries), FILES, 2025, policy, onPost);
    expect(r.issues.map((i) => (i.data as { month: string }).month)).toEqual(missing);
    expect(r.issues.every((i) => i.code === 'RATINGS_NOT_FILED' && i.clause === '二(二)8(1)')).toBe(true);
  });

  it('names the files each month came from, a centre spelt two ways once, and a centre only the roster knows', () => {
    const r = filingsOf(filed([[A, '2025-01', [0]], [`${A} `, '2025-01', [2]], [A, '2025-02', [0]]]), FILES, 2025, policy, onPostByMonth([clerk({ staffId: 'E1', center: A }), clerk({ staffId: 'F1', center: B, startDate: d('2025-12-01') })], 2025));
    expect(r.centres.map((c) => [c.center, c.months.slice(0, 3)])).toEqual([
      [A, [{ status: 'filed', files: ['甲镇.xlsx', '补报.xlsx'] }, { status: 'filed', files: ['甲镇.xlsx'] }, { status: 'missing', onPost: 1 }]],
      [B, [{ status: 'none' }, { status: 'none' }, { status: 'none' }]],
    ]);
    expect(messageOf(r.issues.find((i) => i.center === B)!)).toBe(`${B} 2025-12 有 1 名办事员在岗（花名册），但所读的文件中没有该中心这个月的考核，视为未报送（二(二)8(1)）`);
  });
});

describe('filedWithRoster: rows without 所属中心 filed by the roster’s centre (issue 21.3)', () => {
  /** A file with only 工号/月份/等次 (no centre), and another with the centre. */
  async function read() {
    const c = noRatings();
    for (const [file, keys, rows] of [
      ['无中心.csv', ['employeeNo', 'period', 'rating'], [['E1', '2025-01', '好'], ['E1', '2025-02', '一般'], ['E9', '2025-01', '一般']]],
      ['乙镇.csv', ['employeeNo', 'center', 'period', 'rating'], [['F1', B, '2025-01', '一般']]],
    ] as const) {
      const columns = new Map<string, number>(keys.map((k, i) => [k, i]));
      const data: DataRow[] = rows.map((r, i) => ({ row: i + 2, get: (k: string) => textCell(r[columns.get(k)!] ?? '') }));
      await collectRatings((async function* () { yield data; })(), columns, new Map(), () => {}, c, { file, many: true });
    }
    return c;
  }
  it('places each month of such a clerk in the centre matched to it; a clerk with no centre stays unplaced', async () => {
    const c = await read();
    const placed = filedWithRoster(c.filed, c.clerks.values(), new Map([['E1', A], ['F1', B], ['E9', undefined]]));
    const r = filingsOf(placed, c.files, 2025, policy);
    expect(r.centres.map((x) => [x.center, x.months.slice(0, 3).map((m) => (m.status === 'filed' ? m.files.join('、') : m.status))])).toEqual([
      [B, ['乙镇.csv', 'none', 'none']],
      [A, ['无中心.csv', '无中心.csv', 'none']],
    ]);
    expect(filingsOf(c.filed, c.files, 2025, policy).centres.map((x) => x.center)).toEqual([B]); // without the roster's centres
  });
});

describe('monthlyQuota: 窗口工作人员总数', () => {
  const ms = (s: string): Rating[] => [...s].map((c) => ({ 好: 'good', 般: 'fair', 差: 'poor', _: 'none' })[c] as Rating);
  const rated = (n: number, good: number): RatedClerk[] =>
    Array.from({ length: n }, (_, i) => ({ staffId: `E${i}`, name: `${i}`, center: A, row: i + 2, months: ms((i < good ? '好' : '般') + '___________') }));
  it.each<[string, number, number, number | undefined, number, number]>([
    ['no roster: those rated (5 → limit 1)', 5, 2, undefined, 5, 1],
    ['roster: 10 on post, 5 rated → limit 2', 5, 2, 10, 10, 2],
    ['roster shows nobody that month: those rated', 5, 1, 0, 5, 1],
    ['roster shows fewer on post than rated (rows it could not read): those rated', 5, 1, 3, 5, 1],
    ['roster shows more on post than rated (some without a rating): those on post', 4, 1, 15, 15, 3],
  ])('%s', (_, n, good, onPost, staff, limit) => {
    const on = onPost === undefined ? undefined : new Map([[A, { name: A, months: [onPost, ...new Array<number>(11).fill(0)] }]]);
    const q = monthlyQuota(rated(n, good), 2025, policy, on).quota[0]!;
    expect([q.staff, q.rated, q.onPost, q.limit, q.ok]).toEqual([staff, n, onPost, limit, good <= limit]);
  });
});
